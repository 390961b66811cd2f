import type { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { generateWorld } from '../world/generator';
import { seededKey } from './keys';
import { TteHistory } from './rows';
import { TTD_TABLE } from './schema';
import { tteEmulator } from './emulator';
import { startTte, type RunningTte } from './server';

/** The signature application: its seeded tables, and its REST API over them (SQLite or MariaDB). */
describe(`tte emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;
  let app: RunningTte;
  const headers = { 'X-API-Key': 'kunci-tte-uji', 'content-type': 'application/json' };
  const get = async (path: string) => (await (await fetch(`${app.url}${path}`, { headers })).json()) as { status: string; data: any };
  const post = async (path: string, body: unknown) => (await (await fetch(`${app.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })).json()) as { status: string; data: any };
  const hash = (text: string) => createHash('sha256').update(text).digest('hex');

  beforeAll(async () => {
    legacy = await seededStorage('tte-emulator', [tteEmulator]);
    db = legacy.open('tte');
    app = await startTte(legacy.storage, { port: 0, apiKey: 'kunci-tte-uji' });
  });

  afterAll(async () => {
    await app?.close();
    await legacy?.cleanup();
  });

  it('seeds signed family cards, some re-signed or revoked, deterministically', async () => {
    const rows = (await db(TTD_TABLE).select('status', 'no_dokumen')) as Array<{ status: string; no_dokumen: string }>;
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => r.status === 'AKTIF' || r.status === 'DICABUT')).toBe(true);
    const run = () => generateWorld(TEST_WORLD).flatMap((f) => new TteHistory(TEST_WORLD, seededKey(TEST_WORLD.seed)).rowsFor(f));
    expect(run()).toEqual(run());
  });

  it('signs once per reference, and the QR verifies as genuine and current', async () => {
    const signed = await post('/api/tte', { jenis_dokumen: 'akta_lahir', no_dokumen: '3674-LT-01012026-0001', hash_dokumen: hash('a'), no_referensi: 'SIGN-EMU-1' });
    expect(signed).toMatchObject({ status: '00', data: { jenis_dokumen: 'AKTA_LAHIR', hash_dokumen: hash('a').toUpperCase(), status: 'AKTIF', tgl_cabut: '', alasan_cabut: '-' } });
    expect(signed.data.id_ttd).toMatch(/^TTE-\d{8}-[0-9A-F]{8}$/);
    expect(await post('/api/tte', { jenis_dokumen: 'AKTA_LAHIR', no_dokumen: 'X', hash_dokumen: hash('b'), no_referensi: 'SIGN-EMU-1' })).toMatchObject({ status: '51' });
    expect(await post('/api/tte', { jenis_dokumen: 'AKTA_LAHIR', no_dokumen: 'X', hash_dokumen: 'abc', no_referensi: 'SIGN-EMU-2' })).toMatchObject({ status: '05' });
    const verified = await get(`/api/verifikasi?qr=${encodeURIComponent(signed.data.qr)}`);
    expect(verified).toMatchObject({ status: '00', data: { sah: 'Y', berlaku: 'Y', dokumen: { id_ttd: signed.data.id_ttd, no_dokumen: '3674-LT-01012026-0001' } } });
  });

  it('detects a tampered payload, a superseded signature and a revoked one', async () => {
    const first = await post('/api/tte', { jenis_dokumen: 'KK', no_dokumen: '3674010101260099', hash_dokumen: hash('v1'), no_referensi: 'SIGN-EMU-3' });
    const [body, signature] = (first.data.qr as string).split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...claims, hash: hash('forged') })).toString('base64url')}.${signature}`;
    expect(await get(`/api/verifikasi?qr=${encodeURIComponent(forged)}`)).toMatchObject({ status: '00', data: { sah: 'T', berlaku: 'T', dokumen: null } });
    expect(await get(`/api/verifikasi?qr=${encodeURIComponent(`${body}.AAAA`)}`)).toMatchObject({ data: { sah: 'T' } });
    await new Promise((r) => setTimeout(r, 1_100));
    const second = await post('/api/tte', { jenis_dokumen: 'KK', no_dokumen: '3674010101260099', hash_dokumen: hash('v2'), no_referensi: 'SIGN-EMU-4' });
    expect(await get(`/api/verifikasi?qr=${encodeURIComponent(first.data.qr)}`)).toMatchObject({ data: { sah: 'Y', berlaku: 'T' } });
    expect(await post(`/api/tte/${second.data.id_ttd}/cabut`, { alasan: 'salah cetak' })).toMatchObject({ status: '00', data: { status: 'DICABUT', alasan_cabut: 'SALAH CETAK' } });
    expect(await post(`/api/tte/${second.data.id_ttd}/cabut`, { alasan: 'lagi' })).toMatchObject({ status: '51' });
    expect(await get(`/api/verifikasi?qr=${encodeURIComponent(second.data.qr)}`)).toMatchObject({ data: { sah: 'Y', berlaku: 'T', dokumen: { status: 'DICABUT' } } });
    // With the newer one revoked, the first is the current signature again.
    expect(await get(`/api/verifikasi?qr=${encodeURIComponent(first.data.qr)}`)).toMatchObject({ data: { sah: 'Y', berlaku: 'Y' } });
  });

  it('verifies the seeded QR codes with the key kept in its own storage', async () => {
    const row = (await db(TTD_TABLE).where({ status: 'DICABUT' }).first()) as { qr_payload: string } | undefined;
    const any = (await db(TTD_TABLE).first()) as { qr_payload: string };
    const answer = await get(`/api/verifikasi?qr=${encodeURIComponent((row ?? any).qr_payload)}`);
    expect(answer.data.sah).toBe('Y');
    expect(await get('/api/tte?no_referensi=TIDAK-ADA')).toMatchObject({ status: '14' });
  });
});
