import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/**
 * Redis for the suites that need a real one: REDIS_URL, or the local default. A Redis that cannot
 * be reached skips those suites with a message saying so, unless GERBANG_REQUIRE_SERVERS=1 (CI),
 * where they fail instead.
 */
export const REPO_ROOT = join(__dirname, '..', '..');

export function testRedisUrl(): string {
  return process.env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379';
}

export function serversRequired(): boolean {
  return process.env.GERBANG_REQUIRE_SERVERS === '1';
}


/**
 * Why Redis at `url` cannot be used, or undefined when it answers PING. Synchronous (a child
 * process), because jest must know while collecting the suite whether to run or skip it.
 */
export function redisProblem(url: string, timeoutMs = 3_000): string | undefined {
  const script = `
    const { Redis } = require('ioredis');
    const client = new Redis(process.argv[1], { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: ${timeoutMs - 500}, disconnectTimeout: 100, retryStrategy: () => null });
    let cause;
    client.on('error', (error) => { cause ??= error; });
    client.connect().then(() => client.ping()).then(
      (pong) => { client.disconnect(); process.stdout.write(pong === 'PONG' ? '' : 'unexpected answer to PING: ' + pong); },
      (error) => { client.disconnect(); error = cause ?? error; process.stdout.write(error && error.message ? error.message : String(error)); },
    );`;
  const result = spawnSync(process.execPath, ['-e', script, url], { cwd: REPO_ROOT, timeout: timeoutMs, encoding: 'utf8' });
  if (result.error) return result.error.message;
  if (result.status !== 0) return `the probe exited with ${result.status ?? result.signal}: ${result.stderr.trim().split('\n').pop() ?? ''}`;
  return result.stdout.trim() || undefined;
}

/** Deletes every key under `prefix` (a test's own prefix) and closes the connection. */
export async function deleteRedisKeys(url: string, prefix: string): Promise<number> {
  if (!/^[\w:.-]{8,}$/.test(prefix)) throw new Error(`refusing to delete keys under a short or unusual prefix: "${prefix}"`);
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await client.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    client.disconnect();
  }
}
