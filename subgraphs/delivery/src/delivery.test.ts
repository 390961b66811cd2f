import { HopSigner, HopVerifier } from '@core/context/hop-keys';
import { CONTEXT_HEADER, hopWebhookClaims, signHop } from '@core/context/hop-token';
import { createLogger } from '@core/log';
import { Tenants } from '@core/tenants';
import { notifikasiEmulator } from '@sim/notifikasi/emulator';
import { ojolEmulator } from '@sim/ojol/emulator';
import { signedCallback } from '@sim/ojol/callbacks';
import { siakEmulator } from '@sim/siak/emulator';
import { OJOL_TEST_SECRET, startDelivery, startDeliveryApps, type DeliveryApps, type DeliveryInProcess } from '../../../tests/support/delivery';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { applyStatusEvent, mergeOrderSnapshot } from './status-events';

/**
 * The delivery subgraph in-process over HTTP: the webhook route takes only what the gateway relays
 * (a hop token of kind 'webhook' bound to the body) and only what the partner signed; the status
 * rule (an event once, never backwards) on the subgraph's own database.
 */
describe(`delivery subgraph (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let apps: DeliveryApps;
  let delivery: DeliveryInProcess;
  const signer = HopSigner.development();
  const office = { address: 'Kantor Disdukcapil Ciater', location: { latitude: -6.3196, longitude: 106.6978 }, contactName: 'LOKET', contactPhone: '+6281215379901' };
  const home = { address: 'Jl. Cempaka No. 12, Pondok Aren', location: { latitude: -6.29, longitude: 106.71 }, contactName: 'Ibu Sari', contactPhone: '+6281234567890' };
  let seq = 0;

  beforeAll(async () => {
    legacy = await seededStorage('delivery-subgraph', [siakEmulator, ojolEmulator, notifikasiEmulator]);
    apps = await startDeliveryApps(legacy.storage);
    delivery = await startDelivery(legacy.storage, { verifier: HopVerifier.development(), tenants: Tenants.load().only(['tangsel']), logger: createLogger('test', 'silent'), apps });
  });

  afterAll(async () => {
    await delivery?.stop();
    await apps?.close();
    await legacy?.cleanup();
  });

  /** An order Gerbang placed, as its row starts (REQUESTED). */
  async function requested(): Promise<string> {
    const reference = `GB-OJL-${String(++seq).padStart(24, '0')}`;
    await delivery.store.recordRequested({ reference, tenant: 'tangsel', serviceRequestId: 'sr_cG9ydGFsOjE', applicantNik: '3674030403870001', kind: 'DELIVERY', origin: office, destination: home, item: 'KTP-el', createdBy: 'officer-1' });
    return reference;
  }

  const callback = (reference: string, eventId: number, status: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ id_event: eventId, no_order: `OJL-261207-${reference.slice(-6)}`, ref_mitra: reference, jenis: 'ANTAR', status, waktu_status: Math.floor(Date.now() / 1000), biaya: 18_500, driver: null, bukti: null, alasan: null, dibatalkan_oleh: null, ...extra });

  async function post(isi: string, options: { secret?: string; hop?: boolean } = {}) {
    const { body, headers } = signedCallback(isi, options.secret ?? OJOL_TEST_SECRET, new Date());
    const token = signHop(hopWebhookClaims({ audience: 'delivery', requestId: `t-${++seq}`, tenant: 'tangsel', body, deadlineMs: 5_000 }), signer);
    const res = await fetch(`${delivery.url}/webhooks/ojol`, { method: 'POST', headers: { ...headers, ...(options.hop === false ? {} : { [CONTEXT_HEADER]: token }) }, body });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  const statusOf = async (reference: string) => (await delivery.store.byReferences([reference])).get(reference)!.status;

  it('takes a signed callback once, answers a double and a late one without effect, and never moves backwards', async () => {
    const reference = await requested();
    const assigned = callback(reference, 1001, 'DRIVER_DITEMUKAN', { driver: { nama: 'Agus', plat: 'B 1 X', telp: '6281299990000' } });
    expect(await post(assigned)).toEqual({ status: 200, body: { accepted: true, outcome: 'applied' } });
    expect(await post(assigned)).toEqual({ status: 200, body: { accepted: true, outcome: 'duplicate' } });
    expect((await post(callback(reference, 1003, 'SELESAI', { bukti: { penerima: 'SARI', foto: 'bukti/1.jpg', waktu: Math.floor(Date.now() / 1000), lat: -6.29, lon: 106.71 } }))).body.outcome).toBe('applied');
    // DIJEMPUT after SELESAI: recorded for the timeline, the order stays DELIVERED.
    expect((await post(callback(reference, 1002, 'DIJEMPUT'))).body.outcome).toBe('stale');
    const order = (await delivery.store.byReferences([reference])).get(reference)!;
    expect(order).toMatchObject({ status: 'DELIVERED', courier: { name: 'Agus', phone: '+6281299990000' }, proof: { receiverName: 'SARI', photoReference: 'bukti/1.jpg' } });
    expect((await delivery.store.timelines([reference])).get(reference)!.map((s) => s.status)).toEqual(['COURIER_ASSIGNED', 'PICKED_UP', 'DELIVERED']);
  });

  it('refuses a callback with another secret or without the gateway\'s token, and changes nothing', async () => {
    const reference = await requested();
    const forged = await post(callback(reference, 2001, 'GAGAL', { alasan: 'PENERIMA MENOLAK' }), { secret: 'someone-elses-secret-0001' });
    expect(forged.status).toBe(401);
    expect(JSON.stringify(forged.body)).not.toContain('GAGAL');
    const direct = await post(callback(reference, 2002, 'DRIVER_DITEMUKAN'), { hop: false });
    expect(direct.status).toBe(401);
    expect(await statusOf(reference)).toBe('REQUESTED');
    // The forged event id was not taken: the partner's real event with that id still counts.
    expect((await post(callback(reference, 2001, 'DRIVER_DITEMUKAN'))).body.outcome).toBe('applied');
  });

  it('applies the same rule to polled changes and to the order\'s own answer, and ignores orders Gerbang did not place', async () => {
    const reference = await requested();
    const db = delivery.store.db;
    expect(await applyStatusEvent(db, { eventId: '3002', reference, orderId: 'OJL-1', status: 'PICKED_UP', statusAt: null }, 'poll')).toBe('applied');
    expect(await applyStatusEvent(db, { eventId: '3001', reference, orderId: 'OJL-1', status: 'COURIER_ASSIGNED', statusAt: null }, 'callback')).toBe('stale');
    // Another partner order under the same reference: not ours.
    expect(await applyStatusEvent(db, { eventId: '3003', reference, orderId: 'OJL-2', status: 'DELIVERED', statusAt: null }, 'callback')).toBe('unknown-order');
    expect(await applyStatusEvent(db, { eventId: '3004', reference: 'GB-OJL-ffffffffffffffffffffffff', orderId: 'OJL-9', status: 'DELIVERED', statusAt: null }, 'poll')).toBe('unknown-order');
    // A snapshot older than what is recorded fills nothing backwards.
    await mergeOrderSnapshot(db, {
      orderId: 'OJL-1', reference, kind: 'DELIVERY', quoteId: null, origin: office, destination: home, itemDescription: 'KTP-el', note: null, feeRupiah: 18_500, distanceMeters: 4_000,
      status: 'COURIER_ASSIGNED', courier: { name: 'Budi', plate: 'B 2 Y', phone: '+6281300000000' }, proof: null, reason: null, cancelledBy: null, createdAt: null, updatedAt: null, history: [],
    });
    expect(await statusOf(reference)).toBe('PICKED_UP');
  });

  it('names ojol, notifikasi and siak on /readyz, ojol alone as not ready while it is down', async () => {
    const ready = await fetch(`${delivery.url}/readyz`);
    expect(ready.status).toBe(200);
    await apps.ojol.stop();
    try {
      const down = (await (await fetch(`${delivery.url}/readyz`)).json()) as { legacy: Record<string, string> };
      expect(down.legacy.notifikasi).toBe('ready');
      expect(down.legacy.siak).toBe('ready');
      expect(down.legacy.ojol).not.toBe('ready');
    } finally {
      await apps.ojol.restart();
    }
  });
});
