import type { Knex } from 'knex';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { isoToDay } from '../world/dates';
import { generateWorld } from '../world/generator';
import { counterQueue, receiveAtCounter, showRequest, workRequest } from './back-office';
import { kecamatanEmulator } from './emulator';
import { KecamatanHistory, VERSION_2_DAY, type PermohonanRow, type RiwayatRow } from './rows';
import { PERMOHONAN_TABLE, RIWAYAT_TABLE } from './schema';

function history(scale: number) {
  const world = { ...TEST_WORLD, scale };
  const drawn = new KecamatanHistory(world);
  for (const family of generateWorld(world)) drawn.add(family);
  return drawn.rows();
}

/** The kecamatan counter application: its seeded tables (SQLite or MariaDB) and its counter screen. */
describe(`kecamatan emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;

  beforeAll(async () => {
    legacy = await seededStorage('kecamatan-emulator', [kecamatanEmulator]);
    db = legacy.open('kecamatan');
  });

  afterAll(async () => {
    await legacy?.cleanup();
  });

  it('seeds deterministically: requests of the world\'s residents, numbered per office and day, with their history since version 2', async () => {
    expect(history(TEST_WORLD.scale)).toEqual(history(TEST_WORLD.scale));
    const rows = (await db(PERMOHONAN_TABLE).select()) as PermohonanRow[];
    expect(rows.length).toBeGreaterThanOrEqual(20);
    const niks = new Set(generateWorld(TEST_WORLD).flatMap((f) => f.members.map((m) => m.nik)));
    const logs = (await db(RIWAYAT_TABLE).orderBy('id_riwayat')) as RiwayatRow[];
    for (const row of rows) {
      expect(niks.has(row.nik_pemohon!)).toBe(true);
      expect(row.no_registrasi).toMatch(/^REG-3674\d{2}-\d{8}-\d{4}$/);
      expect(row.nip_petugas).toMatch(/^\d{18}$/);
      const mine = logs.filter((l) => l.id_permohonan === row.id_permohonan);
      if (String(row.tgl_daftar).slice(0, 10) < VERSION_2_DAY) {
        expect(mine).toHaveLength(0);
        expect(row.status).toBe(row.status.toLowerCase());
      } else {
        expect(mine[0]?.status).toBe('DITERIMA');
        expect(mine.at(-1)?.status).toBe(row.status);
      }
    }
    expect(new Set(rows.map((r) => r.no_registrasi)).size).toBe(rows.length);
  });

  it('a larger world has all 7 services at all 7 kecamatan, mostly done, some overdue, some recent', () => {
    const { permohonan, riwayat } = history(10_000);
    expect(permohonan.length).toBeGreaterThan(500);
    expect(permohonan.length).toBeLessThan(2_000);
    expect(new Set(permohonan.map((r) => r.kd_layanan))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 99]));
    expect(new Set(permohonan.map((r) => r.no_kec)).size).toBe(7);
    const reference = isoToDay(TEST_WORLD.referenceDate);
    const day = (r: PermohonanRow) => isoToDay(r.tgl_daftar.slice(0, 10));
    const open = permohonan.filter((r) => ['DITERIMA', 'DIPROSES', 'diterima', 'diproses'].includes(r.status));
    expect(open.filter((r) => reference - day(r) > 14).length).toBeGreaterThan(5);
    expect(open.filter((r) => reference - day(r) <= 3).length).toBeGreaterThan(3);
    expect(permohonan.filter((r) => r.status === 'SELESAI').length / permohonan.length).toBeGreaterThan(0.6);
    expect(permohonan.some((r) => r.status === 'DITOLAK' && r.keterangan)).toBe(true);
    // Ids of the history follow time, and nothing happened after the reference date.
    const stamps = riwayat.map((r) => r.tgl_status);
    expect([...stamps].sort()).toEqual(stamps);
    expect(stamps.at(-1)! < `${TEST_WORLD.referenceDate} 00:00:00`).toBe(true);
  });

  it('staff receive a resident, process and finish the request; each status gets its history row', async () => {
    const number = await receiveAtCounter(db, { kecamatanCode: '36.74.02', kdLayanan: 2, nik: '3674024101900001', nama: 'Siti Aminah', noKk: null, nip: '198501012010012001' });
    expect(number).toMatch(/^REG-367402-\d{8}-\d{4}$/);
    expect((await counterQueue(db, '36.74.02')).map((r) => r.no_registrasi)).toContain(number);
    await workRequest(db, number, 'DIPROSES', '198501012010012001');
    const done = await workRequest(db, number, 'SELESAI', '199002022015021002', 'diambil sendiri');
    expect(done.request).toMatchObject({ status: 'SELESAI', nip_petugas: '199002022015021002', keterangan: 'DIAMBIL SENDIRI', nama_pemohon: 'SITI AMINAH' });
    expect(done.history.map((h) => h.status)).toEqual(['DITERIMA', 'DIPROSES', 'SELESAI']);
    expect((await counterQueue(db, '36.74.02')).map((r) => r.no_registrasi)).not.toContain(number);
    await expect(workRequest(db, number, 'DIPROSES', '198501012010012001')).rejects.toThrow(/TIDAK DAPAT DIUBAH/);
    const second = await receiveAtCounter(db, { kecamatanCode: '36.74.02', kdLayanan: 5, nik: '3674024101900001', nama: 'Siti Aminah', noKk: null, nip: '198501012010012001' });
    expect(Number(second.slice(-4))).toBe(Number(number.slice(-4)) + 1);
    await expect(workRequest(db, second, 'DITOLAK', '198501012010012001')).rejects.toThrow(/KETERANGAN/);
    expect((await showRequest(db, 'REG-000000-00000000-0000'))).toBeUndefined();
  });
});
