import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * How busy each core was over an interval (from /proc/stat), to show that the core the subgraphs
 * and the load generator share was not what limited a gateway (it should stay below ~90%).
 */
type Ticks = Map<string, { busy: number; total: number }>;

function ticks(): Ticks {
  const out: Ticks = new Map();
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const match = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const values = match[2]!.trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal: idle and iowait are the idle part.
    const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    out.set(match[1]!, { busy: total - idle, total });
  }
  return out;
}

/** Starts measuring; the returned function gives each core's busy share (0–100) since then. */
export function coreUsage(): () => Record<string, number> {
  const start = ticks();
  return () => {
    const end = ticks();
    const out: Record<string, number> = {};
    for (const [core, e] of end) {
      const s = start.get(core);
      if (!s || e.total === s.total) continue;
      out[`cpu${core}`] = Math.round((100 * (e.busy - s.busy)) / (e.total - s.total));
    }
    return out;
  };
}

let clockTicks: number | undefined;
/** Kernel clock ticks per second (utime and stime in /proc/<pid>/stat are in these). */
function ticksPerSecond(): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return clockTicks;
}

function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
  } catch {
    return 0;
  }
}

/**
 * Starts measuring the CPU the given processes use; the returned function gives their share of
 * one core (0–100) since then. A gateway pinned on a core of its own should be near 100 under
 * load: much less means other work on the machine took its core, and the round is suspect.
 */
export function processCpuShare(pids: () => number[]): () => number {
  const start = Date.now();
  const before = new Map(pids().map((pid) => [pid, cpuSecondsOf(pid)]));
  return () => {
    const seconds = pids().reduce((sum, pid) => sum + cpuSecondsOf(pid) - (before.get(pid) ?? 0), 0);
    return Math.round((100 * seconds) / ((Date.now() - start) / 1000));
  };
}
