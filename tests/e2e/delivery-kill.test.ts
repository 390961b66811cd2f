import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { DEVELOPMENT_SEAL_KEY, EventSeal, openEventFlow, type EventFlow } from '@core/events';
import { HopSigner } from '@core/context/hop-keys';
import { CONTEXT_HEADER, hopCallClaims, signHop } from '@core/context/hop-token';
import { createLogger } from '@core/log';
import { notifikasiEmulator } from '@sim/notifikasi/emulator';
import { setRate } from '@sim/notifikasi/back-office';
import { PESAN_TABLE } from '@sim/notifikasi/schema';
import { assignCourier, deliver, pickUp } from '@sim/ojol/back-office';
import { ojolEmulator } from '@sim/ojol/emulator';
import { ORDER_TABLE, RIWAYAT_TABLE } from '@sim/ojol/schema';
import { siakEmulator } from '@sim/siak/emulator';
import { courierEventId, referenceOf } from '../../subgraphs/delivery/src/notifications';
import { startDeliveryApps, type DeliveryApps } from '../support/delivery';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { freePort } from '../support/ports';
import { principalFor } from '../support/principals';

/**
 * The delivery subgraph as its own process (subgraphs/delivery/src/index.ts, as `npm start` runs
 * it), killed with SIGKILL in the middle of the work — courier changes being applied from the
 * partner's feed, notices half sent to a slow notification gateway, status changes waiting on the
 * services flow — and started again: every courier change and every request change is told to the
 * resident exactly once (counted in notifikasi's tb_pesan), the order ends right, and the partner
 * has one order. No graceful stop: nothing the dead process held is released except by the leases
 * running out.
 */
const ROOT = join(__dirname, '..', '..');
const OJOL_KEY = 'kunci-ojol-e2e';
const NOTIFIKASI_KEY = 'kunci-notifikasi-e2e';
const PHONE = '081299008800';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, condition: () => Promise<boolean>, withinMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > withinMs) throw new Error(`not within ${withinMs} ms: ${what}`);
    await sleep(100);
  }
}

describe(`the delivery subgraph's process killed mid-flow (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let apps: DeliveryApps;
  let flow: EventFlow;
  let ojolDb: Knex;
  let pesan: Knex;
  let applicant: { nik: string; name: string };
  let ports: { http: number; admin: number };
  let child: ChildProcess | undefined;
  let output = '';
  const signer = HopSigner.development();
  const seal = new EventSeal(DEVELOPMENT_SEAL_KEY);

  /** Starts the subgraph's process on the same ports and storage, and waits until it answers. */
  async function startProcess(): Promise<void> {
    const { storage } = legacy;
    const started = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'subgraphs', 'delivery', 'src', 'index.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        GERBANG_DEV_MODE: '1', NODE_ENV: 'test', GERBANG_LOG_LEVEL: 'warn',
        MYSQL_URL: storage.mysqlUrl ?? '', GERBANG_MYSQL_DB_PREFIX: storage.mysqlDatabasePrefix, GERBANG_DATA_DIR: storage.dataDir,
        DELIVERY_PORT: String(ports.http), DELIVERY_ADMIN_PORT: String(ports.admin),
        OJOL_URL: apps.ojol.url, OJOL_API_KEY: OJOL_KEY, OJOL_CALLBACK_SECRET: 'rahasia-callback-e2e-0001',
        NOTIFIKASI_URL: apps.notifikasi.url, NOTIFIKASI_API_KEY: NOTIFIKASI_KEY,
        // The embedded services flow; what a dead process held comes free after these leases.
        AMQP_URL: '', GERBANG_EVENTS_POLL_MS: '100', GERBANG_EVENTS_LEASE_MS: '2000',
        GERBANG_OUTBOX_POLL_MS: '100', GERBANG_OUTBOX_DELIVERY_TIMEOUT_MS: '1500', GERBANG_OUTBOX_LEASE_MS: '2500',
        DELIVERY_POLL_MS: '200', GERBANG_EVENT_SEAL_KEY_FILE: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    started.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child = started;
    await until('the delivery subgraph answering', async () => {
      if (started.exitCode !== null) throw new Error(`the delivery subgraph exited (${started.exitCode}):\n${output.slice(-2_000)}`);
      return (await fetch(`http://127.0.0.1:${ports.http}/healthz`).catch(() => undefined))?.ok ?? false;
    }, 60_000);
  }

  async function kill(): Promise<void> {
    const dying = child!;
    const exited = new Promise((r) => dying.once('exit', r));
    dying.kill('SIGKILL');
    await exited;
    child = undefined;
  }

  async function asResident(query: string, variables: Record<string, unknown>) {
    const body = JSON.stringify({ query, variables });
    const context = { requestId: `kill-${Date.now()}`, principal: principalFor('RESIDENT', { id: 'resident-kill', nik: applicant.nik }), tenant: 'tangsel' };
    const token = signHop(hopCallClaims(context, { audience: 'delivery', body, deadlineMs: 10_000 }), signer);
    const res = await fetch(`http://127.0.0.1:${ports.http}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', [CONTEXT_HEADER]: token }, body });
    return (await res.json()) as { data?: Record<string, any>; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  }

  /** Messages the gateway holds per reference. */
  const sent = async (references: string[]) => {
    const rows = (await pesan(PESAN_TABLE).whereIn('ref_klien', references).select('ref_klien')) as Array<{ ref_klien: string }>;
    return references.map((r) => rows.filter((row) => row.ref_klien === r).length);
  };

  beforeAll(async () => {
    legacy = await seededStorage('delivery-kill', [siakEmulator, ojolEmulator, notifikasiEmulator]);
    const siak = legacy.open('siak');
    const person = (await siak('BIODATA_WNI').select('NIK', 'NAMA_LGKP', 'NO_KK').where({ STAT_HIDUP: 1 }).orderBy('NIK').first()) as { NIK: string; NAMA_LGKP: string; NO_KK: string };
    applicant = { nik: person.NIK, name: person.NAMA_LGKP };
    await siak('DATA_KELUARGA').where({ NO_KK: person.NO_KK }).update({ TELP: PHONE });
    ojolDb = legacy.open('ojol');
    pesan = legacy.open('notifikasi');
    apps = await startDeliveryApps(legacy.storage);
    flow = await openEventFlow('services', { storage: legacy.storage, logger: createLogger('kill-test', 'silent') });
    ports = { http: await freePort(), admin: await freePort() };
    await startProcess();
  }, 120_000);

  afterAll(async () => {
    if (child) await kill();
    await flow?.close();
    await apps?.close();
    await legacy?.cleanup();
  });

  it('loses and doubles nothing: every change told once, the order right, one order at the partner', async () => {
    // The resident asks for their document to be brought; the order is placed with the partner.
    const location = { latitude: -6.29, longitude: 106.71 };
    const quote = await asResident('query ($l: GeoPointInput!) { courierQuote(kind: DELIVERY, location: $l) { quoteId } }', { l: location });
    expect(quote.errors).toBeUndefined();
    const placed = await asResident('mutation ($i: RequestCourierInput!) { requestCourier(idempotencyKey: "kill-1", input: $i) { state order { id partnerOrderNumber } } }', {
      i: { serviceRequestId: 'sr_kill_1', applicantNik: applicant.nik, kind: 'DELIVERY', quoteId: quote.data!.courierQuote.quoteId, address: 'Jl. Anggrek No. 9, Ciputat', location, contactName: 'Ibu Rina', contactPhone: PHONE, item: 'Akta kelahiran' },
    });
    expect(placed.errors).toBeUndefined();
    const { id: orderId, partnerOrderNumber } = placed.data!.requestCourier.order as { id: string; partnerOrderNumber: string };

    // The gateway slows down and takes one message a second (429 with Retry-After for the rest): the
    // notices that follow are in flight or waiting their turn when the process dies.
    apps.notifikasi.setLatency(300, 'POST /api/kirim');
    await setRate(pesan, 1);
    const requestEvents = ['VERIFYING', 'IN_PROCESS', 'READY'].map((status, i) => ({
      id: `portal-online:sr_kill_1:${i + 1}`, key: 'sr_kill_1', type: 'service-request.status-changed', tenant: 'tangsel', at: new Date().toISOString(),
      payload: { requestId: 'sr_kill_1', application: 'portal-online', service: 'BIRTH_REGISTRATION', status, at: '2026-11-30T09:00:00', note: null, by: null, applicant: seal.seal(applicant.nik) },
    }));
    await flow.publish(requestEvents);
    await assignCourier(ojolDb, partnerOrderNumber, { nama: 'Rudi Hartono', plat: 'B 2211 KLM', telp: '6281355554444' });
    await pickUp(ojolDb, partnerOrderNumber);
    // Killed once the first of these notices reached the gateway, with the rest still on their way.
    const requestReferences = requestEvents.map((e) => referenceOf(e.id, 'WHATSAPP'));
    await until('a first notice of the burst accepted', async () => (await sent(requestReferences)).some((n) => n > 0), 30_000);
    await kill();
    const atDeath = await sent(requestReferences);
    apps.notifikasi.setLatency(0, 'POST /api/kirim');
    await setRate(pesan, 1_000);

    // While it is down the courier delivers, and a last status change is published.
    await deliver(ojolDb, partnerOrderNumber, { penerima: applicant.name });
    const last = { ...requestEvents[2]!, id: 'portal-online:sr_kill_1:4', at: new Date().toISOString(), payload: { ...requestEvents[2]!.payload, status: 'COMPLETED' } };
    await flow.publish([last]);
    await startProcess();

    const idOrder = ((await ojolDb(ORDER_TABLE).where({ no_order: partnerOrderNumber }).first('id_order')) as { id_order: number }).id_order;
    const courierReferences = ((await ojolDb(RIWAYAT_TABLE).where({ id_order: idOrder }).orderBy('id_riwayat').select('id_riwayat')) as Array<{ id_riwayat: number }>)
      .map((c) => referenceOf(courierEventId(String(c.id_riwayat)), 'WHATSAPP'));
    expect(courierReferences).toHaveLength(4);
    const all = [...requestReferences, referenceOf(last.id, 'WHATSAPP'), ...courierReferences];
    await until('every change told after the restart', async () => (await sent(all)).every((n) => n >= 1), 45_000);
    await sleep(1_500);
    expect(await sent(all)).toEqual(all.map(() => 1));
    // It really died mid-flow: some of the burst had reached the gateway, some had not.
    expect(atDeath.filter((n) => n > 0).length).toBeGreaterThanOrEqual(1);
    expect(atDeath.filter((n) => n === 0).length).toBeGreaterThanOrEqual(1);

    const order = await asResident('query ($id: ID!) { courierOrder(id: $id) { status timeline { status } proof { receiverCheck } } }', { id: orderId });
    expect(order.errors).toBeUndefined();
    expect(order.data!.courierOrder).toMatchObject({ status: 'DELIVERED', timeline: [{ status: 'SEARCHING_COURIER' }, { status: 'COURIER_ASSIGNED' }, { status: 'PICKED_UP' }, { status: 'DELIVERED' }], proof: { receiverCheck: 'OWNER' } });
    expect(await ojolDb(ORDER_TABLE).where({ ref_mitra: orderId })).toHaveLength(1);
  }, 180_000);
});
