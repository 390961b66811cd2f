/**
 * `npm start`: seed the emulated legacy estate if needed, start the subgraph(s) and the gateway
 * as separate processes, print where to go, and stop everything on Ctrl-C.
 */
import { loadGatewayConfig } from '../gateway/src/config';
import { loadCivilRegistryConfig } from '../subgraphs/civil-registry/src/config';
import { loadPopulationConfig } from '../subgraphs/population/src/config';
import { loadSimConfig } from '../legacy-sim/config';
import { provisionEstate } from '../legacy-sim/provision';
import { sampleResidents } from '../legacy-sim/siak/back-office';
import { httpUrl } from '@core/http/graphql-server';
import { locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { civilRegistryLegacyApps, populationLegacyApps, startLegacyApps } from './lib/legacy-apps';
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
  const population = loadPopulationConfig();
  const gateway = loadGatewayConfig();
  // The card applications the population subgraph reaches over REST, each its own process.
  const populationApps = populationLegacyApps();
  const civilRegistry = loadCivilRegistryConfig();
  // The SOAP registries and capil-perubahan's batch job, for the civil-registry subgraph.
  const civilRegistryApps = civilRegistryLegacyApps();

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
  const ownPopulation = gateway.subgraphUrls.population;
  if (!ownPopulation) {
    // Started before the subgraph, whose /readyz waits for them (their pings need their API keys).
    const cardEnv = startLegacyApps(populationApps, running);
    const populationUrl = httpUrl(population.host, population.port);
    const subgraph = startProcess('population subgraph', 'subgraphs/population/src/index.ts', { ...devEnv, ...cardEnv });
    running.push(subgraph);
    await waitUntilReady(subgraph, `${populationUrl}/readyz`);
  }
  const populationGraphql = ownPopulation ?? `${httpUrl(population.host, population.port)}/graphql`;

  const ownCivilRegistry = gateway.subgraphUrls['civil-registry'];
  if (!ownCivilRegistry) {
    const registryEnv = startLegacyApps(civilRegistryApps, running);
    const subgraph = startProcess('civil-registry subgraph', 'subgraphs/civil-registry/src/index.ts', { ...devEnv, ...registryEnv });
    running.push(subgraph);
    await waitUntilReady(subgraph, `${httpUrl(civilRegistry.host, civilRegistry.port)}/readyz`);
  }
  const civilRegistryGraphql = ownCivilRegistry ?? `${httpUrl(civilRegistry.host, civilRegistry.port)}/graphql`;

  const gatewayUrl = httpUrl(gateway.host, gateway.port);
  const gw = startProcess('gateway', 'gateway/src/index.ts', { ...devEnv, SUBGRAPH_POPULATION_URL: populationGraphql, SUBGRAPH_CIVIL_REGISTRY_URL: civilRegistryGraphql });
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
