import type { Knex } from 'knex';
import { deadlineIn } from '@core/deadline';
import type { GerbangError } from '@core/errors';
import { extendPermit, registerAtCounter } from '@sim/orang-asing/back-office';
import { orangAsingEmulator } from '@sim/orang-asing/emulator';
import { ORANG_ASING_TABLE } from '@sim/orang-asing/schema';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { connectOrangAsing, createOrangAsingLoaders, type ForeignerRegistration, type OrangAsingConnection } from '../index';

const unhurried = () => deadlineIn(10_000);
const SITE = { regencyCode: '36.74', timeZone: 'Asia/Jakarta', officer: 'GERBANG' };

function registration(over: Partial<ForeignerRegistration> = {}): ForeignerRegistration {
  return {
    clientReference: 'SKTT-REQ-1', passportNumber: 'tz 9876543', nationality: 'jpn', name: 'Yuki Sato', sex: 'FEMALE', birthDate: '1991-04-01',
    permitType: 'KITAS', permitNumber: '2C11A9999XY', permitExpiresOn: '2027-04-01', sponsor: 'PT Contoh', street: 'Jl. Anggrek 5', rt: 3, rw: 4,
    kelurahanCode: '36.74.01.1001', ...over,
  };
}

/** The foreign residents' register adapter against the emulator's table (SQLite or MariaDB). */
describe(`orang-asing SQL adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let officer: Knex;
  let register: OrangAsingConnection;

  beforeAll(async () => {
    legacy = await seededStorage('orang-asing-adapter', [orangAsingEmulator]);
    officer = legacy.open('orang-asing');
    register = connectOrangAsing(legacy.storage, { timeoutMs: 5_000, ...SITE });
  });

  afterAll(async () => {
    await register?.client.close();
    await legacy?.cleanup();
  });

  async function seeded(): Promise<Array<{ NO_PASPOR: string; NO_PROP: number; NO_KAB: number; NO_KEC: number; NO_KEL: number; NAMA_LGKP: string }>> {
    return (await officer(ORANG_ASING_TABLE).whereNull('REF_GERBANG').orderBy('NO_PASPOR')) as Array<{ NO_PASPOR: string; NO_PROP: number; NO_KAB: number; NO_KEC: number; NO_KEL: number; NAMA_LGKP: string }>;
  }

  it('finds many foreigners by passport in one statement, keyed as asked; unknown ones absent', async () => {
    const rows = await seeded();
    const asked = rows.map((r, i) => (i === 0 ? ` ${r.NO_PASPOR.toLowerCase()} ` : r.NO_PASPOR));
    const before = register.client.statementCount;
    const found = await register.port.foreignersByPassport([...asked, 'XX0000000'], unhurried());
    expect(register.client.statementCount - before).toBe(1);
    expect(new Set(found.keys())).toEqual(new Set(asked));
    const one = found.get(asked[1]!)!;
    expect(one.passportNumber).toBe(rows[1]!.NO_PASPOR);
    expect(one.nationality).toMatch(/^[A-Z]{3}$/);
    expect(['KITAS', 'KITAP']).toContain(one.permit.type);
    expect(one.kelurahanCode).toMatch(/^36\.74\.\d{2}\.\d{4}$/);
    const loaders = createOrangAsingLoaders(register.port, unhurried());
    const loaded = await Promise.all([loaders.foreignerByPassport.load(rows[0]!.NO_PASPOR), loaders.foreignerByPassport.load('XX0000000')]);
    expect(loaded[0]?.passportNumber).toBe(rows[0]!.NO_PASPOR);
    expect(loaded[1]).toBeNull();
  });

  it('searches by region, name and permit end, paged, soonest-ending first', async () => {
    const soon = new Date(Date.parse(`${TEST_WORLD.referenceDate}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
    const ending = await register.port.searchForeigners({ expiringBefore: soon, page: 1, perPage: 100 }, unhurried());
    expect(ending.total).toBeGreaterThan(0);
    expect(ending.foreigners.every((f) => f.permit.expiresOn! <= soon)).toBe(true);
    const ends = ending.foreigners.map((f) => f.permit.expiresOn!);
    expect([...ends].sort()).toEqual(ends);

    const all = await register.port.searchForeigners({ page: 1, perPage: 5 }, unhurried());
    const rows = await seeded();
    expect(all.total).toBe(rows.length);
    expect(all.foreigners).toHaveLength(5);
    expect(all.hasNextPage).toBe(true);
    const before = register.client.statementCount;
    const second = await register.port.searchForeigners({ page: 2, perPage: 5 }, unhurried());
    expect(register.client.statementCount - before).toBe(1);
    expect(second.foreigners.map((f) => f.registrationNumber)).not.toContain(all.foreigners[0]!.registrationNumber);
    expect((await register.port.searchForeigners({ page: 99, perPage: 5 }, unhurried())).total).toBe(rows.length);

    const first = rows[0]!;
    const kecamatan = `${first.NO_PROP}.${first.NO_KAB}.${String(first.NO_KEC).padStart(2, '0')}`;
    const inKecamatan = await register.port.searchForeigners({ regionCode: kecamatan, page: 1, perPage: 100 }, unhurried());
    expect(inKecamatan.foreigners.every((f) => f.kelurahanCode.startsWith(`${kecamatan}.`))).toBe(true);
    expect(inKecamatan.total).toBe(rows.filter((r) => r.NO_KEC === first.NO_KEC).length);
    const part = first.NAMA_LGKP.split(' ')[1]!.toLowerCase();
    const byName = await register.port.searchForeigners({ name: part, page: 1, perPage: 100 }, unhurried());
    expect(byName.foreigners.length).toBeGreaterThan(0);
    expect(byName.foreigners.every((f) => f.name.toLowerCase().includes(part))).toBe(true);
    expect((await register.port.searchForeigners({ name: '100%_', page: 1, perPage: 10 }, unhurried())).total).toBe(0);
    await expect(register.port.searchForeigners({ regionCode: '36-74', page: 1, perPage: 10 }, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('registers once per reference; a retry answers the same registration', async () => {
    const first = await register.port.registerForeigner(registration(), unhurried());
    expect(first.created).toBe(true);
    expect(first.foreigner).toMatchObject({ passportNumber: 'TZ9876543', nationality: 'JPN', name: 'YUKI SATO', sex: 'FEMALE', permit: { type: 'KITAS', expiresOn: '2027-04-01' }, reference: 'SKTT-REQ-1', kelurahanCode: '36.74.01.1001' });
    expect(first.foreigner.registrationNumber).toMatch(/^3674-SKTT-\d{8}-\d{4}$/);
    const again = await register.port.registerForeigner(registration(), unhurried());
    expect(again).toEqual({ foreigner: first.foreigner, created: false });
    expect(await officer(ORANG_ASING_TABLE).where({ REF_GERBANG: 'SKTT-REQ-1' })).toHaveLength(1);
    expect((await register.port.foreignersByReference(['SKTT-REQ-1', 'NONE'], unhurried())).get('SKTT-REQ-1')?.registrationNumber).toBe(first.foreigner.registrationNumber);
  });

  it('is a CONFLICT for a passport registered already, or a reference used for another passport', async () => {
    const [counter] = await seeded();
    const error = await register.port.registerForeigner(registration({ clientReference: 'SKTT-REQ-2', passportNumber: counter!.NO_PASPOR }), unhurried()).then(() => undefined, (e: unknown) => e as GerbangError);
    expect(error?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'PASSPORT_ALREADY_REGISTERED' });
    const reused = await register.port.registerForeigner(registration({ passportNumber: 'ZZ1111111' }), unhurried()).then(() => undefined, (e: unknown) => e as GerbangError);
    expect(reused?.extensions).toMatchObject({ code: 'CONFLICT' });
    await expect(register.port.registerForeigner(registration({ clientReference: 'SKTT-REQ-3', passportNumber: '!' }), unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('concurrent registrations of one day get distinct serials, after the counter\'s own', async () => {
    const counterNumber = await registerAtCounter(officer, {
      NO_PASPOR: 'CT1000001', KWRNGRN: 'AUS', NAMA_LGKP: 'JACK SMITH', JENIS_KLMIN: 1, TGL_LHR: '1980-01-01', JENIS_IZIN: 'KITAS', NO_IZIN: '2C1', TGL_AKHIR_IZIN: '2027-01-01',
      SPONSOR: null, ALAMAT: 'JL. X', NO_RT: 1, NO_RW: 1, NO_PROP: 36, NO_KAB: 74, NO_KEC: 1, NO_KEL: 1001, PETUGAS: 'LOKET',
    }, '3674');
    const results = await Promise.all([1, 2, 3, 4].map((i) => register.port.registerForeigner(registration({ clientReference: `SKTT-PAR-${i}`, passportNumber: `PA${i}000000` }), unhurried())));
    const numbers = results.map((r) => r.foreigner.registrationNumber);
    expect(new Set([...numbers, counterNumber]).size).toBe(5);
    expect(results.every((r) => r.created)).toBe(true);
  });

  it('shows the officer\'s permit extension on the next read', async () => {
    const [row] = await seeded();
    await extendPermit(officer, row!.NO_PASPOR, '2C21X0001AA', '2028-12-31');
    expect((await register.port.foreignersByPassport([row!.NO_PASPOR], unhurried())).get(row!.NO_PASPOR)?.permit).toMatchObject({ number: '2C21X0001AA', expiresOn: '2028-12-31' });
  });

  it('is DEADLINE_EXCEEDED without sending once the deadline has passed', async () => {
    const passed = deadlineIn(1);
    await new Promise((r) => setTimeout(r, 10));
    const before = register.client.statementCount;
    const error = await register.port.foreignersByPassport(['TZ9876543'], passed).then(() => undefined, (e: unknown) => e as GerbangError);
    expect(error?.extensions?.code).toBe('DEADLINE_EXCEEDED');
    expect(register.client.statementCount).toBe(before);
  });
});
