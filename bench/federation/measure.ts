import { join } from 'node:path';
import { fetchAnswer, isGoodAnswer, type Answer } from './answer';
import { countsBetween, settledSubgraphCounts, totalOf, type SubgraphCounts } from './counters';
import { coreUsage, processCpuShare } from './cpu';
import type { GatewayUnderTest, LaunchContext } from './gateways/kinds';
import { runLoad, type LoadResult } from './load';
import { processTree, sampleTreeMemory } from './memory';
import { assertPortFree, startPinned, waitFor } from './processes';

/**
 * One gateway, one round: start it pinned on its core, wait until it answers the benchmark's
 * query, warm it, take one answer for the equality check, then load it for the measured seconds
 * while its process tree's memory is sampled, and stop it.
 */
export interface Measurement {
  round: number;
  gateway: string;
  load: LoadResult;
  /** Peak summed RSS of the gateway's process tree from start to stop. */
  peakMemoryMb: number;
  subgraphRequests: SubgraphCounts;
  /** Subgraph requests over queries sent in the measured load (counts settled before and after). */
  subgraphRequestsPerQuery: number;
  /** Busy % per core during the measured load (all processes on the machine). */
  cpuBusy: Record<string, number>;
  /** The gateway's process tree's own CPU during the measured load, % of one core. */
  gatewayCpu: number;
  answer: Answer;
}

export interface MeasureSettings {
  round: number;
  gatewayCpus: string;
  otherCpus: string;
  connections: number;
  warmupS: number;
  durationS: number;
  logDir: string;
}

export async function measure(gateway: GatewayUnderTest, context: LaunchContext, settings: MeasureSettings): Promise<Measurement> {
  await assertPortFree(context.port);
  await assertPortFree(context.adminPort);
  const launch = gateway.launch(context);
  const url = `http://127.0.0.1:${context.port}/graphql`;
  const proc = startPinned({ name: gateway.label, cpus: settings.gatewayCpus, ...launch, cwd: context.root, logFile: join(settings.logDir, `${gateway.id.replace(':', '-')}.log`) });
  const memory = sampleTreeMemory(proc.pid);
  try {
    await waitFor(proc, 'an answer to the benchmark query', async () => isGoodAnswer(await fetchAnswer(url)));
    const loadSpec = { url, connections: settings.connections };
    if (settings.warmupS > 0) await runLoad({ ...loadSpec, durationS: settings.warmupS }, settings.otherCpus, context.baseEnv, context.root);
    const answer = await fetchAnswer(url);
    const before = await settledSubgraphCounts();
    const usage = coreUsage();
    const gatewayShare = processCpuShare(() => processTree(proc.pid));
    const load = await runLoad({ ...loadSpec, durationS: settings.durationS }, settings.otherCpus, context.baseEnv, context.root);
    const cpuBusy = usage();
    const gatewayCpu = gatewayShare();
    const subgraphRequests = countsBetween(before, await settledSubgraphCounts());
    if (proc.hasExited()) throw new Error(`${gateway.label} ended during the load (${proc.howItEnded()}; see its log)`);
    return {
      round: settings.round,
      gateway: gateway.id,
      load,
      peakMemoryMb: memory.stop(),
      subgraphRequests,
      subgraphRequestsPerQuery: load.sent > 0 ? totalOf(subgraphRequests) / load.sent : 0,
      cpuBusy,
      gatewayCpu,
      answer,
    };
  } finally {
    memory.stop();
    await proc.stop();
  }
}
