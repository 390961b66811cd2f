import type { Knex } from 'knex';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { generateWorld } from '../world/generator';
import { historyOf, queue, setItemStatus, showBatch } from './back-office';
import { sirenaEmulator } from './emulator';
import { SirenaHistory, type BatchRow, type ItemRow } from './rows';
import { BATCH_TABLE, ITEM_TABLE, REJECTIONS, RIWAYAT_TABLE } from './schema';

function history(world = TEST_WORLD) {
  const h = new SirenaHistory(world);
  for (const family of generateWorld(world)) h.addFamily(family);
  return h.finish();
}

/** Sirena: its seeded tables (SQLite or MariaDB), its check on arrival, and its screens. */
describe(`sirena emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;

  beforeAll(async () => {
    legacy = await seededStorage('sirena-emulator', [sirenaEmulator]);
    db = legacy.open('sirena');
  });

  afterAll(async () => {
    await legacy?.cleanup();
  });

  it('seeds deterministically: batches per kelurahan of the world, items of its families, a history for each', async () => {
    expect(history()).toEqual(history());
    const batches = (await db(BATCH_TABLE).select()) as BatchRow[];
    const items = (await db(ITEM_TABLE).select()) as ItemRow[];
    expect(items.length).toBeGreaterThanOrEqual(30);
    const world = generateWorld(TEST_WORLD);
    const kelurahan = new Set(world.map((f) => f.kelurahanCode.replace(/\./g, '')));
    expect(batches.every((b) => /^SRN-\d{10}-\d{8}-\d{4}$/.test(b.NO_BATCH) && kelurahan.has(b.NO_BATCH.slice(4, 14)))).toBe(true);
    const kks = new Set(world.map((f) => f.kkNumber));
    expect(items.every((i) => i.NO_KK && kks.has(i.NO_KK))).toBe(true);
    // What the trigger wrote agrees with what the seed meant.
    expect(items).toEqual(expect.arrayContaining(history().items.map((i) => expect.objectContaining({ ID_ITEM: i.ID_ITEM, STATUS: i.STATUS, ALASAN_TOLAK: i.ALASAN_TOLAK }))));
    const riwayat = (await db(RIWAYAT_TABLE).select('ID_ITEM')) as Array<{ ID_ITEM: number }>;
    expect(new Set(riwayat.map((r) => r.ID_ITEM)).size).toBe(items.length);
  });

  it('a city of 10,000 has every status, every kind, batches of several items and malformed items rejected on arrival', () => {
    const { batches, items } = history({ ...TEST_WORLD, scale: 10_000 });
    expect(items.length).toBeGreaterThan(100);
    for (const status of ['K', 'V', 'T', 'P', 'S', 'A']) expect(items.some((i) => i.STATUS === status)).toBe(true);
    for (const kind of [1, 2, 3, 4, 5, 6]) expect(items.some((i) => i.JENIS_BERKAS === kind)).toBe(true);
    expect(batches.some((b) => b.JML_ITEM > 1)).toBe(true);
    expect(items.some((i) => i.ALASAN_TOLAK === REJECTIONS.TGL || i.ALASAN_TOLAK === REJECTIONS.NIK_PEMOHON)).toBe(true);
  });

  it('its check rejects a malformed item with a reason while the good ones of the batch go through', async () => {
    const [id] = (await db(BATCH_TABLE).insert({ NO_BATCH: 'SRN-3674011001-20260105-0999', NO_PROP: 36, NO_KAB: 74, NO_KEC: 1, NO_KEL: 1001, PETUGAS_KEL: 'kel1001', TGL_KIRIM: '2026-01-05 10:00:00', JML_ITEM: 7 })) as number[];
    const batchId = testBackend() === 'mysql' ? id! : Number((await db(BATCH_TABLE).where({ NO_BATCH: 'SRN-3674011001-20260105-0999' }).select('ID_BATCH'))[0].ID_BATCH);
    const good = { ID_BATCH: batchId, NIK_PEMOHON: '3674010101800001', NO_KK: '3674010101150001', STATUS: 'K', TGL_STATUS: '2026-01-05 10:00:00', NIK_SUBJEK: null, NAMA_SUBJEK: null, TGL_PERISTIWA: null };
    await db(ITEM_TABLE).insert([
      { ...good, NO_URUT: 1, JENIS_BERKAS: 3, NAMA_SUBJEK: 'BAYI', TGL_PERISTIWA: '03-01-2026' },
      { ...good, NO_URUT: 2, JENIS_BERKAS: 3, NAMA_SUBJEK: 'BAYI', TGL_PERISTIWA: '2026-01-03' },
      { ...good, NO_URUT: 3, JENIS_BERKAS: 9 },
      { ...good, NO_URUT: 4, JENIS_BERKAS: 4, TGL_PERISTIWA: '01-01-2026' },
      { ...good, NO_URUT: 5, JENIS_BERKAS: 2, NO_KK: '36740101' },
      { ...good, NO_URUT: 6, JENIS_BERKAS: 3, TGL_PERISTIWA: '03-01-2026' },
      { ...good, NO_URUT: 7, JENIS_BERKAS: 2, NIK_PEMOHON: '36740101018000AB' },
    ]);
    const { items } = (await showBatch(db, 'SRN-3674011001-20260105-0999'))!;
    expect(items.map((i) => [i.STATUS, i.ALASAN_TOLAK])).toEqual([
      ['K', null], ['T', REJECTIONS.TGL], ['T', REJECTIONS.JENIS], ['T', REJECTIONS.NIK_SUBJEK], ['T', REJECTIONS.NO_KK], ['T', REJECTIONS.NAMA], ['T', REJECTIONS.NIK_PEMOHON],
    ]);
  });

  it('the Dinas verifies an item from the queue, the history records it; a wrong move is refused', async () => {
    const [first] = await queue(db, 'K');
    expect(first).toBeDefined();
    const changed = await setItemStatus(db, first!.NO_BATCH, first!.NO_URUT, 'V', 'Cek berkas', '199001152015031004');
    expect(changed.STATUS).toBe('V');
    const trail = await historyOf(db, first!.ID_ITEM);
    expect(trail[trail.length - 1]).toMatchObject({ STATUS: 'V', PETUGAS: '199001152015031004', CATATAN: 'Cek berkas' });
    await expect(setItemStatus(db, first!.NO_BATCH, first!.NO_URUT, 'A', null, 'X')).rejects.toThrow(/cannot go/);
  });
});
