import { execFile, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** One burst of load from load-worker.ts, run pinned with `taskset -c` (apart from the gateway). */
export interface LoadSpec {
  url: string;
  connections: number;
  durationS: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  /** Requests sent, including those still unanswered when the time was up. */
  sent: number;
  /** Answers received (any status). */
  completed: number;
  /** Answers with a 2xx status. */
  ok: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  /** Connection errors (refused, reset) and timeouts. */
  errors: number;
  timeouts: number;
  /** 200 answers whose body carried GraphQL errors. */
  graphqlErrors: number;
  durationS: number;
}

const WORKER = join(__dirname, 'load-worker.ts');
const running = new Set<ChildProcess>();

/** Stops any load generator still running (on Ctrl-C: the runner may be signalled alone). */
export function abortLoads(): void {
  for (const child of running) child.kill('SIGKILL');
}

export function runLoad(spec: LoadSpec, cpus: string, env: Record<string, string>, cwd: string): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'taskset',
      ['-c', cpus, process.execPath, '--import', 'tsx', WORKER, JSON.stringify(spec)],
      { cwd, env, timeout: (spec.durationS + 120) * 1_000, maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        running.delete(child);
        if (error) return reject(new Error(`load generator failed: ${stderr.trim() || error.message}`));
        try {
          resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as LoadResult);
        } catch {
          reject(new Error(`load generator gave no result: ${stdout.slice(0, 200)}`));
        }
      },
    );
    running.add(child);
  });
}
