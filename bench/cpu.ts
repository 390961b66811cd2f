import { readFileSync } from 'node:fs';

/**
 * CPU time a process has used so far (user + system, all its threads: the SQLite worker threads
 * are a subgraph's), in microseconds, from /proc (Linux). The bench reads it around each measured
 * run: CPU per request is steadier than req/s on a small shared machine, and it says where a
 * request's cost lies (load generator, gateway, subgraph) when they share the cores.
 */
const TICKS_PER_SECOND = 100;

export function cpuMicrosOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** This process's own CPU (the load generator's), in microseconds. */
export function ownCpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}
