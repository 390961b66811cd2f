import type { Knex } from 'knex';
import { deadlineIn } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { siakEmulator } from '@sim/siak/emulator';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { connectSiak, type SiakConnection } from '../index';

/** SIAK's death write against the emulator's own table: marked once, a re-delivery changes nothing. */
describe(`SIAK recordDeath (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let officer: Knex;
  let siak: SiakConnection;

  beforeAll(async () => {
    legacy = await seededStorage('siak-record-death', [siakEmulator]);
    officer = legacy.open('siak');
    siak = connectSiak(legacy.storage, { timeoutMs: 5_000, timeZone: 'Asia/Jakarta' });
  });

  afterAll(async () => {
    await siak?.client.close();
    await legacy?.cleanup();
  });

  const living = async (): Promise<string> =>
    ((await officer('BIODATA_WNI').select('NIK').where('STAT_HIDUP', 1).orderBy('NIK', 'desc').first()) as { NIK: string }).NIK;

  it('marks a living resident deceased and stamps the change, in one statement', async () => {
    const nik = await living();
    const before = siak.client.statementCount;
    const recorded = await siak.port.recordDeath({ reference: 'KM-test-1', nik, dateOfDeath: '2025-01-02' }, deadlineIn(5_000));
    expect(recorded).toEqual({ nik, changed: true });
    expect(siak.client.statementCount - before).toBe(1);
    const row = (await officer('BIODATA_WNI').where({ NIK: nik }).first()) as { STAT_HIDUP: number; TGL_UBAH: unknown };
    expect(Number(row.STAT_HIDUP)).toBe(2);
    expect(row.TGL_UBAH).not.toBeNull();
    expect((await siak.port.residentsByNik([nik], deadlineIn(5_000))).get(nik)!.alive).toBe(false);
  });

  it('changes nothing when delivered again (the resident is already deceased)', async () => {
    const nik = await living();
    await siak.port.recordDeath({ reference: 'KM-test-2', nik, dateOfDeath: '2025-01-02' }, deadlineIn(5_000));
    const stamped = ((await officer('BIODATA_WNI').where({ NIK: nik }).first()) as { TGL_UBAH: unknown }).TGL_UBAH;
    await officer('BIODATA_WNI').where({ NIK: nik }).update({ TGL_UBAH: '2020-01-01 00:00:00' });
    const again = await siak.port.recordDeath({ reference: 'KM-test-2', nik, dateOfDeath: '2025-01-02' }, deadlineIn(5_000));
    expect(again).toEqual({ nik, changed: false });
    const row = (await officer('BIODATA_WNI').where({ NIK: nik }).first()) as { STAT_HIDUP: number; TGL_UBAH: unknown };
    expect(Number(row.STAT_HIDUP)).toBe(2);
    // Not stamped a second time: the write did not happen again.
    expect(String(row.TGL_UBAH)).toMatch(/^2020-01-01/);
    expect(stamped).not.toBeNull();
  });

  it('refuses an unknown NIK as NOT_FOUND (permanent), naming no SQL', async () => {
    const error = await siak.port.recordDeath({ reference: 'KM-test-3', nik: '3674011708850999', dateOfDeath: '2025-01-02' }, deadlineIn(5_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GerbangError);
    expect((error as GerbangError).extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'UNKNOWN_NIK' });
    expect((error as GerbangError).message).not.toMatch(/BIODATA|UPDATE|select/i);
  });

  it('agrees with the death registry\'s world: seeded deaths are deceased in SIAK', async () => {
    const dead = (await officer('BIODATA_WNI').where('STAT_HIDUP', 2).whereNot('TGL_UBAH', null).count({ n: '*' })) as Array<{ n: number | string }>;
    expect(Number(dead[0]!.n)).toBeGreaterThan(0);
  });
});
