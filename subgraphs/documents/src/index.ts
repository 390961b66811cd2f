/** The documents subgraph process: connect tte, arsip, SIAK and the outbox, listen, stop cleanly. */
import { connectArsip } from '@adapters/arsip';
import { connectSiak } from '@adapters/siak';
import { connectTte } from '@adapters/tte';
import { AuditWriter, openAuditStore } from '@core/audit';
import { developmentModeBanner } from '@core/context/hop-keys';
import { createLogger } from '@core/log';
import { openOutboxStore, OutboxDispatcher, OutboxMutations } from '@core/outbox';
import { loadDocumentsConfig } from './config';
import { registerDocumentsHandlers } from './handlers';
import { createDocumentsServer } from './server';
import { closeWithin, serveSubgraph, startSubgraphProcess } from '@core/subgraph/process';

async function main(): Promise<void> {
  const config = loadDocumentsConfig();
  const logger = createLogger('documents', config.logLevel);
  if (config.verifier.development) process.stderr.write(developmentModeBanner('documents subgraph'));
  const siak = connectSiak(config.storage, { timeoutMs: config.timeouts.siak, timeZone: config.site.timeZone });
  const tte = connectTte(config.tte);
  const arsip = connectArsip(config.storage, { ...config.arsip, timeZone: config.site.timeZone });
  const audit = new AuditWriter(await openAuditStore(config.audit.storage), config.audit.writer);
  const store = await openOutboxStore('documents', config.outbox.storage);
  // On start the loop resumes every PENDING signature or revocation at once: a restart loses none.
  const dispatcher = registerDocumentsHandlers(new OutboxDispatcher(store, config.outbox.dispatcher, logger), tte.port);
  dispatcher.start();
  const mutations = new OutboxMutations(store, dispatcher, config.outbox.mutations);
  const server = await createDocumentsServer(
    {
      tte: tte.port, arsip: arsip.port, siak: siak.port, mutations, audit, tenants: config.tenants, logger,
      readiness: {
        tte: { ping: (d) => tte.port.ping(d), health: () => tte.client.health() },
        arsip: { ping: (d) => arsip.port.ping(d) },
        siak: { ping: (d) => siak.port.ping(d) },
      },
    },
    { verifier: config.verifier, maxDeadlineMs: config.maxDeadlineMs, readinessCacheMs: config.readinessCacheMs },
  );
  await serveSubgraph('documents', server, config, logger, async () => {
    await dispatcher.stop();
    await store.close();
    await audit.close();
    tte.client.close();
    await closeWithin(2_000, [siak.client.close(), arsip.client.close()]);
  });
}

startSubgraphProcess('documents', main);
