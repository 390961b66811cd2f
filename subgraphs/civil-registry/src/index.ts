/** The civil-registry subgraph process: connect the registries, SIAK and the outbox, listen, stop cleanly. */
import { connectAktaCerai } from '@adapters/akta-cerai';
import { connectAktaKawin } from '@adapters/akta-kawin';
import { connectAktaLahir } from '@adapters/akta-lahir';
import { connectAktaMati } from '@adapters/akta-mati';
import { connectCapilPerubahan } from '@adapters/capil-perubahan';
import { connectSiak } from '@adapters/siak';
import { AuditWriter, openAuditStore } from '@core/audit';
import { developmentModeBanner } from '@core/context/hop-keys';
import { createLogger } from '@core/log';
import { openOutboxStore, OutboxDispatcher, OutboxMutations } from '@core/outbox';
import { loadCivilRegistryConfig } from './config';
import { registerCivilRegistryHandlers } from './handlers';
import { createCivilRegistryServer } from './server';
import { closeWithin, serveSubgraph, startSubgraphProcess } from '@core/subgraph/process';

async function main(): Promise<void> {
  const config = loadCivilRegistryConfig();
  const logger = createLogger('civil-registry', config.logLevel);
  if (config.verifier.development) process.stderr.write(developmentModeBanner('civil-registry subgraph'));
  const siak = connectSiak(config.storage, { timeoutMs: config.timeouts.siak, timeZone: config.site.timeZone });
  const aktaLahir = connectAktaLahir(config.storage, { ...config.site, timeoutMs: config.timeouts.aktaLahir });
  const aktaMati = connectAktaMati(config.storage, { ...config.site, timeoutMs: config.timeouts.aktaMati });
  const aktaKawin = connectAktaKawin(config.aktaKawin);
  const aktaCerai = connectAktaCerai(config.aktaCerai);
  const capil = connectCapilPerubahan(config.storage, { timeoutMs: config.timeouts.capilPerubahan });
  const audit = new AuditWriter(await openAuditStore(config.audit.storage), config.audit.writer);
  const store = await openOutboxStore('civil-registry', config.outbox.storage);
  // On start the loop resumes every PENDING write at once: a restart loses none.
  const registries = { aktaLahir: aktaLahir.port, aktaMati: aktaMati.port, aktaKawin: aktaKawin.port, capilPerubahan: capil.port, aktaCerai: aktaCerai.port };
  const dispatcher = registerCivilRegistryHandlers(new OutboxDispatcher(store, config.outbox.dispatcher, logger), registries, siak.port);
  dispatcher.start();
  const mutations = new OutboxMutations(store, dispatcher, config.outbox.mutations);
  const server = await createCivilRegistryServer(
    {
      registries,
      siak: siak.port, mutations, audit, tenants: config.tenants, logger,
      readiness: {
        siak: { ping: (d) => siak.port.ping(d) },
        'akta-lahir': { ping: (d) => aktaLahir.port.ping(d) },
        'akta-mati': { ping: (d) => aktaMati.port.ping(d) },
        'akta-kawin': { ping: (d) => aktaKawin.port.ping(d), health: () => aktaKawin.client.health() },
        'akta-cerai': { ping: (d) => aktaCerai.port.ping(d), health: () => aktaCerai.client.health() },
        'capil-perubahan': { ping: (d) => capil.port.ping(d) },
      },
    },
    { verifier: config.verifier, maxDeadlineMs: config.maxDeadlineMs, readinessCacheMs: config.readinessCacheMs },
  );
  await serveSubgraph('civil-registry', server, config, logger, async () => {
    await dispatcher.stop();
    await store.close();
    await audit.close();
    aktaKawin.client.close();
    aktaCerai.client.close();
    await closeWithin(2_000, [siak.client.close(), aktaLahir.client.close(), aktaMati.client.close()]);
  });
}

startSubgraphProcess('civil-registry', main);
