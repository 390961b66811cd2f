import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * Starting the project's processes (emulators, subgraphs, gateway) as separate Node processes,
 * waiting for them to be ready and stopping them cleanly. Used by `npm start` and `npm run bench`.
 */
const ROOT = join(__dirname, '..', '..');

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  /** Resolves when the process has exited (for whatever reason). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Starts `entry`: a TypeScript source through tsx, or a built JavaScript file (`.cjs`, `.mjs`,
 * `.js`: the gateway as `npm run gateway` builds it) as it is, with `nodeFlags` before it.
 */
export function startProcess(name: string, entry: string, env: Record<string, string | undefined>, options: { quiet?: boolean; nodeFlags?: string[] } = {}): RunningProcess {
  const built = /\.(c|m)?js$/.test(entry);
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...(built ? [] : ['--import', 'tsx']), join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, APOLLO_TELEMETRY_DISABLED: 'true', ...env },
    stdio: ['ignore', options.quiet ? 'ignore' : 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    name,
    child,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `url` until it answers 200, the process exits, or the deadline passes. */
export async function waitUntilReady(proc: RunningProcess, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void proc.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${proc.name} exited before it was ready (see its messages above)`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${proc.name} was not ready at ${url} within ${timeoutMs / 1000}s`);
}

/** Stops in reverse start order, one at a time: the gateway goes before the subgraphs it calls. */
export async function stopAll(processes: RunningProcess[]): Promise<void> {
  for (const proc of [...processes].reverse()) await proc.stop();
}
