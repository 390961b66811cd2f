import type { Knex } from 'knex';
import { Cancelled, deadlineIn, startDeadline } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { siakEmulator } from '@sim/siak/emulator';
import { editResident } from '@sim/siak/back-office';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import type { SqlLegacyClient } from '../../base/sql/sql-client';
import { connectSiak, createSiakLoaders, type SiakPort } from '../index';

/** A deadline no test here comes near: these tests are about answers, not time. */
const unhurried = () => deadlineIn(10_000);

/** The SIAK adapter against the running SIAK emulator's tables (SQLite or MariaDB). */
describe(`SIAK SQL adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let officer: Knex;
  let client: SqlLegacyClient;
  let adapter: SiakPort;

  beforeAll(async () => {
    legacy = await seededStorage('siak-adapter', [siakEmulator]);
    officer = legacy.open('siak');
    ({ port: adapter, client } = connectSiak(legacy.storage, { timeoutMs: 5_000 }));
  });

  afterAll(async () => {
    await client?.close();
    await legacy?.cleanup();
  });

  async function someFamilies(n: number): Promise<string[]> {
    const rows = (await officer('DATA_KELUARGA').select('NO_KK').orderBy('NO_KK').limit(n)) as Array<{ NO_KK: string }>;
    return rows.map((r) => r.NO_KK);
  }

  it('loads many residents in one statement and leaves unknown NIKs out', async () => {
    const niks = ((await officer('BIODATA_WNI').select('NIK').orderBy('NIK').limit(50)) as Array<{ NIK: string }>).map((r) => r.NIK);
    const before = client.statementCount;
    const found = await adapter.residentsByNik([...niks, '3674011708850999'], unhurried());
    expect(client.statementCount - before).toBe(1);
    expect(found.size).toBe(50);
    expect(found.has('3674011708850999')).toBe(false);
    const first = found.get(niks[0]!)!;
    expect(first.nik).toBe(niks[0]);
    expect(first.name).toMatch(/^[A-Z' .-]+$/);
    expect(first.kelurahanCode).toMatch(/^36\.74\.0[1-7]\.10\d\d$/);
    expect(first.occupation?.label).toBeTruthy();
  });

  it('loads families with region names from SIAK\'s own SETUP tables, in one statement', async () => {
    const numbers = await someFamilies(20);
    const before = client.statementCount;
    const families = await adapter.familiesByNumber(numbers, unhurried());
    expect(client.statementCount - before).toBe(1);
    expect(families.size).toBe(20);
    const family = families.get(numbers[0]!)!;
    expect(family.address.regency).toEqual({ code: '36.74', name: 'KOTA TANGERANG SELATAN' });
    expect(family.address.province).toEqual({ code: '36', name: 'BANTEN' });
    expect(family.address.rt).toMatch(/^\d{3}$/);
    expect(family.address.kelurahan.name).not.toBe(family.address.kelurahan.code);
  });

  it('returns members of many families in KK order, head first, in one statement', async () => {
    const numbers = await someFamilies(30);
    const before = client.statementCount;
    const members = await adapter.membersByFamily(numbers, unhurried());
    expect(client.statementCount - before).toBe(1);
    for (const number of numbers) {
      const list = members.get(number)!;
      expect(list.length).toBeGreaterThan(0);
      expect(list[0]!.relationship).toBe('HEAD');
      expect(list.every((m) => m.familyNumber === number)).toBe(true);
    }
  });

  it('pages through a search with cursors, without repeats or gaps', async () => {
    const regionCode = '36.74.03';
    const all = (await officer('BIODATA_WNI').where({ NO_PROP: 36, NO_KAB: 74, NO_KEC: 3 }).count({ n: '*' })) as Array<{ n: number | string }>;
    const total = Number(all[0]!.n);
    expect(total).toBeGreaterThan(15);
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 100; page += 1) {
      const result = await adapter.searchResidents({ regionCode, first: 7, after }, unhurried());
      seen.push(...result.edges.map((e) => e.resident.nik));
      if (!result.hasNextPage) break;
      after = result.edges.at(-1)!.cursor;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('finds residents by the start of the name, case-insensitively, and only those', async () => {
    const row = (await officer('BIODATA_WNI').select('NIK', 'NAMA_LGKP').whereRaw("NAMA_LGKP LIKE '% %'").orderBy('NIK').first()) as { NIK: string; NAMA_LGKP: string };
    const [firstWord, secondWord] = row.NAMA_LGKP.trim().split(/\s+/) as [string, string];
    const result = await adapter.searchResidents({ name: `${firstWord.toLowerCase()}  ${secondWord.slice(0, 2).toLowerCase()}`, first: 100 }, unhurried());
    expect(result.edges.map((e) => e.resident.nik)).toContain(row.NIK);
    expect(result.edges.every((e) => e.resident.name.startsWith(`${firstWord} ${secondWord.slice(0, 2)}`))).toBe(true);
  });

  it('finds a name that an old data entry stored with doubled blanks', async () => {
    const { NIK } = (await officer('BIODATA_WNI').select('NIK').orderBy('NIK').offset(3).first()) as { NIK: string };
    await editResident(officer, NIK, { NAMA_LGKP: 'ZULAIKHA  PUSPITASARI ' });
    const result = await adapter.searchResidents({ name: 'zulaikha pus', first: 10 }, unhurried());
    expect(result.edges.map((e) => [e.resident.nik, e.resident.name])).toEqual([[NIK, 'ZULAIKHA PUSPITASARI']]);
  });

  it('treats LIKE wildcards in a name as text', async () => {
    const result = await adapter.searchResidents({ name: '%%', first: 5 }, unhurried());
    expect(result.edges).toHaveLength(0);
  });

  it('rejects a forged cursor with BAD_USER_INPUT (region codes are checked at the edge: core/validation.test.ts)', async () => {
    await expect(adapter.searchResidents({ regionCode: '36.74', first: 5, after: 'not-a-cursor' }, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' } });
  });

  it('shows an officer\'s change in SIAK on the next read', async () => {
    const { NIK } = (await officer('BIODATA_WNI').select('NIK').orderBy('NIK', 'desc').first()) as { NIK: string };
    await editResident(officer, NIK, { NAMA_LGKP: 'NAMA  DIUBAH PETUGAS', AGAMA: 4 }, new Date('2026-11-29T08:00:00Z'));
    const resident = (await adapter.residentsByNik([NIK], unhurried())).get(NIK)!;
    // 08:00 UTC is 15:00 in the WIB office where SIAK stamps its changes (local time, no zone).
    expect(resident).toMatchObject({ name: 'NAMA DIUBAH PETUGAS', religion: 'HINDU', updatedAt: '2026-11-29T15:00:00' });
  });

  it('loads what one level of a query asks for in one statement per loader', async () => {
    const numbers = await someFamilies(5);
    const loaders = createSiakLoaders(adapter, unhurried());
    const before = client.statementCount;
    const [families, members] = await Promise.all([Promise.all(numbers.map((n) => loaders.familyByNumber.load(n))), Promise.all(numbers.map((n) => loaders.membersByFamily.load(n)))]);
    expect(client.statementCount - before).toBe(2);
    expect(families.map((f) => f?.number)).toEqual(numbers);
    // Members were primed into the resident loader: asking for them again costs nothing.
    await loaders.residentByNik.load(members[0]![0]!.nik);
    expect(client.statementCount - before).toBe(2);
  });

  it('does not send a batch whose request is over (caller left or deadline passed)', async () => {
    const numbers = await someFamilies(3);
    const request = startDeadline(10_000);
    const loaders = createSiakLoaders(adapter, request.deadline);
    const before = client.statementCount;
    const loads = numbers.map((n) => loaders.familyByNumber.load(n).then(() => 'loaded', (e: unknown) => e));
    // The caller hangs up while the batch is still being collected (before DataLoader dispatches it).
    request.callerLeft();
    const outcomes = await Promise.all(loads);
    // DEADLINE_EXCEEDED for the layers above (nobody reads it: the caller left), with the reason as its cause.
    expect(outcomes.map((o) => [(o as GerbangError).code, ((o as GerbangError).originalError as Cancelled | undefined)?.reason])).toEqual(numbers.map(() => ['DEADLINE_EXCEEDED', 'CALLER_LEFT']));
    const passed = createSiakLoaders(adapter, deadlineIn(0));
    await expect(passed.residentByNik.load('3674011708850003')).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED', extensions: { waitingFor: 'siak' } });
    expect(client.statementCount - before).toBe(0);
  });
});

describe('SIAK SQL adapter when SIAK is down', () => {
  it('reports LEGACY_UNAVAILABLE without the driver\'s message', async () => {
    const storage = testBackend() === 'mysql'
      ? { mysqlUrl: 'mysql://root@127.0.0.1:1', mysqlDatabasePrefix: 'gerbang_', dataDir: '/nonexistent' }
      : { mysqlUrl: undefined, mysqlDatabasePrefix: 'gerbang_', dataDir: '/proc/gerbang-no-such-dir' };
    const { port: adapter, client } = connectSiak(storage, { timeoutMs: 2_000 });
    try {
      const error = await adapter.residentsByNik(['3674011708850003'], unhurried()).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(GerbangError);
      expect((error as GerbangError).extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'siak' });
      expect((error as GerbangError).message).not.toMatch(/127\.0\.0\.1|ECONN|sqlite|select/i);
    } finally {
      await client.close().catch(() => undefined);
    }
  });
});
