import { AuditReader, openAuditStore } from '@core/audit';
import { todayIn } from '@core/tenants';
import { testBackend } from '../../../tests/support/legacy-databases';
import { principalFor } from '../../../tests/support/principals';
import { addDays } from './validation';
import { SITE, startMobilityEstate, type Caller, type MobilityEstate } from './test-estate';

const dotted = (code: string) => `${code.slice(0, 2)}.${code.slice(2, 4)}.${code.slice(4, 6)}.${code.slice(6)}`;
const as = (role: Parameters<typeof principalFor>[0], claims: Parameters<typeof principalFor>[1] = {}, purpose: string | null = 'counter service, ticket A-017'): Caller => ({
  principal: principalFor(role, claims), tenant: 'tangsel', ...(purpose && role !== 'RESIDENT' ? { purpose } : {}),
});

const LETTER = `query ($number: String!) { moveOutLetter(number: $number) {
  number status familyCardNumber applicant { nik } movers { nik } scope leavesCity reason movingMembers moveDate issuedAt
  origin { regionCode regionName address } destination { regionCode regionName address } } }`;

/** Reads and row rules of the mobility subgraph against the running emulators (letters, arrivals, foreigners). */
describe(`mobility subgraph reads (${testBackend()})`, () => {
  let estate: MobilityEstate;
  /** A letter of a move within the city, from the seed: its number, movers and kecamatan. */
  let letter: { no_skpwni: string; kode_wil_asal: string; kode_wil_tujuan: string; movers: string[] };

  beforeAll(async () => {
    estate = await startMobilityEstate('mobility-reads');
    const row = (await estate.db.pindahKeluar('t_skpwni').select('no_skpwni', 'kode_wil_asal', 'kode_wil_tujuan').where('status_surat', 'TERBIT').andWhere('kode_wil_tujuan', 'like', '3674%').orderBy('no_skpwni').first()) as Omit<typeof letter, 'movers'>;
    const movers = ((await estate.db.pindahKeluar('t_skpwni_anggota').select('nik').where('no_skpwni', row.no_skpwni).orderBy('no_urut')) as Array<{ nik: string }>).map((r) => r.nik);
    letter = { ...row, movers };
  });

  afterAll(async () => {
    await estate?.close();
  });

  it('reads a letter by number: decoded, movers as residents, places named', async () => {
    const { data, errors } = await estate.run(LETTER, { number: letter.no_skpwni });
    expect(errors).toBeUndefined();
    const read = data!.moveOutLetter;
    expect(read).toMatchObject({ number: letter.no_skpwni, status: 'ISSUED', leavesCity: false, movers: letter.movers.map((nik) => ({ nik })) });
    expect(read.origin.regionCode).toBe(dotted(letter.kode_wil_asal));
    expect(read.destination.regionCode).toBe(dotted(letter.kode_wil_tujuan));
    expect(read.origin.regionName).toEqual(expect.any(String));
    expect(read.familyCardNumber).toMatch(/^\d{16}$/);
    expect(['BETWEEN_VILLAGES', 'BETWEEN_DISTRICTS']).toContain(read.scope);
    expect((await estate.run(LETTER, { number: '474.2/99999/SKPWNI/3674/I/2020' })).data!.moveOutLetter).toBeNull();
    const bad = await estate.run(LETTER, { number: 'DROP TABLE' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BAD_LETTER_NUMBER' });
  });

  it('gives many residents their letters and arrivals with one call per application', async () => {
    const niks = ((await estate.db.pindahDatang('t_datang_anggota').distinct('nik').orderBy('nik').limit(8)) as Array<{ nik: string }>).map((r) => r.nik);
    const beforeKeluar = estate.apps.pindahKeluar.calls.of('GET /api/skpwni');
    const beforeDatang = estate.apps.pindahDatang.calls.of('GET /api/datang');
    const { data, errors } = await estate.run(
      'query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Resident { nik moveOutLetters { number } arrivals { number moveOutLetterNumber people { nik } destination { regionCode } newFamilyCardIssued arrivalDate } } } }',
      { reps: [...niks, ...letter.movers].map((nik) => ({ __typename: 'Resident', nik })) },
    );
    expect(errors).toBeUndefined();
    expect(estate.apps.pindahKeluar.calls.of('GET /api/skpwni') - beforeKeluar).toBe(1);
    expect(estate.apps.pindahDatang.calls.of('GET /api/datang') - beforeDatang).toBe(1);
    const residents = data!._entities as Array<{ nik: string; moveOutLetters: Array<{ number: string }>; arrivals: Array<{ people: Array<{ nik: string }>; destination: { regionCode: string } }> }>;
    for (const r of residents.slice(0, niks.length)) {
      expect(r.arrivals.length).toBeGreaterThan(0);
      expect(r.arrivals.every((a) => a.people.some((p) => p.nik === r.nik) && a.destination.regionCode.startsWith('36.74.'))).toBe(true);
    }
    const mover = residents.find((r) => r.nik === letter.movers[0])!;
    expect(mover.moveOutLetters.map((l) => l.number)).toContain(letter.no_skpwni);
  });

  it('shows a resident the letters of their own family only', async () => {
    const mine = await estate.run(LETTER, { number: letter.no_skpwni }, as('RESIDENT', { nik: letter.movers[0]! }));
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.moveOutLetter.number).toBe(letter.no_skpwni);
    const stranger = ((await estate.db.siak('BIODATA_WNI').select('NIK').where('STAT_HIDUP', 1).whereNotIn('NIK', letter.movers).whereNot('NO_KK', (await estate.db.siak('BIODATA_WNI').select('NO_KK').where('NIK', letter.movers[0]!).first() as { NO_KK: string }).NO_KK).first()) as { NIK: string }).NIK;
    const theirs = await estate.run(LETTER, { number: letter.no_skpwni }, as('RESIDENT', { nik: stranger }));
    expect(theirs.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_FAMILY' });
    // Nested: the stranger asking about the mover gets no letters, not an error.
    const nested = await estate.run('query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Resident { moveOutLetters { number } } } }', { reps: [{ __typename: 'Resident', nik: letter.movers[0] }] }, as('RESIDENT', { nik: stranger }));
    expect(nested.data!._entities[0].moveOutLetters).toEqual([]);
  });

  it('shows officers the moves starting or ending in their region, and audits only what it gave out', async () => {
    const origin = dotted(letter.kode_wil_asal).slice(0, 8);
    const destination = dotted(letter.kode_wil_tujuan).slice(0, 8);
    const elsewhere = ['36.74.01', '36.74.02', '36.74.03', '36.74.04', '36.74.05', '36.74.06', '36.74.07'].find((k) => k !== origin && k !== destination)!;
    const auditStore = await openAuditStore(estate.legacy.storage);
    try {
      for (const region of [origin, destination]) {
        const seen = await estate.run(LETTER, { number: letter.no_skpwni }, as('OFFICER', { region, id: `officer-${region}` }));
        expect(seen.errors).toBeUndefined();
      }
      const outsider = `officer-${elsewhere}`;
      const refused = await estate.run(LETTER, { number: letter.no_skpwni }, as('OFFICER', { region: elsewhere, id: outsider }));
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_YOUR_REGION' });
      const unstated = await estate.run(LETTER, { number: letter.no_skpwni }, as('OFFICER', { region: origin }, null));
      expect(unstated.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PURPOSE_REQUIRED' });
      await estate.audit.flush();
      const reader = new AuditReader(auditStore);
      const given = (await reader.search({ principalId: `officer-${origin}` })).records;
      expect(given.some((r) => r.operation === 'pindah-keluar.moveOutLetterByNumber' && letter.movers.every((n) => r.niks.includes(n)))).toBe(true);
      // The withheld letter never reached the trail: nothing was given out to the outsider.
      expect((await reader.search({ principalId: outsider })).records).toEqual([]);
    } finally {
      await auditStore.close();
    }
  });

  it('lists foreign residents of the caller\'s region, soonest-ending permit first, in pages', async () => {
    const today = todayIn(SITE.timeZone);
    const within = addDays(today, 60);
    const expected = Number(((await estate.db.orangAsing('ORANG_ASING').count({ n: '*' }).where('TGL_AKHIR_IZIN', '<=', within)) as Array<{ n: number | string }>)[0]!.n);
    expect(expected).toBeGreaterThan(1);
    const PAGE = `query ($filter: ForeignResidentFilter, $first: Int, $after: String) { foreignResidents(filter: $filter, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { passportNumber name nationality kelurahanCode permit { type number expiresOn } address { street rt rw kelurahan { code name } } } } } }`;
    const first = await estate.run(PAGE, { filter: { permitExpiringWithinDays: 60 }, first: 2 });
    expect(first.errors).toBeUndefined();
    const page = first.data!.foreignResidents;
    expect(page.totalCount).toBe(expected);
    expect(page.edges).toHaveLength(2);
    const dates = page.edges.map((e: any) => e.node.permit.expiresOn);
    expect([...dates].sort()).toEqual(dates);
    expect(dates.every((d: string) => d <= within)).toBe(true);
    const second = await estate.run(PAGE, { filter: { permitExpiringWithinDays: 60 }, first: 2, after: page.pageInfo.endCursor });
    const next = second.data!.foreignResidents.edges;
    if (next.length > 0) expect(next[0].node.permit.expiresOn >= dates[1]).toBe(true);
    expect(next.map((e: any) => e.node.passportNumber)).not.toContain(page.edges[0].node.passportNumber);

    // An officer of one kecamatan sees that kecamatan's only, and may not ask for another's.
    const kec = (page.edges[0].node.kelurahanCode as string).slice(0, 8);
    const officer = await estate.run(PAGE, { first: 50 }, as('OFFICER', { region: kec }));
    expect(officer.errors).toBeUndefined();
    expect(officer.data!.foreignResidents.edges.every((e: any) => e.node.kelurahanCode.startsWith(`${kec}.`))).toBe(true);
    const other = kec === '36.74.01' ? '36.74.02' : '36.74.01';
    const refused = await estate.run(PAGE, { filter: { regionCode: other } }, as('OFFICER', { region: kec }));
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_YOUR_REGION' });
    const resident = await estate.run(PAGE, {}, as('RESIDENT', { nik: letter.movers[0]! }));
    expect(resident.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('finds a foreign resident by passport, any case and blanks; withholds one outside the officer\'s region', async () => {
    const row = (await estate.db.orangAsing('ORANG_ASING').select('NO_PASPOR', 'NO_KEC').orderBy('NO_PASPOR').first()) as { NO_PASPOR: string; NO_KEC: number };
    const ONE = 'query ($p: String!) { foreignResident(passportNumber: $p) { passportNumber name sex birthDate registeredAt permit { type } } }';
    const found = await estate.run(ONE, { p: ` ${row.NO_PASPOR.toLowerCase()} ` });
    expect(found.errors).toBeUndefined();
    expect(found.data!.foreignResident.passportNumber).toBe(row.NO_PASPOR);
    expect((await estate.run(ONE, { p: 'XX0000000' })).data!.foreignResident).toBeNull();
    const other = Number(row.NO_KEC) === 1 ? '36.74.02' : '36.74.01';
    const withheld = await estate.run(ONE, { p: row.NO_PASPOR }, as('OFFICER', { region: other }));
    expect(withheld.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_YOUR_REGION' });
    // The read given out is in the audit trail, by passport and SKTT number (a foreigner has no NIK).
    await estate.audit.flush();
    const auditStore = await openAuditStore(estate.legacy.storage);
    try {
      const records = (await new AuditReader(auditStore).search({ tenant: 'tangsel' })).records;
      expect(records.some((r) => r.operation === 'orang-asing.foreignersByPassport' && r.niks.includes(`PASPOR:${row.NO_PASPOR}`) && r.niks.some((n) => n.startsWith('SKTT:')))).toBe(true);
    } finally {
      await auditStore.close();
    }
  });
});
