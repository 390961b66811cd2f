/** The delivery subgraph process: connect ojol, notifikasi, SIAK, its database and outbox; listen; stop cleanly. */
import { connectNotifikasi } from '@adapters/notifikasi';
import { connectOjol } from '@adapters/ojol';
import { connectSiak } from '@adapters/siak';
import { AuditWriter, openAuditStore } from '@core/audit';
import { developmentModeBanner } from '@core/context/hop-keys';
import { openEventFlow } from '@core/events';
import { createLogger } from '@core/log';
import { openOutboxStore, OutboxDispatcher, OutboxMutations } from '@core/outbox';
import { loadDeliveryConfig } from './config';
import { registerDeliveryHandlers } from './handlers';
import { startNotifications } from './notifications';
import { CourierFeedPoller } from './poller';
import { createDeliveryServer } from './server';
import { OrderStore, openDeliveryDatabase } from './store';
import { closeWithin, serveSubgraph, startSubgraphProcess } from '@core/subgraph/process';

async function main(): Promise<void> {
  const config = loadDeliveryConfig();
  const logger = createLogger('delivery', config.logLevel);
  if (config.verifier.development) process.stderr.write(developmentModeBanner('delivery subgraph'));
  const siak = connectSiak(config.storage, { timeoutMs: config.timeouts.siak, timeZone: config.site.timeZone });
  const ojol = connectOjol(config.ojol);
  const notifikasi = connectNotifikasi(config.notifikasi);
  const audit = new AuditWriter(await openAuditStore(config.audit.storage), config.audit.writer);
  const store = new OrderStore(await openDeliveryDatabase(config.storage));
  const outbox = await openOutboxStore('delivery', config.outbox.storage);
  // On start the loop resumes every order not yet placed: a restart loses none, and the partner's
  // lookup by reference orders none twice.
  const dispatcher = registerDeliveryHandlers(new OutboxDispatcher(outbox, config.outbox.dispatcher, logger), ojol.port, store);
  // Residents' notices at each status change of their requests (the services event flow → notifikasi)
  // and of their courier orders;
  // their handlers are registered before the dispatcher resumes what a previous run left pending.
  const flow = await openEventFlow('services', { ...config.events, logger });
  const notifications = await startNotifications({
    tenant: config.tenant, sender: config.noticeSender, flow, outbox, dispatcher, notifikasi: notifikasi.port, siak: siak.port, audit, storage: config.storage, logger, seal: config.eventSeal,
    courierOrders: store.db,
  });
  if (!config.eventSeal) logger.warn('no GERBANG_EVENT_SEAL_KEY_FILE: the status changes\' applicants cannot be opened, so no notifications are sent');
  dispatcher.start();
  const mutations = new OutboxMutations(outbox, dispatcher, config.outbox.mutations);
  // Callbacks missed while this process was down are read from the partner's feed.
  const poller = new CourierFeedPoller(ojol.port, store, { tenant: config.tenant, intervalMs: config.pollMs, logger });
  poller.start();
  const server = await createDeliveryServer(
    {
      ojol: ojol.port, siak: siak.port, store, mutations, audit, tenants: config.tenants, logger, office: config.office, callbacks: config.ojol, notices: notifications.store,
      readiness: {
        ojol: { ping: (d) => ojol.port.ping(d), health: () => ojol.client.health() },
        notifikasi: { ping: (d) => notifikasi.port.ping(d), health: () => notifikasi.client.health() },
        siak: { ping: (d) => siak.port.ping(d) },
      },
    },
    { verifier: config.verifier, maxDeadlineMs: config.maxDeadlineMs, readinessCacheMs: config.readinessCacheMs },
  );
  await serveSubgraph('delivery', server, config, logger, async () => {
    await poller.stop();
    await notifications.close();
    await dispatcher.stop();
    await flow.close();
    await outbox.close();
    await store.close();
    await audit.close();
    ojol.client.close();
    notifikasi.client.close();
    await closeWithin(2_000, [siak.client.close()]);
  });
}

startSubgraphProcess('delivery', main);
