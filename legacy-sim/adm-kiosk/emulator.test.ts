import type { Knex } from 'knex';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { generateWorld } from '../world/generator';
import { failPrintJob, setKioskStatus, withdrawPin } from './back-office';
import { admKioskEmulator } from './emulator';
import { KioskHistory } from './rows';
import { CETAK_TABLE, KIOSK_TABLE, LOG_TABLE, PIN_TABLE } from './schema';
import { startAdmKiosk, type RunningAdmKiosk } from './server';

/** The mall kiosk application: its seeded tables, and its REST API over them (SQLite or MariaDB). */
describe(`adm-kiosk emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;
  let app: RunningAdmKiosk;
  // The application's clock: tests let minutes pass at once.
  let now = new Date('2026-12-07T05:00:00Z');
  const pass = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));
  const headers = { 'X-API-Key': 'kunci-kiosk-uji', 'content-type': 'application/json' };
  const get = async (path: string) => (await (await fetch(`${app.url}${path}`, { headers })).json()) as { status: string; pesan: string; data: any; total?: number };
  const post = async (path: string, body: unknown) => (await (await fetch(`${app.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })).json()) as { status: string; pesan: string; data: any };
  const world = generateWorld(TEST_WORLD);
  const family = world[4]!;
  const pinFor = (reference: string, overrides: Record<string, unknown> = {}) => post('/api/pin', { kd_referensi: reference, nik: family.members[0]!.nik, jenis_dokumen: 'KK', no_dokumen: family.kkNumber, kanal: 'WEB', ...overrides });

  beforeAll(async () => {
    legacy = await seededStorage('adm-kiosk-emulator', [admKioskEmulator]);
    db = legacy.open('adm-kiosk');
    app = await startAdmKiosk(legacy.storage, { port: 0, apiKey: 'kunci-kiosk-uji', printSeconds: 120, listSlowMs: 250, now: () => now });
  });

  afterAll(async () => {
    await app?.close();
    await legacy?.cleanup();
  });

  it('seeds PINs for the world\'s documents, printed at the malls\' kiosks, with a log that tells each one\'s life', async () => {
    const pins = (await db(PIN_TABLE).select()) as Array<Record<string, any>>;
    const prints = (await db(CETAK_TABLE).select()) as Array<Record<string, any>>;
    const log = (await db(LOG_TABLE).orderBy('id_log')) as Array<Record<string, any>>;
    const kiosks = new Set(((await db(KIOSK_TABLE).select('id_kiosk')) as Array<{ id_kiosk: string }>).map((k) => k.id_kiosk));
    expect(kiosks.size).toBe(9);
    expect(pins.length).toBeGreaterThan(3);
    const niks = new Set(world.flatMap((f) => f.members.map((m) => m.nik)));
    const kks = new Set(world.map((f) => f.kkNumber));
    for (const p of pins) {
      expect(niks.has(p.nik)).toBe(true);
      expect(p.pin).toMatch(/^\d{6}$/);
      if (p.jenis_dokumen === 'KK') expect(kks.has(p.no_dokumen)).toBe(true);
      if (p.jenis_dokumen === 'KIA') expect(niks.has(p.no_dokumen)).toBe(true);
      expect(['TERPAKAI', 'KEDALUWARSA', 'BATAL']).toContain(p.status_pin);
      const steps = log.filter((l) => Number(l.id_pin) === Number(p.id_pin)).map((l) => l.peristiwa);
      expect(steps[0]).toBe('PIN_TERBIT');
      if (p.status_pin === 'TERPAKAI') {
        expect(kiosks.has(p.id_kiosk)).toBe(true);
        expect(String(p.dipakai) <= String(p.berlaku_sampai)).toBe(true);
        expect(prints.some((c) => Number(c.id_pin) === Number(p.id_pin))).toBe(true);
        expect(steps.slice(1, 2)).toEqual(['CETAK_MULAI']);
      }
    }
    const stamps = log.map((l) => String(l.waktu));
    expect(stamps).toEqual([...stamps].sort());
    expect(new Set(prints.map((c) => c.status_cetak)).has('SELESAI')).toBe(true);
  });

  it('is deterministic from the seed', () => {
    const run = () => {
      const history = new KioskHistory(TEST_WORLD);
      return world.map((f) => history.pinsFor(f));
    };
    expect(run()).toEqual(run());
  });

  it('issues a PIN valid 15 minutes once per reference; a kiosk prints it in about two minutes', async () => {
    const issued = await pinFor('PORTAL-KIOSK-1');
    expect(issued).toMatchObject({ status: '00', data: { status_pin: 'AKTIF', status: 'MENUNGGU', dibuat: '07-12-2026 12:00:00', berlaku_sampai: '07-12-2026 12:15:00', cetak: null, kd_referensi: 'PORTAL-KIOSK-1' } });
    expect(issued.data.pin).toMatch(/^\d{6}$/);
    expect(await pinFor('PORTAL-KIOSK-1')).toMatchObject({ status: '51' });
    pass(300);
    const started = await post('/api/cetak', { id_kiosk: 'ADM-M1-02', pin: issued.data.pin });
    expect(started).toMatchObject({ status: '00', data: { status_pin: 'TERPAKAI', status: 'PROSES', id_kiosk: 'ADM-M1-02', kode_mall: 'M1', cetak: { status_cetak: 'PROSES', mulai: '07-12-2026 12:05:00', estimasi_selesai: '07-12-2026 12:07:00' } } });
    pass(60);
    expect(await get(`/api/pin?id=${issued.data.id_pin}`)).toMatchObject({ data: [{ status: 'PROSES' }] });
    pass(61);
    const done = await get(`/api/pin?kd_referensi=PORTAL-KIOSK-1`);
    expect(done).toMatchObject({ data: [{ status: 'SELESAI', cetak: { status_cetak: 'SELESAI', selesai: '07-12-2026 12:07:00' } }] });
    expect(done.data[0].riwayat.map((r: any) => r.peristiwa)).toEqual(['PIN_TERBIT', 'CETAK_MULAI', 'CETAK_SELESAI']);
  });

  it('refuses a reused, expired, unknown or withdrawn PIN, and a kiosk out of order, with its own codes', async () => {
    const used = await pinFor('PORTAL-KIOSK-2');
    expect(await post('/api/cetak', { id_kiosk: 'ADM-M2-01', pin: used.data.pin })).toMatchObject({ status: '00' });
    expect(await post('/api/cetak', { id_kiosk: 'ADM-M2-02', pin: used.data.pin })).toMatchObject({ status: '73', data: null });
    const late = await pinFor('PORTAL-KIOSK-3');
    pass(15 * 60 + 1);
    expect(await post('/api/cetak', { id_kiosk: 'ADM-M2-01', pin: late.data.pin })).toMatchObject({ status: '72' });
    expect(await get(`/api/pin?id=${late.data.id_pin}`)).toMatchObject({ data: [{ status_pin: 'KEDALUWARSA', status: 'KEDALUWARSA' }] });
    const withdrawn = await pinFor('PORTAL-KIOSK-4');
    expect(await post(`/api/pin/${withdrawn.data.id_pin}/batal`, {})).toMatchObject({ status: '00', data: { status_pin: 'BATAL' } });
    expect(await post(`/api/pin/${withdrawn.data.id_pin}/batal`, {})).toMatchObject({ status: '76' });
    expect(await post('/api/cetak', { id_kiosk: 'ADM-M2-01', pin: withdrawn.data.pin })).toMatchObject({ status: '71' });
    expect(await post('/api/cetak', { id_kiosk: 'ADM-M2-01', pin: 'abc' })).toMatchObject({ status: '71' });
    const fresh = await pinFor('PORTAL-KIOSK-5');
    await setKioskStatus(db, 'ADM-M3-01', 'RUSAK');
    expect(await post('/api/cetak', { id_kiosk: 'ADM-M3-01', pin: fresh.data.pin })).toMatchObject({ status: '74' });
    await setKioskStatus(db, 'ADM-M3-01', 'AKTIF');
    expect(await post('/api/cetak', { id_kiosk: 'ADM-M9-01', pin: fresh.data.pin })).toMatchObject({ status: '05' });
    expect(await pinFor('PORTAL-KIOSK-6', { jenis_dokumen: 'KTP' })).toMatchObject({ status: '05' });
  });

  it('shows a print the kiosk desk marks failed, and logs every step in order after a given entry', async () => {
    const [{ n: last }] = (await db(LOG_TABLE).max({ n: 'id_log' })) as [{ n: number }];
    const issued = await pinFor('PORTAL-KIOSK-7');
    await post('/api/cetak', { id_kiosk: 'ADM-M4-01', pin: issued.data.pin });
    await failPrintJob(db, issued.data.id_pin, 'kertas macet', { petugas: '198001012005011001', now });
    const other = await pinFor('PORTAL-KIOSK-8');
    await withdrawPin(db, other.data.id_pin, { now });
    const changes = await get(`/api/log?sejak=${last}&jumlah=50`);
    expect(changes.data.map((c: any) => `${c.data.id_pin}:${c.peristiwa}`)).toEqual([
      `${issued.data.id_pin}:PIN_TERBIT`, `${issued.data.id_pin}:CETAK_MULAI`, `${issued.data.id_pin}:CETAK_GAGAL`, `${other.data.id_pin}:PIN_TERBIT`, `${other.data.id_pin}:PIN_BATAL`,
    ]);
    expect(changes.data[2]).toMatchObject({ petugas: '198001012005011001', ket: 'KERTAS MACET', id_kiosk: 'ADM-M4-01', data: { status: 'GAGAL' } });
    expect((await get(`/api/log?sejak=${changes.data.at(-1).id_log}`)).data).toEqual([]);
  });

  it('lists PINs in pages by issue time, slowly, with the report\'s status filter; counts them per status', async () => {
    const started = performance.now();
    const page = await get('/api/daftar-pin?halaman=1&per_halaman=5');
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    const [{ n }] = (await db(PIN_TABLE).count({ n: '*' })) as [{ n: number | string }];
    expect(page).toMatchObject({ status: '00', total: Number(n) });
    expect(page.data).toHaveLength(5);
    const failed = await get('/api/daftar-pin?status=GAGAL,BATAL&per_halaman=100');
    expect(failed.data.length).toBeGreaterThan(0);
    expect(failed.data.every((p: any) => ['GAGAL', 'BATAL'].includes(p.status))).toBe(true);
    const mall = await get('/api/daftar-pin?kode_mall=M4&per_halaman=100');
    expect(mall.data.every((p: any) => p.kode_mall === 'M4')).toBe(true);
    const rekap = await get('/api/rekap');
    expect(rekap.data.reduce((s: number, r: any) => s + r.jumlah, 0)).toBe(Number(n));
    expect((await get('/api/rekap?status=GAGAL,BATAL')).data.reduce((s: number, r: any) => s + r.jumlah, 0)).toBe(failed.total);
    expect(await get('/api/daftar-pin?status=RUSAK')).toMatchObject({ status: '05' });
    expect((await get('/api/kiosk')).data[0]).toMatchObject({ id_kiosk: 'ADM-M1-01', kode_mall: 'M1', status_kiosk: 'AKTIF' });
  });
});
