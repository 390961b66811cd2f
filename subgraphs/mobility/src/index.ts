/** The mobility subgraph process: connect the moving applications, SIAK and the outbox, listen, stop cleanly. */
import { connectOrangAsing } from '@adapters/orang-asing';
import { connectPindahDatang } from '@adapters/pindah-datang';
import { connectPindahKeluar } from '@adapters/pindah-keluar';
import { connectSiak } from '@adapters/siak';
import { AuditWriter, openAuditStore } from '@core/audit';
import { developmentModeBanner } from '@core/context/hop-keys';
import { createLogger } from '@core/log';
import { openOutboxStore, OutboxDispatcher, OutboxMutations } from '@core/outbox';
import { loadMobilityConfig } from './config';
import { registerMobilityHandlers } from './handlers';
import { createMobilityServer } from './server';
import { closeWithin, serveSubgraph, startSubgraphProcess } from '@core/subgraph/process';

async function main(): Promise<void> {
  const config = loadMobilityConfig();
  const logger = createLogger('mobility', config.logLevel);
  if (config.verifier.development) process.stderr.write(developmentModeBanner('mobility subgraph'));
  const siak = connectSiak(config.storage, { timeoutMs: config.timeouts.siak, timeZone: config.site.timeZone });
  const orangAsing = connectOrangAsing(config.storage, { ...config.site, timeoutMs: config.timeouts.orangAsing });
  const pindahKeluar = connectPindahKeluar(config.pindahKeluar);
  const pindahDatang = connectPindahDatang(config.pindahDatang);
  const audit = new AuditWriter(await openAuditStore(config.audit.storage), config.audit.writer);
  const store = await openOutboxStore('mobility', config.outbox.storage);
  const apps = { pindahKeluar: pindahKeluar.port, pindahDatang: pindahDatang.port, orangAsing: orangAsing.port };
  // On start the loop resumes every PENDING write at once: a restart loses none.
  const dispatcher = registerMobilityHandlers(new OutboxDispatcher(store, config.outbox.dispatcher, logger), { ...apps, siak: siak.port });
  dispatcher.start();
  const mutations = new OutboxMutations(store, dispatcher, config.outbox.mutations);
  const server = await createMobilityServer(
    {
      apps, siak: siak.port, mutations, audit, tenants: config.tenants, logger,
      // Keys are the catalogue ids (docs/operations.md): /readyz lists each application by them.
      readiness: {
        siak: { ping: (d) => siak.port.ping(d) },
        'pindah-keluar': { ping: (d) => pindahKeluar.port.ping(d), health: () => pindahKeluar.client.health() },
        'pindah-datang': { ping: (d) => pindahDatang.port.ping(d), health: () => pindahDatang.client.health() },
        'orang-asing': { ping: (d) => orangAsing.port.ping(d) },
      },
    },
    { verifier: config.verifier, maxDeadlineMs: config.maxDeadlineMs, readinessCacheMs: config.readinessCacheMs },
  );
  await serveSubgraph('mobility', server, config, logger, async () => {
    await dispatcher.stop();
    await store.close();
    await audit.close();
    pindahKeluar.client.close();
    pindahDatang.client.close();
    await closeWithin(2_000, [siak.client.close(), orangAsing.client.close()]);
  });
}

startSubgraphProcess('mobility', main);
