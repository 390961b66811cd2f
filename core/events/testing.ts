import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '@core/config/shared';

/**
 * Test support for the event flow: RabbitMQ's address and whether it answers, and consumer child
 * processes (consumer-child.ts) whose handler calls the test can read.
 */
export function testAmqpUrl(): string {
  // eslint-disable-next-line no-restricted-properties -- tests choose their server like tests/support/redis.ts
  return process.env.AMQP_URL?.trim() || 'amqp://guest:guest@127.0.0.1:5672';
}

/**
 * Why RabbitMQ at `url` cannot be used, or undefined when it accepts a connection and a channel.
 * Synchronous (a child process): jest must know while collecting a suite whether to run or skip it.
 */
export function amqpProblem(url: string, timeoutMs = 5_000): string | undefined {
  const script = `
    require('amqplib').connect(process.argv[1], { timeout: ${timeoutMs - 1_000} })
      .then(async (c) => { c.on('error', () => undefined); const ch = await c.createChannel(); await ch.close(); await c.close(); })
      .then(() => process.stdout.write(''), (e) => process.stdout.write(e && e.message ? e.message : String(e) || 'connection failed'));`;
  const result = spawnSync(process.execPath, ['-e', script, url], { cwd: REPO_ROOT, timeout: timeoutMs, encoding: 'utf8' });
  if (result.error) return result.error.message;
  if (result.status !== 0) return `the probe exited with ${result.status ?? result.signal}: ${result.stderr.trim().split('\n').pop() ?? ''}`;
  return result.stdout.trim() || undefined;
}

export interface HandlerCall {
  id: string;
  start: number;
  end: number | undefined;
  pid: number;
}

export interface ConsumerChild {
  process: ChildProcess;
  pid: number;
  calls: HandlerCall[];
  ready: Promise<void>;
  /** Resolves once this child has started handling `id`. */
  started(id: string, withinMs?: number): Promise<void>;
  exited: Promise<number | null>;
  stderr(): string;
}

export function startConsumerChild(args: Record<string, unknown>): ConsumerChild {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, 'consumer-child.ts'), JSON.stringify(args)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const calls: HandlerCall[] = [];
  const listeners = new Set<() => void>();
  let isReady = false;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const [what, id, at] = line.split(' ');
    if (what === 'READY') isReady = true;
    if (what === 'START') calls.push({ id: id!, start: Number(at), end: undefined, pid: child.pid! });
    if (what === 'END') {
      const call = calls.findLast((c) => c.id === id && c.end === undefined);
      if (call) call.end = Number(at);
    }
    for (const listener of listeners) listener();
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const waitFor = (condition: () => boolean, what: string, withinMs: number) =>
    new Promise<void>((resolveWait, reject) => {
      const check = () => {
        if (!condition()) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolveWait();
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`consumer child ${child.pid}: no ${what} within ${withinMs} ms; stderr: ${stderr.trim()}`));
      }, withinMs);
      listeners.add(check);
      void exited.then(() => {
        if (!condition()) {
          listeners.delete(check);
          clearTimeout(timer);
          reject(new Error(`consumer child ${child.pid} exited before ${what}: ${stderr.trim()}`));
        }
      });
      check();
    });
  return {
    process: child,
    pid: child.pid!,
    calls,
    ready: waitFor(() => isReady, 'READY', 20_000),
    started: (id, withinMs = 20_000) => waitFor(() => calls.some((c) => c.id === id), `START ${id}`, withinMs),
    exited,
    stderr: () => stderr,
  };
}
