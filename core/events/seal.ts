import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Personal data an event must carry for an entitled consumer (the applicant a notification goes to)
 * travels sealed: AES-256-GCM under a key only the publisher and those consumers hold
 * (GERBANG_EVENT_SEAL_KEY_FILE). The flow's log, RabbitMQ's queues and any other subscriber see an
 * opaque token; a token altered on the way does not open. Development mode uses a built-in key
 * whose value is published in this file, like the development hop keys.
 */
const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';

/** Published on purpose: development mode only (refused with NODE_ENV=production, as the hop keys). */
export const DEVELOPMENT_SEAL_KEY = Buffer.from('Z2VyYmFuZy1kZXZlbG9wbWVudC1ldmVudC1zZWFsISE=', 'base64');

export class EventSeal {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('an event seal key is 32 bytes (base64 in GERBANG_EVENT_SEAL_KEY_FILE)');
  }

  /** Reads the key file: 32 random bytes in base64 (`openssl rand -base64 32`). */
  static fromFile(path: string): EventSeal {
    return new EventSeal(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64'));
  }

  seal(text: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv(ALGORITHM, this.key, iv);
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /** The sealed text, or undefined for a token this key did not seal (or that was altered). */
  open(token: unknown): string | undefined {
    if (typeof token !== 'string') return undefined;
    const [version, iv, body, tag] = token.split('.');
    if (version !== VERSION || !iv || !body || !tag) return undefined;
    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

/** The seal from the environment: the key file, else the development key in development mode, else none. */
export function eventSealFrom(env: { GERBANG_EVENT_SEAL_KEY_FILE?: string; GERBANG_DEV_MODE?: boolean }, problems: string[]): EventSeal | undefined {
  if (env.GERBANG_EVENT_SEAL_KEY_FILE) {
    try {
      return EventSeal.fromFile(env.GERBANG_EVENT_SEAL_KEY_FILE);
    } catch (error) {
      problems.push(`GERBANG_EVENT_SEAL_KEY_FILE: ${(error as Error).message}`);
      return undefined;
    }
  }
  return env.GERBANG_DEV_MODE ? new EventSeal(DEVELOPMENT_SEAL_KEY) : undefined;
}
