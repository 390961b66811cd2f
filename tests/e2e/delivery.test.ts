import type { Knex } from 'knex';
import { metricsRegistry } from '@core/metrics';
import { siakEmulator } from '@sim/siak/emulator';
import { portalOnlineEmulator } from '@sim/portal-online/emulator';
import { sirenaEmulator } from '@sim/sirena/emulator';
import { pengaduanEmulator } from '@sim/pengaduan/emulator';
import { kecamatanEmulator } from '@sim/kecamatan/emulator';
import { legalisirEmulator } from '@sim/legalisir/emulator';
import { ojolEmulator } from '@sim/ojol/emulator';
import { notifikasiEmulator } from '@sim/notifikasi/emulator';
import { assignCourier, deliver, pickUp, setCallbackQuirks } from '@sim/ojol/back-office';
import { signedCallback } from '@sim/ojol/callbacks';
import { CALLBACK_TABLE, ORDER_TABLE, RIWAYAT_TABLE } from '@sim/ojol/schema';
import { PESAN_TABLE } from '@sim/notifikasi/schema';
import { courierEventId, referenceOf } from '../../subgraphs/delivery/src/notifications';
import { issueToken } from '../../gateway/src/auth/issue-token';
import { operationId } from '../../gateway/src/persisted-operations';
import { requestId } from '../../subgraphs/services/src/ids';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { postGraphQL, startStack, type Stack } from '../support/stack';

/**
 * Courier orders end to end: client → gateway → delivery subgraph → ojol adapter → the partner's
 * emulator, and the partner's signed callbacks back through the gateway's public webhook URL
 * (POST /webhooks/ojol), sent twice, out of order and one forged; the delivery subgraph stopped
 * mid-flow and started again; what a courier's app sees. Each real change of an order is told to
 * the resident once (counted where the notification gateway stores what it sends: tb_pesan).
 */
const COURIER = { nama: 'Agus Saputra', plat: 'B 4321 XYZ', telp: '6281299990000' };
const ORDER_FIELDS = 'id kind status partnerOrderNumber feeRupiah courier { name plate phone } proof { receiverName photoReference at position { latitude } receiverCheck } timeline { status } serviceRequest { id } placementError';

describe(`courier orders through the gateway (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let stack: Stack;
  let ojolDb: Knex;
  let applicant: { nik: string; name: string; requestId: string };
  let resident: Record<string, string>;
  let stranger: Record<string, string>;
  let officer: Record<string, string>;
  let courier: Record<string, string>;
  let keys = 0;
  let notikasiDb: Knex;

  beforeAll(async () => {
    legacy = await seededStorage('delivery-e2e', [siakEmulator, portalOnlineEmulator, sirenaEmulator, pengaduanEmulator, kecamatanEmulator, legalisirEmulator, ojolEmulator, notifikasiEmulator]);
    const siak = legacy.open('siak');
    for (const a of (await legacy.open('portal-online')('permohonan').select('no_registrasi', 'nik_pemohon').orderBy('no_registrasi')) as Array<{ no_registrasi: string; nik_pemohon: string }>) {
      const person = (await siak('BIODATA_WNI').select('NAMA_LGKP').where({ NIK: a.nik_pemohon, STAT_HIDUP: 1 }).first()) as { NAMA_LGKP: string } | undefined;
      if (person) {
        applicant = { nik: a.nik_pemohon, name: person.NAMA_LGKP, requestId: requestId('portal-online', a.no_registrasi) };
        break;
      }
    }
    const card = ((await siak('BIODATA_WNI').select('NO_KK').where({ NIK: applicant.nik }).first()) as { NO_KK: string }).NO_KK;
    // The family card's mobile number: where the resident's notices go.
    await siak('DATA_KELUARGA').where({ NO_KK: card }).update({ TELP: '0812-7000-1234' });
    const other = ((await siak('BIODATA_WNI').select('NIK').whereNot('NO_KK', card).where('STAT_HIDUP', 1).orderBy('NIK').first()) as { NIK: string }).NIK;
    ojolDb = legacy.open('ojol');
    notikasiDb = legacy.open('notifikasi');
    stack = await startStack(legacy.storage, { services: true, delivery: true });
    // The poller's first round sets its cursor at the partner's newest change, as a first start does.
    await stack.delivery!.poller.pollOnce();
    resident = { authorization: `Bearer ${await issueToken({ sub: 'resident-delivery', roles: ['RESIDENT'], tenant: 'tangsel', nik: applicant.nik })}` };
    stranger = { authorization: `Bearer ${await issueToken({ sub: 'stranger-delivery', roles: ['RESIDENT'], tenant: 'tangsel', nik: other })}` };
    officer = { authorization: `Bearer ${await issueToken({ sub: 'ojol-desk', roles: ['OFFICER'], tenant: 'tangsel', region: '36.74' })}`, 'x-purpose': 'ojol desk, delivery of a KTP-el' };
    courier = { authorization: `Bearer ${await issueToken({ sub: '+6281299990000', roles: ['COURIER'], tenant: 'tangsel' })}` };
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await legacy?.cleanup();
  });

  const counted = async (outcome: string): Promise<number> => {
    const metric = (await metricsRegistry.getSingleMetric('gerbang_delivery_callbacks_total')?.get())?.values ?? [];
    return metric.filter((v) => v.labels.outcome === outcome).reduce((sum, v) => sum + v.value, 0);
  };

  async function order(id: string, headers = officer) {
    const { body } = await postGraphQL(stack.gatewayUrl, `query ($id: ID!) { courierOrder(id: $id) { ${ORDER_FIELDS} } }`, { id }, headers);
    expect(body.errors).toBeUndefined();
    return body.data!.courierOrder as Record<string, any>;
  }

  /** A quote and an order for the applicant's request, as the resident places it. */
  async function requestDelivery(key = `delivery-e2e-${++keys}`) {
    const location = { latitude: -6.29, longitude: 106.71 };
    const quote = await postGraphQL(stack.gatewayUrl, 'query ($l: GeoPointInput!) { courierQuote(kind: DELIVERY, location: $l) { quoteId feeRupiah distanceMeters validUntil } }', { l: location }, resident);
    expect(quote.body.errors).toBeUndefined();
    const input = { serviceRequestId: applicant.requestId, applicantNik: applicant.nik, kind: 'DELIVERY', quoteId: quote.body.data!.courierQuote.quoteId, address: 'Jl. Cempaka No. 12, RT 003/RW 005, Pondok Aren', location, contactName: 'Ibu Sari', contactPhone: '0812 3456 7890', item: 'KTP-el' };
    const placed = await postGraphQL(stack.gatewayUrl, `mutation ($k: String!, $i: RequestCourierInput!) { requestCourier(idempotencyKey: $k, input: $i) { replayed state errorCode order { ${ORDER_FIELDS} } } }`, { k: key, i: input }, resident);
    expect(placed.body.errors).toBeUndefined();
    return { key, input, placed: placed.body.data!.requestCourier as Record<string, any> };
  }

  /**
   * How many messages the notification gateway took for each change of an order, in the order of
   * the partner's own log of them (tb_riwayat_order).
   */
  async function noticesOf(partnerOrderNumber: string): Promise<number[]> {
    const idOrder = ((await ojolDb(ORDER_TABLE).where({ no_order: partnerOrderNumber }).first('id_order')) as { id_order: number }).id_order;
    const changes = (await ojolDb(RIWAYAT_TABLE).where({ id_order: idOrder }).orderBy('id_riwayat').select('id_riwayat')) as Array<{ id_riwayat: number }>;
    const references = changes.map((c) => referenceOf(courierEventId(String(c.id_riwayat)), 'WHATSAPP'));
    const rows = (await notikasiDb(PESAN_TABLE).whereIn('ref_klien', references).select('ref_klien')) as Array<{ ref_klien: string }>;
    return references.map((r) => rows.filter((row) => row.ref_klien === r).length);
  }

  /** Waits until the order's changes were told as `expected` (messages per change, oldest first), then checks that nothing more comes. */
  async function expectNotices(partnerOrderNumber: string, expected: number[]): Promise<void> {
    const started = Date.now();
    while (JSON.stringify(await noticesOf(partnerOrderNumber)) !== JSON.stringify(expected) && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    expect(await noticesOf(partnerOrderNumber)).toEqual(expected);
  }

  const partnerOrders = async (reference: string) => (await ojolDb(ORDER_TABLE).where({ ref_mitra: reference }).count({ n: '*' }))[0]!.n;

  it('quotes, places an order once per key, and shows it on the service request for its family only', async () => {
    const { key, input, placed } = await requestDelivery();
    expect(placed).toMatchObject({ replayed: false, state: 'DELIVERED', errorCode: null, order: { kind: 'DELIVERY', status: 'SEARCHING_COURIER', serviceRequest: { id: applicant.requestId } } });
    expect(placed.order.partnerOrderNumber).toMatch(/^OJL-\d{6}-\d+$/);
    expect(placed.order.feeRupiah).toBeGreaterThanOrEqual(9_000);
    // The same key again: the first answer, and still one order at the partner.
    const again = await postGraphQL(stack.gatewayUrl, 'mutation ($k: String!, $i: RequestCourierInput!) { requestCourier(idempotencyKey: $k, input: $i) { replayed order { id } } }', { k: key, i: input }, resident);
    expect(again.body.data!.requestCourier).toEqual({ replayed: true, order: { id: placed.order.id } });
    expect(Number(await partnerOrders(placed.order.id))).toBe(1);

    const onRequest = await postGraphQL(stack.gatewayUrl, 'query ($id: ID!) { serviceRequest(id: $id) { id courierOrders { id status } } }', { id: applicant.requestId }, resident);
    expect(onRequest.body.errors).toBeUndefined();
    expect(onRequest.body.data!.serviceRequest.courierOrders).toContainEqual({ id: placed.order.id, status: 'SEARCHING_COURIER' });
    // Someone of another family: refused, and no order for a stranger's NIK either.
    const foreign = await postGraphQL(stack.gatewayUrl, 'query ($id: ID!) { courierOrder(id: $id) { status } }', { id: placed.order.id }, stranger);
    expect(foreign.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_FAMILY' });
    const forOthers = await postGraphQL(stack.gatewayUrl, 'mutation ($i: RequestCourierInput!) { requestCourier(idempotencyKey: "stranger-1", input: $i) { state } }', { i: input }, stranger);
    expect(forOthers.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_FAMILY' });
  });

  it('takes the partner\'s callbacks twice, out of order and one forged: the final state is right and the forged one changed nothing', async () => {
    const { placed } = await requestDelivery();
    const noOrder = placed.order.partnerOrderNumber as string;
    // Every change sent twice; the courier's steps queue their callbacks (none sent yet).
    await setCallbackQuirks(ojolDb, { duplicateChance: 1, delayChance: 0 });
    try {
      await assignCourier(ojolDb, noOrder, COURIER);
      await pickUp(ojolDb, noOrder);
      await deliver(ojolDb, noOrder, { penerima: applicant.name, foto: `bukti/${noOrder}.jpg` });
    } finally {
      await setCallbackQuirks(ojolDb, { duplicateChance: 0 });
    }
    const idOrder = ((await ojolDb(ORDER_TABLE).where({ no_order: noOrder }).first('id_order')) as { id_order: number }).id_order;
    const queued = (await ojolDb(CALLBACK_TABLE).where({ id_order: idOrder, status_kirim: 'ANTRI' }).orderBy('id_callback')) as Array<{ id_callback: number; id_riwayat: number; isi: string }>;
    // The SEARCHING callback of the placement, and three changes twice each.
    expect(queued.length).toBeGreaterThanOrEqual(6);
    // Held back as the partner does: the newest change goes first, the oldest last (out of order).
    const newestFirst = [...queued].sort((a, b) => b.id_riwayat - a.id_riwayat || a.id_callback - b.id_callback);
    const base = Date.now() - 60_000;
    for (const [i, row] of newestFirst.entries()) await ojolDb(CALLBACK_TABLE).where({ id_callback: row.id_callback }).update({ kirim_setelah: base + i });

    // A forged "failed" for the same order, with a signature made with another secret.
    const deliveredIsi = JSON.parse(newestFirst[0]!.isi) as Record<string, unknown>;
    const forgedBody = JSON.stringify({ ...deliveredIsi, id_event: 9_000_000, status: 'GAGAL', alasan: 'PENERIMA MENOLAK', bukti: null });
    const forged = signedCallback(forgedBody, 'not-the-partners-secret-42', new Date());
    const refusedBefore = await counted('refused:BAD_SIGNATURE');
    const duplicatesBefore = await counted('duplicate');
    const staleBefore = await counted('stale');
    const forgedAnswer = await fetch(`${stack.gatewayUrl}/webhooks/ojol`, { method: 'POST', headers: forged.headers, body: forged.body });
    expect(forgedAnswer.status).toBe(401);

    const sent = await stack.deliveryApps!.ojol.callbacks.runOnce();
    // Every copy of this order's (and what earlier tests left queued).
    expect(sent).toBeGreaterThanOrEqual(queued.length);
    const states = (await ojolDb(CALLBACK_TABLE).where({ id_order: idOrder }).select('status_kirim', 'http_terakhir')) as Array<{ status_kirim: string; http_terakhir: number }>;
    expect(states.every((s) => s.status_kirim === 'TERKIRIM' && s.http_terakhir === 200)).toBe(true);

    const final = await order(placed.order.id);
    expect(final).toMatchObject({ status: 'DELIVERED', courier: { name: 'Agus Saputra', plate: 'B 4321 XYZ', phone: '+6281299990000' }, proof: { receiverName: applicant.name, photoReference: `bukti/${noOrder}.jpg`, receiverCheck: 'OWNER' } });
    expect(final.timeline.map((s: { status: string }) => s.status)).toEqual(['SEARCHING_COURIER', 'COURIER_ASSIGNED', 'PICKED_UP', 'DELIVERED']);
    // Counted: the forged one refused (and nothing else), every copy a double, every late one stale.
    expect((await counted('refused:BAD_SIGNATURE')) - refusedBefore).toBe(1);
    expect((await counted('duplicate')) - duplicatesBefore).toBeGreaterThanOrEqual(3);
    expect((await counted('stale')) - staleBefore).toBeGreaterThanOrEqual(2);
    // Told once per change that moved the order (searching, then delivered: it came first), never per
    // copy, never the forged one; the late "assigned" and "picked up" are in the timeline but not told
    // after "delivered" (they would mislead).
    await expectNotices(noOrder, [1, 0, 0, 1]);
    expect(await notikasiDb(PESAN_TABLE).where({ ref_klien: referenceOf(courierEventId('9000000'), 'WHATSAPP') })).toHaveLength(0);
    const [delivered] = (await notikasiDb(PESAN_TABLE).where({ ref_klien: referenceOf(courierEventId(String(newestFirst[0]!.id_riwayat)), 'WHATSAPP') })) as Array<{ isi_pesan: string; no_tujuan: string }>;
    expect(delivered).toMatchObject({ no_tujuan: '6281270001234', isi_pesan: 'Disdukcapil Tangsel: KTP-el Anda sudah diserahkan oleh kurir. Terima kasih.' });

    // The resident sees what they were told on their request: subject, status, channel, whether it arrived; never the text or the number.
    const told = await postGraphQL(stack.gatewayUrl, 'query ($id: ID!) { serviceRequest(id: $id) { notifications { subject status channel state failure read at } } }', { id: applicant.requestId }, resident);
    expect(told.body.errors).toBeUndefined();
    const notices = told.body.data!.serviceRequest.notifications as Array<{ subject: string; status: string; channel: string; state: string; at: string }>;
    const aboutCouriers = notices.filter((n) => n.subject === 'COURIER_ORDER');
    expect(aboutCouriers.map((n) => n.status)).toEqual(expect.arrayContaining(['SEARCHING_COURIER', 'DELIVERED']));
    expect(aboutCouriers.every((n) => n.channel === 'WHATSAPP' && ['PREPARED', 'QUEUED', 'SENT', 'DELIVERED'].includes(n.state) && /^\d{4}-\d{2}-\d{2}T/.test(n.at))).toBe(true);
    expect(JSON.stringify(told.body)).not.toContain('6281270001234');
  });

  it('loses and doubles nothing when the delivery subgraph is stopped mid-flow: a pending order is placed once, missed callbacks are recovered from the feed', async () => {
    const { placed } = await requestDelivery();
    const noOrder = placed.order.partnerOrderNumber as string;
    // A second order waits for the partner (down), recorded in the outbox.
    const apps = stack.deliveryApps!;
    const location = { latitude: -6.3, longitude: 106.72 };
    const quote = await postGraphQL(stack.gatewayUrl, 'query ($l: GeoPointInput!) { courierQuote(kind: PICKUP, location: $l) { quoteId } }', { l: location }, officer);
    await apps.ojol.stop();
    const pending = await postGraphQL(
      stack.gatewayUrl,
      'mutation ($i: RequestCourierInput!) { requestCourier(idempotencyKey: "delivery-e2e-while-down", input: $i) { state errorCode order { id status placementError } } }',
      { i: { serviceRequestId: applicant.requestId, applicantNik: applicant.nik, kind: 'PICKUP', quoteId: quote.body.data!.courierQuote.quoteId, address: 'Jl. Melati No. 3, Serpong Utara', location, contactName: 'Bapak Andi', contactPhone: '+6281377776666', item: 'Berkas persyaratan KK' } },
      officer,
    );
    expect(pending.body.errors).toBeUndefined();
    expect(pending.body.data!.requestCourier).toMatchObject({ state: 'PENDING', order: { status: 'REQUESTED' } });
    const pendingId = pending.body.data!.requestCourier.order.id as string;

    // The notification gateway slow to answer: the first order's notices are still being sent when the subgraph stops.
    apps.notifikasi.setLatency(1_500, 'POST /api/kirim');
    await stack.restartDelivery(async () => {
      apps.notifikasi.setLatency(0, 'POST /api/kirim');
      await apps.ojol.restart();
      // While Gerbang's subgraph is down the courier works on: the partner's callbacks fail (503) and are given up.
      await assignCourier(ojolDb, noOrder, COURIER);
      await pickUp(ojolDb, noOrder);
      await deliver(ojolDb, noOrder, { penerima: applicant.name });
      for (let i = 0; i < 6; i++) {
        await apps.ojol.callbacks.runOnce();
        await new Promise((r) => setTimeout(r, 120));
      }
      const idOrder = ((await ojolDb(ORDER_TABLE).where({ no_order: noOrder }).first('id_order')) as { id_order: number }).id_order;
      const given = (await ojolDb(CALLBACK_TABLE).where({ id_order: idOrder }).whereIn('status_kirim', ['GAGAL']).count({ n: '*' }))[0]!.n;
      expect(Number(given)).toBeGreaterThanOrEqual(3);
    });

    // After the restart: the outbox places the waiting order (once), the feed brings the missed changes.
    await stack.delivery!.poller.pollOnce();
    const recovered = await order(placed.order.id);
    expect(recovered).toMatchObject({ status: 'DELIVERED', courier: { phone: '+6281299990000' }, proof: { receiverName: applicant.name, receiverCheck: 'OWNER' } });
    expect(recovered.timeline.map((s: { status: string }) => s.status)).toEqual(['SEARCHING_COURIER', 'COURIER_ASSIGNED', 'PICKED_UP', 'DELIVERED']);
    for (let i = 0; i < 40; i++) {
      if ((await order(pendingId)).status !== 'REQUESTED') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await order(pendingId)).toMatchObject({ status: 'SEARCHING_COURIER', placementError: null });
    expect(Number(await partnerOrders(pendingId))).toBe(1);
    // Polling again, or the partner's late retries, change nothing.
    expect(await stack.delivery!.poller.pollOnce()).toBe(0);
    // Every change told once, those that came while the subgraph (and its notifier) was down too.
    await expectNotices(noOrder, [1, 1, 1, 1]);
    await expectNotices((await order(pendingId)).partnerOrderNumber, [1]);
  });

  it('shows a courier their open job through a registered operation only, with no NIK, family or other request', async () => {
    const { placed } = await requestDelivery();
    await assignCourier(ojolDb, placed.order.partnerOrderNumber, COURIER);
    await stack.deliveryApps!.ojol.callbacks.runOnce();
    const query = 'query CourierJobs {\n  courierJobs {\n    id\n    kind\n    status\n    address\n    contactName\n    contactPhone\n    item\n  }\n}';
    const res = await fetch(`${stack.gatewayUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...courier }, body: JSON.stringify({ operationName: 'CourierJobs', extensions: { persistedQuery: { version: 1, sha256Hash: operationId(query) } } }) });
    const body = (await res.json()) as { data?: { courierJobs: Array<Record<string, unknown>> }; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    expect(body.data!.courierJobs).toContainEqual({ id: placed.order.id, kind: 'DELIVERY', status: 'COURIER_ASSIGNED', address: 'Jl. Cempaka No. 12, RT 003/RW 005, Pondok Aren', contactName: 'Ibu Sari', contactPhone: '+6281234567890', item: 'KTP-el' });
    expect(JSON.stringify(body)).not.toContain(applicant.nik);
    // Any other query, even one naming the order: refused before it runs.
    const free = await postGraphQL(stack.gatewayUrl, 'query ($id: ID!) { courierOrder(id: $id) { status } }', { id: placed.order.id }, courier);
    expect(free.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PERSISTED_OPERATION_REQUIRED' });
  });

  it('names ojol, notifikasi and siak on the delivery subgraph\'s /readyz', async () => {
    const ready = await fetch(`${stack.delivery!.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(Object.keys(((await ready.json()) as { legacy: Record<string, string> }).legacy).sort()).toEqual(['notifikasi', 'ojol', 'siak']);
  });
});
