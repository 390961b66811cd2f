import type { Variant } from './config';
import type { GatewayUnderTest } from './gateways/kinds';
import type { Measurement } from './measure';

/**
 * The printed tables: one per variant (in-flight merging on / off), one row per gateway, the
 * median over rounds of each figure. Ratios are taken within each round (the gateway's req/s
 * over stock @apollo/gateway's, or Hive Gateway's, in the same round, minutes apart on the same
 * machine) and then the median over rounds, which cancels slow drifts of the machine.
 */
export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Row {
  gateway: string;
  label: string;
  rounds: number;
  requestsPerSecond: number;
  vsStock: number;
  vsHive: number;
  p50Ms: number;
  p99Ms: number;
  peakMemoryMb: number;
  subgraphRequestsPerQuery: number;
  /** Summed over rounds: connection errors, timeouts and 200s with GraphQL errors. */
  errors: number;
  non200: number;
  /** The gateway's own CPU, % of one core (near 100: it had its core to itself and was the limit). */
  gatewayCpu: number;
  /** How busy the other core(s) were, every process included (near 100: the subgraphs or the load were the limit). */
  otherCpuBusy: number;
}

const HIVE_OF: Record<Variant, string> = { 'dedup-on': 'hive:dedup-on', 'dedup-off': 'hive:dedup-off' };

function ratioPerRound(measurements: Measurement[], gateway: string, baseline: string): number {
  const ratios: number[] = [];
  for (const m of measurements.filter((x) => x.gateway === gateway)) {
    const base = measurements.find((x) => x.gateway === baseline && x.round === m.round);
    if (base && base.load.requestsPerSecond > 0) ratios.push(m.load.requestsPerSecond / base.load.requestsPerSecond);
  }
  return median(ratios);
}

/** Median busy % of the cores in a taskset list such as `1` or `2-3` or `1,3`. */
function busyOf(m: Measurement, list: string): number {
  const cores = list.split(',').flatMap((part) => {
    const [from, to] = part.split('-').map(Number);
    return Array.from({ length: (to ?? from!) - from! + 1 }, (_, i) => from! + i);
  });
  return median(cores.map((c) => m.cpuBusy[`cpu${c}`] ?? NaN).filter((n) => !Number.isNaN(n)));
}

export function rowsFor(variant: Variant, gateways: GatewayUnderTest[], measurements: Measurement[], otherCpus: string): Row[] {
  return gateways
    .filter((g) => g.variants.includes(variant))
    .map((g) => {
      const mine = measurements.filter((m) => m.gateway === g.id);
      const of = (f: (m: Measurement) => number) => median(mine.map(f));
      return {
        gateway: g.id,
        label: g.label,
        rounds: mine.length,
        requestsPerSecond: of((m) => m.load.requestsPerSecond),
        vsStock: ratioPerRound(measurements, g.id, 'apollo'),
        vsHive: ratioPerRound(measurements, g.id, HIVE_OF[variant]),
        p50Ms: of((m) => m.load.p50Ms),
        p99Ms: of((m) => m.load.p99Ms),
        peakMemoryMb: of((m) => m.peakMemoryMb),
        subgraphRequestsPerQuery: of((m) => m.subgraphRequestsPerQuery),
        errors: mine.reduce((sum, m) => sum + m.load.errors + m.load.timeouts + m.load.graphqlErrors, 0),
        non200: mine.reduce((sum, m) => sum + m.load.non2xx, 0),
        gatewayCpu: of((m) => m.gatewayCpu),
        otherCpuBusy: of((m) => busyOf(m, otherCpus)),
      };
    });
}

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

export function formatTable(title: string, rows: Row[]): string {
  const header = ['gateway', 'req/s', '×stock', '×hive', 'p50 ms', 'p99 ms', 'peak MB', 'subgraph req/query', 'errors', 'non-200', 'cpu gw/other %'];
  const lines = rows.map((r) => [
    r.label,
    fixed(r.requestsPerSecond, 1),
    fixed(r.vsStock, 2),
    fixed(r.vsHive, 2),
    fixed(r.p50Ms, 0),
    fixed(r.p99Ms, 0),
    fixed(r.peakMemoryMb, 0),
    fixed(r.subgraphRequestsPerQuery, 2),
    String(r.errors),
    String(r.non200),
    `${fixed(r.gatewayCpu, 0)}/${fixed(r.otherCpuBusy, 0)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [title, format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(format)].join('\n');
}

/** Below this share of its core, something else ran on the gateway's core during the round. */
const GATEWAY_CPU_FLOOR = 85;
/** Above this, the other core (subgraphs, load generator, and anything else) was saturated. */
const OTHER_CPU_CEILING = 90;

/** Rounds whose figures are suspect because the gateway did not have its core, or the other core was full. */
export function disturbances(measurements: Measurement[], otherCpus: string, labelOf: (id: string) => string): string[] {
  const out: string[] = [];
  for (const m of measurements) {
    const other = busyOf(m, otherCpus);
    if (m.gatewayCpu < GATEWAY_CPU_FLOOR) out.push(`round ${m.round}, ${labelOf(m.gateway)}: the gateway used only ${m.gatewayCpu}% of its core (other work on the machine, or it waited on something)`);
    if (other > OTHER_CPU_CEILING) out.push(`round ${m.round}, ${labelOf(m.gateway)}: the other core was ${other}% busy (the subgraphs or the load generator may have been the limit)`);
  }
  return out;
}
