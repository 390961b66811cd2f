import type { Knex } from 'knex';
import { deadlineIn, startDeadline } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { correctBirthDeed, registerBirthAtCounter } from '@sim/akta-lahir/back-office';
import { aktaLahirEmulator } from '@sim/akta-lahir/emulator';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import type { SqlLegacyClient } from '../../base/sql/sql-client';
import { connectAktaLahir, createAktaLahirLoaders, type AktaLahirPort, type BirthRegistration } from '../index';

const unhurried = () => deadlineIn(10_000);
const SITE = { regencyCode: '36.74', timeZone: 'Asia/Jakarta', officer: 'GERBANG' };

function registration(over: Partial<BirthRegistration> = {}): BirthRegistration {
  return {
    clientReference: 'REQ-L0001', childNik: '3674014101260001', childName: 'Aisyah Putri', sex: 'FEMALE', birthPlace: 'Tangerang Selatan',
    birthDate: '2026-01-01', mother: { nik: '3674015708900002', name: 'Siti Nurhaliza' }, father: { nik: null, name: 'Budi Santoso' },
    kelurahanCode: '36.74.02.1003', registeredOn: '2026-01-20', ...over,
  };
}

/** The birth registry adapter against the running emulator's table (SQLite or MariaDB). */
describe(`Birth registry SQL adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let officer: Knex;
  let client: SqlLegacyClient;
  let adapter: AktaLahirPort;

  beforeAll(async () => {
    legacy = await seededStorage('akta-lahir-adapter', [aktaLahirEmulator]);
    officer = legacy.open('akta-lahir');
    ({ port: adapter, client } = connectAktaLahir(legacy.storage, { timeoutMs: 5_000, ...SITE }));
  });

  afterAll(async () => {
    await client?.close();
    await legacy?.cleanup();
  });

  async function seeded(n: number): Promise<Array<{ NIK_ANAK: string; NO_AKTA_LHR: string }>> {
    return (await officer('CAPIL_LAHIR').select('NIK_ANAK', 'NO_AKTA_LHR').whereNull('REF_GERBANG').orderBy('NIK_ANAK').limit(n)) as Array<{ NIK_ANAK: string; NO_AKTA_LHR: string }>;
  }

  it('loads the deeds of many NIKs, and of many numbers, in one statement each; unknown keys absent', async () => {
    const rows = await seeded(40);
    let before = client.statementCount;
    const byNik = await adapter.birthDeedsOf([...rows.map((r) => r.NIK_ANAK), '3674011708850999'], unhurried());
    expect(client.statementCount - before).toBe(1);
    expect(byNik.size).toBe(40);
    const deed = byNik.get(rows[0]!.NIK_ANAK)!;
    expect(deed).toMatchObject({ number: rows[0]!.NO_AKTA_LHR, childNik: rows[0]!.NIK_ANAK });
    expect(deed.mother?.name).toBeTruthy();
    expect(deed.birthDate! <= deed.registeredOn!).toBe(true);
    expect(typeof deed.lateRegistration).toBe('boolean');
    before = client.statementCount;
    const byNumber = await adapter.birthDeedByNumber([...rows.map((r) => r.NO_AKTA_LHR), '3674-LU-01012000-9999'], unhurried());
    expect(client.statementCount - before).toBe(1);
    expect(byNumber.size).toBe(40);
    expect(byNumber.get(rows[0]!.NO_AKTA_LHR)).toEqual(deed);
  });

  it('shows an officer\'s correction on the next read', async () => {
    const [row] = await seeded(1);
    await correctBirthDeed(officer, row!.NO_AKTA_LHR, { NAMA_ANAK: 'NAMA  DIPERBAIKI ', FLAG_TERLAMBAT: 'Y' });
    expect((await adapter.birthDeedsOf([row!.NIK_ANAK], unhurried())).get(row!.NIK_ANAK)).toMatchObject({ childName: 'NAMA DIPERBAIKI', lateRegistration: true });
  });

  it('registers a birth once per client reference: a retry returns the same deed and writes nothing', async () => {
    const before = client.statementCount;
    const first = await adapter.registerBirth(registration(), unhurried());
    expect(client.statementCount - before).toBe(2);
    expect(first.created).toBe(true);
    expect(first.deed).toMatchObject({
      number: '3674-LU-20012026-0001', childNik: '3674014101260001', childName: 'AISYAH PUTRI', registeredOn: '2026-01-20', lateRegistration: false,
      mother: { nik: '3674015708900002', name: 'SITI NURHALIZA' }, father: { nik: null, name: 'BUDI SANTOSO' }, kelurahanCode: '36.74.02.1003',
    });
    expect(await adapter.registerBirth(registration(), unhurried())).toEqual({ deed: first.deed, created: false });
    expect((await officer('CAPIL_LAHIR').where({ REF_GERBANG: 'REQ-L0001' })).length).toBe(1);
    const stored = (await officer('CAPIL_LAHIR').where({ NO_AKTA_LHR: first.deed.number }))[0];
    expect(stored).toMatchObject({ TGL_DAFTAR: '20-01-2026', FLAG_TERLAMBAT: 'T', NAMA_AYAH: 'BUDI SANTOSO', NIK_AYAH: null, PETUGAS: 'GERBANG' });
    const checked = await adapter.birthRegistrationsByReference(['REQ-L0001', 'REQ-NONE'], unhurried());
    expect([...checked.keys()]).toEqual(['REQ-L0001']);
  });

  it('numbers after the deeds already dated that day, flags a late registration, refuses a second deed of one child', async () => {
    // The seeded world holds deeds numbered by birth date: registering on such a day continues their serials.
    const existing = ((await officer('CAPIL_LAHIR').select('NO_AKTA_LHR').whereNull('REF_GERBANG').orderBy('NO_AKTA_LHR', 'desc').limit(1)) as Array<{ NO_AKTA_LHR: string }>)[0]?.NO_AKTA_LHR;
    const [dd, mm, yyyy] = [existing!.slice(8, 10), existing!.slice(10, 12), existing!.slice(12, 16)];
    const sameDay = await officer('CAPIL_LAHIR').where('NO_AKTA_LHR', 'like', `3674-LU-${dd}${mm}${yyyy}-%`);
    const late = await adapter.registerBirth(registration({ clientReference: 'REQ-L0002', childNik: '3674010101100009', birthDate: '2010-01-01', registeredOn: `${yyyy}-${mm}-${dd}` }), unhurried());
    expect(late.deed.number).toBe(`3674-LU-${dd}${mm}${yyyy}-${String(sameDay.length + 1).padStart(4, '0')}`);
    expect(late.deed.lateRegistration).toBe(true);
    const counter = await registerBirthAtCounter(officer, { childNik: '3674014101260007', childName: 'X', sex: 2, birthPlace: 'X', birthDate: '2026-01-01', motherNik: null, motherName: 'Y', fatherNik: null, fatherName: null, kelurahanCode: '36.74.01.1001', officer: 'capil01' });
    const error = await adapter.registerBirth(registration({ clientReference: 'REQ-L0003', childNik: '3674014101260007' }), unhurried()).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(GerbangError);
    expect((error as GerbangError).extensions).toMatchObject({ code: 'CONFLICT', reason: 'BIRTH_ALREADY_REGISTERED', deedNumber: counter });
  });

  it('writes one deed, with distinct serials, under concurrent registrations and retries', async () => {
    const regs = [1, 2, 3, 4].map((i) => registration({ clientReference: `REQ-LC${i}`, childNik: `367401410126010${i}`, registeredOn: '2026-06-01' }));
    const results = await Promise.all([...regs, ...regs].map((r) => adapter.registerBirth(r, unhurried())));
    expect(new Set(results.map((r) => r.deed.number)).size).toBe(4);
    expect(results.filter((r) => r.created)).toHaveLength(4);
  });

  it('loads by NIK and by number in one statement per loader, and sends nothing once the caller left', async () => {
    const rows = await seeded(5);
    const loaders = createAktaLahirLoaders(adapter, unhurried());
    const before = client.statementCount;
    const [byNik, byNumber] = await Promise.all([
      Promise.all([...rows.map((r) => r.NIK_ANAK), '3674011708850999'].map((n) => loaders.birthDeedByNik.load(n))),
      Promise.all(rows.map((r) => loaders.birthDeedByNumber.load(r.NO_AKTA_LHR))),
    ]);
    expect(client.statementCount - before).toBe(2);
    expect(byNik.at(-1)).toBeNull();
    expect(byNumber.map((d) => d?.childNik)).toEqual(rows.map((r) => r.NIK_ANAK));
    const request = startDeadline(10_000);
    const late = createAktaLahirLoaders(adapter, request.deadline);
    const load = late.birthDeedByNik.load(rows[0]!.NIK_ANAK).then(() => 'loaded', (e: unknown) => (e as GerbangError).code);
    request.callerLeft();
    expect(await load).toBe('DEADLINE_EXCEEDED');
    await expect(adapter.registerBirth(registration({ clientReference: 'REQ-LATE' }), deadlineIn(0))).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    expect(client.statementCount - before).toBe(2);
  });
});

describe('Birth registry SQL adapter when the registry is down', () => {
  it('reports LEGACY_UNAVAILABLE without the driver\'s message', async () => {
    const storage = testBackend() === 'mysql'
      ? { mysqlUrl: 'mysql://root@127.0.0.1:1', mysqlDatabasePrefix: 'gerbang_', dataDir: '/nonexistent' }
      : { mysqlUrl: undefined, mysqlDatabasePrefix: 'gerbang_', dataDir: '/proc/gerbang-no-such-dir' };
    const { port, client } = connectAktaLahir(storage, { timeoutMs: 2_000, ...SITE });
    try {
      for (const call of [() => port.birthDeedsOf(['3674011708850003'], unhurried()), () => port.registerBirth(registration(), unhurried())]) {
        const error = await call().then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(GerbangError);
        expect((error as GerbangError).extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'akta-lahir' });
        expect((error as GerbangError).message).not.toMatch(/127\.0\.0\.1|ECONN|sqlite|select|insert|CAPIL/i);
      }
    } finally {
      await client.close().catch(() => undefined);
    }
  });
});
