/**
 * `npm start`: seed the emulated legacy estate if needed, start the subgraph(s) and the gateway
 * as separate processes, print where to go, and stop everything on Ctrl-C.
 */
import { loadGatewayConfig } from '../gateway/src/config';
import { loadCivilRegistryConfig } from '../subgraphs/civil-registry/src/config';
import { loadDeliveryConfig } from '../subgraphs/delivery/src/config';
import { loadDocumentsConfig } from '../subgraphs/documents/src/config';
import { loadMobilityConfig } from '../subgraphs/mobility/src/config';
import { loadPopulationConfig } from '../subgraphs/population/src/config';
import { loadServicesConfig } from '../subgraphs/services/src/config';
import { loadSimConfig } from '../legacy-sim/config';
import { provisionEstate } from '../legacy-sim/provision';
import { sampleResidents } from '../legacy-sim/siak/back-office';
import { httpUrl } from '@core/http/graphql-server';
import { locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { civilRegistryLegacyApps, deliveryLegacyApps, documentsLegacyApps, mobilityLegacyApps, populationLegacyApps, servicesLegacyApps, startLegacyApps, type LegacyAppProcess } from './lib/legacy-apps';
import { startProcess, stopAll, waitUntilReady, type RunningProcess } from './lib/processes';

async function exampleNik(): Promise<{ NIK: string; NO_KK: string } | undefined> {
  const db = openAppDatabase(locateAppDatabase('siak', loadSimConfig().storage));
  try {
    return (await sampleResidents(db, 1))[0];
  } finally {
    await db.destroy();
  }
}

const running: RunningProcess[] = [];

/**
 * `npm start` is the one command that chooses development mode on its own (the built-in hop key,
 * loudly announced by each process), unless the person running it brought their own keys.
 */
function developmentEnv(): Record<string, string> {
  const ownKeys = process.env.GERBANG_HOP_PRIVATE_KEY_FILE || process.env.GERBANG_HOP_PUBLIC_KEYS_FILE;
  return ownKeys || process.env.GERBANG_DEV_MODE ? {} : { GERBANG_DEV_MODE: '1' };
}

async function main(): Promise<void> {
  const devEnv = developmentEnv();
  Object.assign(process.env, devEnv);
  // Validate every process's configuration up front: one clear message instead of a crash later.
  const sim = loadSimConfig();
  const gateway = loadGatewayConfig();
  /**
   * Each subgraph, in the order they start, with the legacy applications that run as servers of
   * their own (REST, SOAP, batch jobs): started before it, since its /readyz waits for them.
   */
  const subgraphs: Array<{ name: string; label: string; entry: string; listen: { host: string; port: number }; apps: LegacyAppProcess[] }> = [
    { name: 'population', label: 'population subgraph', entry: 'subgraphs/population/src/index.ts', listen: loadPopulationConfig(), apps: populationLegacyApps() },
    { name: 'civil-registry', label: 'civil-registry subgraph', entry: 'subgraphs/civil-registry/src/index.ts', listen: loadCivilRegistryConfig(), apps: civilRegistryLegacyApps() },
    { name: 'mobility', label: 'mobility subgraph', entry: 'subgraphs/mobility/src/index.ts', listen: loadMobilityConfig(), apps: mobilityLegacyApps() },
    { name: 'documents', label: 'documents subgraph', entry: 'subgraphs/documents/src/index.ts', listen: loadDocumentsConfig(), apps: documentsLegacyApps() },
    { name: 'services', label: 'services subgraph', entry: 'subgraphs/services/src/index.ts', listen: loadServicesConfig(), apps: servicesLegacyApps() },
    // The courier partner calls Gerbang back on the gateway's public webhook URL.
    { name: 'delivery', label: 'delivery subgraph', entry: 'subgraphs/delivery/src/index.ts', listen: loadDeliveryConfig(), apps: deliveryLegacyApps(`${httpUrl(gateway.host, gateway.port)}/webhooks/ojol`) },
  ];

  await provisionEstate(sim.storage, sim.world, { log: (line) => process.stderr.write(line + '\n') });

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write('\nstopping Gerbang…\n');
    await stopAll(running);
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  // A subgraph the person points at with SUBGRAPH_<NAME>_URL is theirs: use it, do not start ours.
  // They start side by side: each waits only for its own applications.
  const subgraphUrlEnv: Record<string, string> = {};
  await Promise.all(
    subgraphs.map(async (subgraph) => {
      const own = gateway.subgraphUrls[subgraph.name];
      subgraphUrlEnv[`SUBGRAPH_${subgraph.name.toUpperCase().replace(/-/g, '_')}_URL`] = own ?? `${httpUrl(subgraph.listen.host, subgraph.listen.port)}/graphql`;
      if (own) return;
      const appEnv = startLegacyApps(subgraph.apps, running);
      const proc = startProcess(subgraph.label, subgraph.entry, { ...devEnv, ...appEnv });
      running.push(proc);
      await waitUntilReady(proc, `${httpUrl(subgraph.listen.host, subgraph.listen.port)}/readyz`);
    }),
  );

  const gatewayUrl = httpUrl(gateway.host, gateway.port);
  const gw = startProcess('gateway', 'gateway/src/index.ts', { ...devEnv, ...subgraphUrlEnv });
  running.push(gw);
  await waitUntilReady(gw, `${gatewayUrl}/readyz`);

  // If any process dies on its own, take the rest down too rather than serve half a system.
  for (const proc of running) {
    void proc.exited.then((code) => {
      if (stopping) return;
      process.stderr.write(`${proc.name} exited (${code}); stopping\n`);
      void shutdown(1);
    });
  }

  const sample = await exampleNik();
  const query = sample
    ? `{ resident(nik: "${sample.NIK}") { name sex birthDate age religion family { number members { name relationship } } address { street rt rw kelurahan { name } kecamatan { name } } } }`
    : '{ residents(filter: { regionCode: "36.74.01" }, first: 3) { edges { node { nik name } } } }';
  process.stdout.write(`
Gerbang is running.
  GraphiQL:  ${gatewayUrl}/
  GraphQL:   ${gatewayUrl}/graphql
  Health:    ${gatewayUrl}/healthz   Ready: ${gatewayUrl}/readyz
  Metrics:   ${httpUrl(gateway.admin.host, gateway.admin.port)}/metrics (admin listener)

Try, as a Dinas officer (a development token; staff say why they read personal data):
  TOKEN=$(npm run -s token -- --role OFFICER --region 36.74)
  curl -sg ${gatewayUrl}/graphql -H "authorization: Bearer $TOKEN" -H 'x-purpose: trying Gerbang' \\
    -H 'content-type: application/json' -d '${JSON.stringify({ query })}'

More NIKs: npm run siak:officer -- sample 10      Stop: Ctrl-C
`);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await stopAll(running);
  process.exit(1);
});
