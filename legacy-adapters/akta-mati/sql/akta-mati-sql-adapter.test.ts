import type { Knex } from 'knex';
import { deadlineIn, startDeadline } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { correctDeathDeed, registerDeathAtCounter } from '@sim/akta-mati/back-office';
import { aktaMatiEmulator } from '@sim/akta-mati/emulator';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import type { SqlLegacyClient } from '../../base/sql/sql-client';
import { connectAktaMati, createAktaMatiLoaders, type AktaMatiPort, type DeathRegistration } from '../index';

const unhurried = () => deadlineIn(10_000);
const SITE = { regencyCode: '36.74', timeZone: 'Asia/Jakarta', officer: 'GERBANG' };

function registration(over: Partial<DeathRegistration> = {}): DeathRegistration {
  return {
    clientReference: 'REQ-0001', nik: '3674010101300001', name: 'Ahmad Test', sex: 'MALE', birthDate: '1930-01-01',
    dateOfDeath: '2026-03-01', timeOfDeath: '06:15', placeOfDeath: 'Rumah', cause: 'ILLNESS',
    reporter: { nik: null, name: 'Ketua RT' }, kelurahanCode: '36.74.02.1003', registeredOn: '2026-03-04', ...over,
  };
}

/** The death registry adapter against the running emulator's table (SQLite or MariaDB). */
describe(`Death registry SQL adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let officer: Knex;
  let client: SqlLegacyClient;
  let adapter: AktaMatiPort;

  beforeAll(async () => {
    legacy = await seededStorage('akta-mati-adapter', [aktaMatiEmulator]);
    officer = legacy.open('akta-mati');
    ({ port: adapter, client } = connectAktaMati(legacy.storage, { timeoutMs: 5_000, ...SITE }));
  });

  afterAll(async () => {
    await client?.close();
    await legacy?.cleanup();
  });

  async function seeded(): Promise<Array<{ NIK: string; NO_AKTA_MATI: string }>> {
    return (await officer('CAPIL_MATI').select('NIK', 'NO_AKTA_MATI').whereNull('REF_GERBANG').orderBy('NIK')) as Array<{ NIK: string; NO_AKTA_MATI: string }>;
  }

  it('loads the deeds of many NIKs, and of many numbers, in one statement each; unknown keys absent', async () => {
    const rows = await seeded();
    expect(rows.length).toBeGreaterThan(0);
    let before = client.statementCount;
    const byNik = await adapter.deathDeedsOf([...rows.map((r) => r.NIK), '3674011708850999'], unhurried());
    expect(client.statementCount - before).toBe(1);
    expect([...byNik.keys()].sort()).toEqual(rows.map((r) => r.NIK).sort());
    const deed = byNik.get(rows[0]!.NIK)!;
    expect(deed).toMatchObject({ number: rows[0]!.NO_AKTA_MATI, nik: rows[0]!.NIK });
    expect(deed.dateOfDeath! <= deed.registeredOn!).toBe(true);
    expect(deed.kelurahanCode).toMatch(/^36\.74\.0[1-7]\.\d{4}$/);
    before = client.statementCount;
    const byNumber = await adapter.deathDeedByNumber([...rows.map((r) => r.NO_AKTA_MATI), '3674-KM-01012000-9999'], unhurried());
    expect(client.statementCount - before).toBe(1);
    expect(byNumber.size).toBe(rows.length);
    expect(byNumber.get(rows[0]!.NO_AKTA_MATI)).toEqual(deed);
  });

  it('shows an officer\'s correction on the next read', async () => {
    const [row] = await seeded();
    await correctDeathDeed(officer, row!.NO_AKTA_MATI, { TGL_MATI: '02/01/2024', SEBAB_MATI: 3 });
    const deed = (await adapter.deathDeedsOf([row!.NIK], unhurried())).get(row!.NIK)!;
    expect(deed).toMatchObject({ dateOfDeath: '2024-01-02', cause: 'ACCIDENT' });
  });

  it('registers a death once per client reference: a retry returns the same deed and writes nothing', async () => {
    const before = client.statementCount;
    const first = await adapter.registerDeath(registration(), unhurried());
    expect(client.statementCount - before).toBe(2);
    expect(first.created).toBe(true);
    expect(first.deed).toMatchObject({ number: '3674-KM-04032026-0001', nik: '3674010101300001', name: 'AHMAD TEST', dateOfDeath: '2026-03-01', registeredOn: '2026-03-04', placeOfDeath: 'RUMAH', cause: 'ILLNESS' });
    const again = await adapter.registerDeath(registration(), unhurried());
    expect(again).toEqual({ deed: first.deed, created: false });
    expect((await officer('CAPIL_MATI').where({ REF_GERBANG: 'REQ-0001' })).length).toBe(1);
    // What the gateway wrote looks to the registry like its own record.
    const stored = (await officer('CAPIL_MATI').where({ NO_AKTA_MATI: first.deed.number }))[0];
    expect(stored).toMatchObject({ TGL_MATI: '01-03-2026', TGL_LAPOR: '04-03-2026', NO_KEC: 2, NO_KEL: 1003, PETUGAS: 'GERBANG' });
    const checked = await adapter.deathRegistrationsByReference(['REQ-0001', 'REQ-NONE'], unhurried());
    expect([...checked.keys()]).toEqual(['REQ-0001']);
  });

  it('numbers after what officers registered that day, and refuses a second death of one person', async () => {
    const counter = await registerDeathAtCounter(officer, { nik: '3674010101300002', name: 'X', sex: 1, birthDate: null, diedOn: '2026-05-01', place: 'RUMAH', cause: 1, reporterNik: null, reporterName: 'Y', kelurahanCode: '36.74.01.1001', officer: 'capil01' }, new Date('2026-05-04T02:00:00Z'));
    expect(counter).toBe('3674-KM-04052026-0001');
    const ours = await adapter.registerDeath(registration({ clientReference: 'REQ-0002', nik: '3674010101300003', registeredOn: '2026-05-04' }), unhurried());
    expect(ours.deed.number).toBe('3674-KM-04052026-0002');
    const error = await adapter.registerDeath(registration({ clientReference: 'REQ-0003', nik: '3674010101300002', registeredOn: '2026-05-04' }), unhurried()).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(GerbangError);
    expect((error as GerbangError).extensions).toMatchObject({ code: 'CONFLICT', reason: 'DEATH_ALREADY_REGISTERED', deedNumber: counter });
  });

  it('writes one deed, with distinct serials, under concurrent registrations and retries', async () => {
    const regs = [1, 2, 3, 4].map((i) => registration({ clientReference: `REQ-C${i}`, nik: `367401010130010${i}`, registeredOn: '2026-06-01' }));
    const results = await Promise.all([...regs, ...regs].map((r) => adapter.registerDeath(r, unhurried())));
    const numbers = new Set(results.map((r) => r.deed.number));
    expect(numbers.size).toBe(4);
    expect(results.filter((r) => r.created)).toHaveLength(4);
    expect((await officer('CAPIL_MATI').where('NO_AKTA_MATI', 'like', '3674-KM-01062026-%')).length).toBe(4);
  });

  it('loads by NIK and by number in one statement per loader, and sends nothing once the caller left', async () => {
    const rows = await seeded();
    const loaders = createAktaMatiLoaders(adapter, unhurried());
    const before = client.statementCount;
    const [byNik, byNumber] = await Promise.all([
      Promise.all([...rows.map((r) => r.NIK), '3674011708850999'].map((n) => loaders.deathDeedByNik.load(n))),
      Promise.all(rows.map((r) => loaders.deathDeedByNumber.load(r.NO_AKTA_MATI))),
    ]);
    expect(client.statementCount - before).toBe(2);
    expect(byNik.at(-1)).toBeNull();
    expect(byNumber.map((d) => d?.nik)).toEqual(rows.map((r) => r.NIK));
    const request = startDeadline(10_000);
    const late = createAktaMatiLoaders(adapter, request.deadline);
    const load = late.deathDeedByNik.load(rows[0]!.NIK).then(() => 'loaded', (e: unknown) => (e as GerbangError).code);
    request.callerLeft();
    expect(await load).toBe('DEADLINE_EXCEEDED');
    await expect(adapter.registerDeath(registration({ clientReference: 'REQ-LATE' }), deadlineIn(0))).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    expect(client.statementCount - before).toBe(2);
  });
});

describe('Death registry SQL adapter when the registry is down', () => {
  it('reports LEGACY_UNAVAILABLE without the driver\'s message', async () => {
    const storage = testBackend() === 'mysql'
      ? { mysqlUrl: 'mysql://root@127.0.0.1:1', mysqlDatabasePrefix: 'gerbang_', dataDir: '/nonexistent' }
      : { mysqlUrl: undefined, mysqlDatabasePrefix: 'gerbang_', dataDir: '/proc/gerbang-no-such-dir' };
    const { port, client } = connectAktaMati(storage, { timeoutMs: 2_000, ...SITE });
    try {
      for (const call of [() => port.deathDeedsOf(['3674011708850003'], unhurried()), () => port.registerDeath(registration(), unhurried())]) {
        const error = await call().then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(GerbangError);
        expect((error as GerbangError).extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'akta-mati' });
        expect((error as GerbangError).message).not.toMatch(/127\.0\.0\.1|ECONN|sqlite|select|insert|CAPIL/i);
      }
    } finally {
      await client.close().catch(() => undefined);
    }
  });
});
