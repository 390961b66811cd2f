import type { Knex } from 'knex';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { isoToDay } from '../world/dates';
import { generateWorld } from '../world/generator';
import { queue, setStatus, showApplication } from './back-office';
import { portalOnlineEmulator } from './emulator';
import { LOG_UPGRADE_DAY, PortalHistory, STATUS, type LampiranRow, type LogRow, type PermohonanRow } from './rows';
import { LAMPIRAN_TABLE, LOG_TABLE, PERMOHONAN_TABLE } from './schema';

function history(world = TEST_WORLD) {
  const h = new PortalHistory(world);
  for (const family of generateWorld(world)) h.addFamily(family);
  return { log: h.finish(), applications: h.applications, attachments: h.attachments };
}

/** The online portal: its seeded tables (SQLite or MariaDB) and the admin screen. */
describe(`portal-online emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;

  beforeAll(async () => {
    legacy = await seededStorage('portal-online-emulator', [portalOnlineEmulator]);
    db = legacy.open('portal-online');
  });

  afterAll(async () => {
    await legacy?.cleanup();
  });

  it('seeds deterministically, by residents of the world, with a log in the order it was written', async () => {
    expect(history()).toEqual(history());
    const rows = (await db(PERMOHONAN_TABLE).select()) as PermohonanRow[];
    expect(rows.length).toBeGreaterThanOrEqual(40);
    const niks = new Set(generateWorld(TEST_WORLD).flatMap((f) => f.members.map((m) => m.nik)));
    expect(rows.every((r) => niks.has(r.nik_pemohon))).toBe(true);
    expect(rows.every((r) => /^3674-ONL-\d{8}-\d{4}$/.test(r.no_registrasi))).toBe(true);
    expect(new Set(rows.map((r) => r.no_registrasi)).size).toBe(rows.length);
    const log = (await db(LOG_TABLE).orderBy('id_log')) as LogRow[];
    const stamps = log.map((l) => String(l.tgl_log));
    expect(stamps.length).toBeGreaterThan(rows.length);
    const attachments = (await db(LAMPIRAN_TABLE).select()) as LampiranRow[];
    expect(attachments.every((a) => /^ARS-\d{8}-[0-9A-F]{8}$/.test(a.id_arsip))).toBe(true);
  });

  it('a city of 10,000 has a realistic mix: drafts, waiting, overdue, rejected with a reason, finished, ojol, pre-upgrade rows', () => {
    const world = { ...TEST_WORLD, scale: 10_000 };
    const { applications, log } = history(world);
    expect(applications.length).toBeGreaterThan(200);
    expect(applications.length).toBeLessThan(600);
    const count = (status: number) => applications.filter((a) => a.status === status).length;
    for (const status of Object.values(STATUS)) expect(count(status)).toBeGreaterThan(0);
    expect(applications.filter((a) => a.status === STATUS.DRAFT).every((a) => a.tgl_pengajuan === null)).toBe(true);
    const reference = isoToDay(world.referenceDate);
    const overdue = applications.filter((a) => [1, 2, 4].includes(a.status) && reference - isoToDay(a.tgl_pengajuan!.slice(0, 10)) > 7);
    expect(overdue.length).toBeGreaterThan(0);
    expect(log.filter((l) => l.status_baru === STATUS.DITOLAK).every((l) => l.keterangan && l.petugas)).toBe(true);
    expect(applications.some((a) => a.antar_ojol === 1)).toBe(true);
    expect(applications.some((a) => a.tgl_pengajuan && isoToDay(a.tgl_pengajuan.slice(0, 10)) < LOG_UPGRADE_DAY && !log.some((l) => l.id_permohonan === a.id_permohonan))).toBe(true);
    expect(applications.some((a) => a.id_layanan === 12)).toBe(true);
  });

  it('the officer verifies an application from the queue; the log records who and when; a wrong move is refused', async () => {
    const waiting = await queue(db, STATUS.DIAJUKAN);
    expect(waiting.length).toBeGreaterThan(0);
    const first = waiting[0]!;
    const changed = await setStatus(db, first.no_registrasi, STATUS.VERIFIKASI, 'Cek berkas', '199001152015031004');
    expect(changed.status).toBe(STATUS.VERIFIKASI);
    const shown = (await showApplication(db, first.no_registrasi))!;
    expect(shown.log[shown.log.length - 1]).toMatchObject({ status_lama: 1, status_baru: 2, petugas: '199001152015031004', keterangan: 'Cek berkas' });
    await expect(setStatus(db, first.no_registrasi, STATUS.DIAJUKAN, null, 'X')).rejects.toThrow(/cannot go/);
    expect((await queue(db, STATUS.DIAJUKAN)).map((r) => r.no_registrasi)).not.toContain(first.no_registrasi);
  });
});
