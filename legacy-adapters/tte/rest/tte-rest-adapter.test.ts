import type { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { deadlineIn } from '@core/deadline';
import type { GerbangError } from '@core/errors';
import { tteEmulator } from '@sim/tte/emulator';
import { TTD_TABLE } from '@sim/tte/schema';
import { revokeSignature } from '@sim/tte/signatures';
import { startTte, type RunningTte } from '@sim/tte/server';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { resilienceSettings } from '../../base/resilience';
import { connectTte, type TteConnection } from '../index';

const API_KEY = 'kunci-adapter-tte';
const unhurried = () => deadlineIn(10_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The signature adapter against the running tte emulator (its storage on SQLite or MariaDB). */
describe(`tte REST adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let officer: Knex;
  let app: RunningTte;
  let tte: TteConnection;

  beforeAll(async () => {
    legacy = await seededStorage('tte-adapter', [tteEmulator]);
    officer = legacy.open('tte');
    app = await startTte(legacy.storage, { port: 0, apiKey: API_KEY });
    tte = connectTte({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 2_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 }) });
  });

  afterEach(async () => {
    app.setLatency(0);
    await app.restart();
  });

  afterAll(async () => {
    tte?.client.close();
    await app?.close();
    await legacy?.cleanup();
  });

  it('signs a document, and the QR verifies as valid with the public metadata', async () => {
    const hash = sha256('akta 1');
    const signed = await tte.port.signDocument({ documentHash: hash.toUpperCase(), documentType: 'akta_lahir', documentNumber: '3674-LT-01012026-0001', reference: 'ADAPTER-TTE-1' }, unhurried());
    expect(signed).toMatchObject({ documentHash: hash, documentType: 'AKTA_LAHIR', status: 'ACTIVE', reference: 'ADAPTER-TTE-1', revokedAt: null });
    expect(signed.signer.nip).toMatch(/^\d{18}$/);
    expect(signed.signedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    const verified = await tte.port.verifyQr(signed.qrPayload, unhurried());
    expect(verified).toMatchObject({ verdict: 'VALID', genuine: true, current: true, revoked: false, document: { signatureId: signed.signatureId, documentHash: hash, documentNumber: '3674-LT-01012026-0001' } });
  });

  it('signs once per reference: asking again answers the same signature, another document is a CONFLICT', async () => {
    const request = { documentHash: sha256('kk 1'), documentType: 'KK', documentNumber: '3674010101260001', reference: 'ADAPTER-TTE-2' };
    const posts = app.calls.of('POST /api/tte');
    const first = await tte.port.signDocument(request, unhurried());
    const again = await tte.port.signDocument(request, unhurried());
    expect(again.signatureId).toBe(first.signatureId);
    expect(app.calls.of('POST /api/tte') - posts).toBe(1);
    await expect(tte.port.signDocument({ ...request, documentHash: sha256('other') }, unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    await expect(tte.port.signDocument({ ...request, documentHash: 'xyz' }, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect((await tte.port.signatureByReference('ADAPTER-TTE-2', unhurried()))?.signatureId).toBe(first.signatureId);
    expect(await tte.port.signatureByReference('ADAPTER-TTE-NONE', unhurried())).toBeNull();
  });

  it('a sign whose answer was lost is found by its reference, and not signed twice', async () => {
    const slow = connectTte({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 200, retries: 0 }) });
    try {
      const request = { documentHash: sha256('kk 3'), documentType: 'KK', documentNumber: '3674010101260003', reference: 'ADAPTER-TTE-3' };
      app.setLatency(400, 'POST /api/tte');
      const error = await slow.port.signDocument(request, deadlineIn(2_000)).then(() => undefined, (e: unknown) => e as GerbangError);
      expect(error?.code).toBe('LEGACY_TIMEOUT');
      await sleep(400);
      app.setLatency(0);
      const signed = await tte.port.signDocument(request, unhurried());
      const rows = (await officer(TTD_TABLE).where({ no_referensi: 'ADAPTER-TTE-3' })) as Array<{ id_ttd: string }>;
      expect(rows.map((r) => r.id_ttd)).toEqual([signed.signatureId]);
    } finally {
      slow.client.close();
    }
  });

  it('reports a changed payload as TAMPERED, garbage without asking, and an unknown one as UNKNOWN', async () => {
    const signed = await tte.port.signDocument({ documentHash: sha256('kk 4'), documentType: 'KK', documentNumber: '3674010101260004', reference: 'ADAPTER-TTE-4' }, unhurried());
    const [body, signature] = signed.qrPayload.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString()) as Record<string, string>;
    const changed = `${Buffer.from(JSON.stringify({ ...claims, no: '3674010101269999' })).toString('base64url')}.${signature}`;
    expect(await tte.port.verifyQr(changed, unhurried())).toMatchObject({ verdict: 'TAMPERED', genuine: false, document: null });
    const calls = app.calls.of('GET /api/verifikasi');
    expect((await tte.port.verifyQr('not a qr code', unhurried())).verdict).toBe('TAMPERED');
    expect(app.calls.of('GET /api/verifikasi')).toBe(calls);
    // Well signed by the application, but the row is gone (a restored backup, say).
    await officer(TTD_TABLE).where({ id_ttd: signed.signatureId }).delete();
    expect((await tte.port.verifyQr(signed.qrPayload, unhurried())).verdict).toBe('UNKNOWN');
  });

  it('revokes once; the QR then verifies as REVOKED, and a newer signature supersedes an older one', async () => {
    const base = { documentType: 'KK', documentNumber: '3674010101260005' };
    const older = await tte.port.signDocument({ ...base, documentHash: sha256('v1'), reference: 'ADAPTER-TTE-5' }, unhurried());
    await sleep(1_100);
    const newer = await tte.port.signDocument({ ...base, documentHash: sha256('v2'), reference: 'ADAPTER-TTE-6' }, unhurried());
    expect((await tte.port.verifyQr(older.qrPayload, unhurried())).verdict).toBe('SUPERSEDED');
    const revoked = await tte.port.revoke(newer.signatureId, 'salah  cetak', unhurried());
    expect(revoked).toMatchObject({ status: 'REVOKED', revocationReason: 'SALAH CETAK' });
    const posts = app.calls.of('POST /api/tte/:id_ttd/cabut');
    expect((await tte.port.revoke(newer.signatureId, 'again', unhurried()))?.revokedAt).toBe(revoked?.revokedAt);
    expect(app.calls.of('POST /api/tte/:id_ttd/cabut')).toBe(posts);
    expect(await tte.port.verifyQr(newer.qrPayload, unhurried())).toMatchObject({ verdict: 'REVOKED', genuine: true, current: false, revoked: true });
    expect((await tte.port.verifyQr(older.qrPayload, unhurried())).verdict).toBe('VALID');
    expect(await tte.port.revoke('TTE-20000101-00000000', 'x', unhurried())).toBeNull();
  });

  it('shows a revocation made in the application\'s own screen on the next read', async () => {
    const row = (await officer(TTD_TABLE).where({ status: 'AKTIF', no_referensi: null }).first()) as { id_ttd: string; qr_payload: string };
    expect((await tte.port.verifyQr(row.qr_payload, unhurried())).genuine).toBe(true);
    await revokeSignature(officer, row.id_ttd, 'dokumen dibatalkan');
    expect(await tte.port.verifyQr(row.qr_payload, unhurried())).toMatchObject({ verdict: 'REVOKED', note: expect.stringContaining('DOKUMEN DIBATALKAN') });
  });

  it('is LEGACY_UNAVAILABLE fast while the app is down and answers again once it is back', async () => {
    await app.stop();
    const started = performance.now();
    const error = await tte.port.signature('TTE-20000101-00000000', unhurried()).then(() => undefined, (e: unknown) => e as GerbangError);
    expect(error?.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'tte' });
    expect(error?.message).not.toMatch(/127\.0\.0\.1|ECONN|\/api/);
    expect(performance.now() - started).toBeLessThan(1_000);
    await expect(tte.port.ping(unhurried())).rejects.toMatchObject({ extensions: { code: 'LEGACY_UNAVAILABLE' } });
    await app.restart();
    await sleep(250);
    await tte.port.ping(unhurried());
    expect(tte.client.health()).toBe('up');
  });

  it('is LEGACY_TIMEOUT within the deadline when the app is slow', async () => {
    const slow = connectTte({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 150, retries: 1, backoffInitialMs: 10 }) });
    try {
      app.setLatency(1_000);
      const started = performance.now();
      const error = await slow.port.verifyQr('abc.def', deadlineIn(900)).then(() => undefined, (e: unknown) => e as GerbangError);
      expect(error?.code).toBe('LEGACY_TIMEOUT');
      expect(performance.now() - started).toBeLessThan(850);
    } finally {
      slow.client.close();
    }
  });
});
