import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the REST and SOAP emulator bases share: a server that failure tests can stop (cutting
 * every open connection) and start again on the same port, counts of the calls received, latency
 * settings, and small request helpers.
 */
export interface CallCounts {
  /** Calls received under a name (a route, an operation), whatever their answer. */
  of(name: string): number;
  readonly total: number;
  snapshot(): Record<string, number>;
}

export class CallCounter implements CallCounts {
  private readonly byName = new Map<string, number>();
  private sum = 0;

  add(name: string): void {
    this.byName.set(name, (this.byName.get(name) ?? 0) + 1);
    this.sum += 1;
  }

  of(name: string): number {
    return this.byName.get(name) ?? 0;
  }

  get total(): number {
    return this.sum;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.byName);
  }
}

/** Added to every answer, or to one route's or operation's. */
export class Latency {
  private readonly perName = new Map<string, number>();

  constructor(private all = 0) {}

  /** `ms` for every answer from now on (forgetting per-name settings), or for `name` only. */
  set(ms: number, name?: string): void {
    if (name) {
      this.perName.set(name, Math.max(0, ms));
      return;
    }
    this.perName.clear();
    this.all = Math.max(0, ms);
  }

  for(name?: string): number {
    return (name !== undefined ? this.perName.get(name) : undefined) ?? this.all;
  }
}

/** Compares secrets (API keys, passwords) in constant time. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The request body as text, refused with `tooLarge()` past `maxBytes`. */
export async function readBodyText(request: IncomingMessage, maxBytes: number, tooLarge: () => Error): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// Unref'd: a call waiting out its latency must not keep a stopped emulator's process (or a test run) alive.
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * An HTTP server that stops for real (no new connections, open ones cut, requests in progress
 * unanswered) and restarts on the same port. `generation` changes at every stop: a handler that
 * was waiting when the server stopped compares it and drops its answer.
 */
export class RestartableServer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  generation = 0;

  constructor(
    private readonly handler: RequestListener,
    private port: number,
    private readonly host: string,
  ) {}

  get running(): boolean {
    return this.server !== undefined;
  }

  /** The port it listens on (the one picked when 0 was given). */
  get boundPort(): number {
    return this.port;
  }

  get urlHost(): string {
    return this.host.includes(':') ? `[${this.host}]` : this.host;
  }

  async listen(): Promise<void> {
    if (this.server) return;
    const next = createServer(this.handler);
    next.keepAliveTimeout = 5_000;
    next.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(this.port, this.host, () => {
        next.off('error', reject);
        resolve();
      });
    });
    this.port = (next.address() as AddressInfo).port;
    this.server = next;
  }

  async stop(): Promise<void> {
    const current = this.server;
    if (!current) return;
    this.server = undefined;
    this.generation += 1;
    const closed = new Promise<void>((resolve) => current.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }
}
