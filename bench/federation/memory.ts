import { readdirSync, readFileSync } from 'node:fs';

/**
 * Peak resident memory of a process and all its descendants (a gateway may fork workers), as the
 * sum of VmRSS over the tree, sampled from /proc every ~50 ms. The tree is re-discovered every
 * ~500 ms (a scan of every process's parent); in between only the known members are read.
 */
const SAMPLE_MS = 50;
const RESCAN_EVERY = 10;

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: the parent is after the last ')'.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent === undefined) continue;
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

function rssKb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export interface MemorySampler {
  /** Peak of the summed RSS so far, in MB. */
  peakMb(): number;
  stop(): number;
}

export function sampleTreeMemory(root: number): MemorySampler {
  let tree = processTree(root);
  let peakKb = 0;
  let ticks = 0;
  const sample = () => {
    if (ticks++ % RESCAN_EVERY === 0) tree = processTree(root);
    peakKb = Math.max(peakKb, tree.reduce((sum, pid) => sum + rssKb(pid), 0));
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  const peakMb = () => Math.round((peakKb / 1024) * 10) / 10;
  return {
    peakMb,
    stop() {
      clearInterval(timer);
      sample();
      return peakMb();
    },
  };
}
