import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { connect } from 'node:net';

/**
 * The bench's child processes: each pinned to its cores with `taskset -c` (taskset execs the
 * command, so the child's pid is the command's), in a process group of its own so that a gateway
 * that forks workers is stopped whole, with its output in a log file.
 */
export interface Pinned {
  name: string;
  pid: number;
  child: ChildProcess;
  exited: Promise<void>;
  hasExited(): boolean;
  /** How it ended (`exit code 1`, `signal SIGKILL`), for messages; empty while it runs. */
  howItEnded(): string;
  stop(): Promise<void>;
}

export interface PinnedSpec {
  name: string;
  cpus: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  logFile: string;
}

/** Every process started here and not yet exited, so that Ctrl-C can stop them all (they are in groups of their own, which a terminal's Ctrl-C does not reach). */
const live = new Set<Pinned>();

export async function stopEverything(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop()));
}

export function startPinned(spec: PinnedSpec): Pinned {
  const log = openSync(spec.logFile, 'a');
  const child = spawn('taskset', ['-c', spec.cpus, spec.command, ...spec.args], { cwd: spec.cwd, env: spec.env, stdio: ['ignore', log, log], detached: true });
  closeSync(log);
  let done = false;
  let ended = '';
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      ended = signal ? `signal ${signal}` : `exit code ${code}`;
      resolve();
    });
    // taskset missing, say: the process never ran.
    child.once('error', (error) => {
      done = true;
      ended = error.message;
      resolve();
    });
  });
  if (child.pid === undefined) throw new Error(`${spec.name} did not start (is taskset installed?)`);
  const pid = child.pid;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is gone already
    }
  };
  const pinned: Pinned = {
    name: spec.name,
    pid,
    child,
    exited,
    hasExited: () => done,
    howItEnded: () => ended,
    async stop() {
      if (!done) {
        signalGroup('SIGTERM');
        const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      // Workers of a gateway that outlived their parent.
      signalGroup('SIGKILL');
    },
  };
  live.add(pinned);
  void exited.then(() => live.delete(pinned));
  return pinned;
}

/** Polls `probe` until it says yes, the process exits, or the deadline passes. */
export async function waitFor(proc: Pinned, what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.hasExited()) throw new Error(`${proc.name} ended (${proc.howItEnded()}) before ${what} (see its log)`);
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${proc.name}: no ${what} within ${timeoutMs / 1000}s (see its log)`);
}

/**
 * Refuses a port something else already listens on: the readiness probe would otherwise be
 * answered by that process, and the bench would measure it instead of the one it started.
 */
export function assertPortFree(port: number, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      reject(new Error(`port ${port} is in use by another process; stop it or choose other ports (docs/federation-benchmark.md)`));
    });
    socket.once('error', () => resolve());
  });
}
