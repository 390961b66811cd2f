/** The services subgraph process: connect the channel applications, SIAK, the outbox and the change feeds; listen; stop cleanly. */
import { AuditWriter, openAuditStore } from '@core/audit';
import { openEventFlow } from '@core/events';
import { developmentModeBanner } from '@core/context/hop-keys';
import { createLogger } from '@core/log';
import { openOutboxStore, OutboxDispatcher, OutboxMutations } from '@core/outbox';
import { connectServicesApps } from './apps';
import { loadServicesConfig } from './config';
import { openFeedCursors } from './feed/cursor-store';
import { FeedPoller } from './feed/poller';
import { birthDeedWriter, registerBirthDeedHandler } from './fulfilment/birth-deed';
import { cardPrintWriter, registerCardPrintHandler } from './fulfilment/card-print';
import { FULFILMENT_SUBSCRIPTION, startFulfilment } from './fulfilment/consumer';
import { newbornOnCardWriter, registerNewbornOnCardHandler } from './fulfilment/newborn-on-card';
import { createServicesServer } from './server';
import { requestSources } from './sources';
import { registerServicesHandlers } from './writers';
import { registerComplaintHandlers } from './complaints/delivery';
import { serveSubgraph, startSubgraphProcess } from '@core/subgraph/process';

async function main(): Promise<void> {
  const config = loadServicesConfig();
  const logger = createLogger('services', config.logLevel);
  if (config.verifier.development) process.stderr.write(developmentModeBanner('services subgraph'));
  const { regencyCode, timeZone } = config.site;
  const apps = connectServicesApps({ ...config, site: { regencyCode, timeZone } });
  const { siak, portalOnline, sirena, jemputBola, kecamatan, legalisir, antrian, admKiosk, pengaduan, ktpRekam, ktpCetak, aktaLahir } = apps;
  const audit = new AuditWriter(await openAuditStore(config.audit.storage), config.audit.writer);
  const store = await openOutboxStore('services', config.outbox.storage);
  const dispatcher = registerServicesHandlers(new OutboxDispatcher(store, config.outbox.dispatcher, logger), { portalOnline: portalOnline.port, sirena: sirena.port, kecamatan: kecamatan.port, legalisir: legalisir.port, jemputBola: jemputBola.port });
  registerComplaintHandlers(dispatcher, pengaduan.port);
  if (ktpCetak) registerCardPrintHandler(dispatcher, { siak: siak.port, ktpRekam: ktpRekam.port, ktpCetak: ktpCetak.port, timeZone: timeZone });
  registerNewbornOnCardHandler(dispatcher, { siak: siak.port, audit });
  registerBirthDeedHandler(dispatcher, { siak: siak.port, aktaLahir: aktaLahir.port, audit, timeZone });
  dispatcher.start();
  const mutations = new OutboxMutations(store, dispatcher, config.outbox.mutations);
  const sources = requestSources({ portalOnline: portalOnline.port, sirena: sirena.port, jemputBola: jemputBola.port, kecamatan: kecamatan.port, legalisir: legalisir.port, admKiosk: admKiosk.port, antrian: antrian.port });
  const cursors = await openFeedCursors(config.storage);
  // On RabbitMQ, the queues of the flow's known subscribers are declared at once, so that none misses
  // what is published before it first runs: the fulfilment here, the delivery subgraph's notifier.
  const flow = await openEventFlow('services', { ...config.events, logger, subscriptions: [FULFILMENT_SUBSCRIPTION, 'notifications'] });
  const poller = new FeedPoller(sources, cursors, flow, { tenant: config.site.tenant, timeZone: config.site.timeZone, intervalMs: config.feedPollMs, logger, seal: config.eventSeal });
  if (!config.eventSeal) logger.warn('no GERBANG_EVENT_SEAL_KEY_FILE: status changes name no applicant, so residents get no notifications');
  poller.start();
  // Finished requests written into their registers (the tenants' fulfilment rules): ktp-cetak when it is reached, SIAK and akta-lahir always.
  const fulfilment = startFulfilment({ flow, sources, mutations, routings: config.routings, writers: [...(ktpCetak ? [cardPrintWriter] : []), newbornOnCardWriter, birthDeedWriter], logger });
  const server = await createServicesServer(
    {
      sources, siak: siak.port, arsip: apps.arsip.port, mutations, audit, tenants: config.tenants, routings: config.routings, logger,
      counters: { kecamatan: kecamatan.port, legalisir: legalisir.port },
      registers: { ktpCetak: ktpCetak?.port },
      appointments: antrian.port,
      kiosks: admKiosk.port,
      complaints: pengaduan.port,
      readiness: apps.readiness,
    },
    { verifier: config.verifier, maxDeadlineMs: config.maxDeadlineMs, readinessCacheMs: config.readinessCacheMs },
  );
  await serveSubgraph('services', server, config, logger, async () => {
    await fulfilment.close();
    await poller.stop();
    await dispatcher.stop();
    await Promise.all([store.close(), cursors.close(), flow.close()]);
    await audit.close();
    await apps.close();
  });
}

startSubgraphProcess('services', main);
