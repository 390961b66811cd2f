import { regions } from '@core/domain/regions';
import { todayIn } from '@core/tenants';
import { testBackend } from '../../../tests/support/legacy-databases';
import { principalFor } from '../../../tests/support/principals';
import { addDays } from './validation';
import { SITE, startMobilityEstate, type Caller, type MobilityEstate } from './test-estate';

interface Member {
  NIK: string;
  STAT_HBKEL: number;
  NO_KEC: number;
  NO_KEL: number;
}

const MOVE = `mutation ($key: String!, $input: MoveWithinCityInput!) { moveWithinCity(idempotencyKey: $key, input: $input) {
  idempotencyKey reference replayed state deliveries { app state attempts errorCode } letterNumber arrivalNumber familyCardNumber newFamilyCard } }`;
const FOLLOW_MOVE = `query ($key: String!) { moveRegistration(idempotencyKey: $key) {
  reference replayed state deliveries { app state errorCode } letterNumber arrivalNumber familyCardNumber newFamilyCard } }`;
const MOVE_OUT = `mutation ($key: String!, $input: RequestMoveOutInput!) { requestMoveOut(idempotencyKey: $key, input: $input) {
  reference replayed state deliveries { app state } letterNumber letter { number leavesCity scope movers { nik } destination { regionCode address } movingMembers } } }`;
const ARRIVAL = `mutation ($key: String!, $input: RegisterArrivalInput!) { registerArrival(idempotencyKey: $key, input: $input) {
  reference replayed state deliveries { app state errorCode } arrivalNumber } }`;
const FOREIGNER = `mutation ($key: String!, $input: RegisterForeignerInput!) { registerForeigner(idempotencyKey: $key, input: $input) {
  reference replayed state deliveries { app state errorCode } registrationNumber } }`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The mobility writes through the outbox to the running emulators, each asserted in the
 * application's own storage: requestMoveOut, moveWithinCity (with an application down),
 * registerArrival (and the refusal of a move-in that does not match its letter), registerForeigner.
 */
describe(`mobility subgraph writes (${testBackend()})`, () => {
  let estate: MobilityEstate;
  const used = new Set<string>();
  const today = () => todayIn(SITE.timeZone);
  const officer = (region = '36.74', id = 'officer-7'): Caller => ({ principal: principalFor('OFFICER', { region, id }), tenant: 'tangsel', purpose: 'counter service, ticket B-002' });

  beforeAll(async () => {
    estate = await startMobilityEstate('mobility-writes');
  });

  afterAll(async () => {
    await estate?.close();
  });

  /** A family card not used by another test, with at least `size` living members, head first. */
  async function family(size: number): Promise<{ number: string; members: Member[]; kelurahan: string }> {
    const { siak } = estate.db;
    const cards = (await siak('BIODATA_WNI').select('NO_KK').where('STAT_HIDUP', 1).groupBy('NO_KK').havingRaw('COUNT(*) >= ?', [size]).orderBy('NO_KK', 'desc')) as Array<{ NO_KK: string }>;
    for (const { NO_KK } of cards) {
      if (used.has(NO_KK)) continue;
      const members = (await siak('BIODATA_WNI').select('NIK', 'STAT_HBKEL', 'NO_KEC', 'NO_KEL').where({ NO_KK }).orderBy([{ column: 'STAT_HBKEL' }, { column: 'NIK' }])) as Member[];
      const card = (await siak('DATA_KELUARGA').where({ NO_KK }).first()) as { NIK_KK: string; NO_KEC: number; NO_KEL: number } | undefined;
      // Every member living, the head first and named on the card: the common case.
      if (!card || members.length !== size || members[0]?.NIK !== card.NIK_KK || Number(members[0]?.STAT_HBKEL) !== 1) continue;
      const alive = (await siak('BIODATA_WNI').count({ n: '*' }).where({ NO_KK, STAT_HIDUP: 1 })) as Array<{ n: number | string }>;
      if (Number(alive[0]!.n) !== size) continue;
      used.add(NO_KK);
      return { number: NO_KK, members, kelurahan: `36.74.${String(card.NO_KEC).padStart(2, '0')}.${card.NO_KEL}` };
    }
    throw new Error(`no unused family of ${size}`);
  }

  /** A kelurahan of the city in another kecamatan than `code`. */
  const elsewhere = (code: string) => regions().childrenOf('36.74').flatMap((k) => regions().childrenOf(k.code)).find((v) => !v.code.startsWith(code.slice(0, 8)))!.code;
  const batangVillage = () => regions().childrenOf(regions().childrenOf('33.25')[0]!.code)[0]!.code;
  const count = async (db: keyof MobilityEstate['db'], table: string, where: Record<string, unknown>) => Number(((await estate.db[db](table).count({ n: '*' }).where(where)) as Array<{ n: number | string }>)[0]!.n);

  describe('requestMoveOut', () => {
    it('issues one letter in pindah-keluar for residents leaving the city; a repeat issues nothing', async () => {
      const { number, members } = await family(2);
      const destination = batangVillage();
      const input = { familyCardNumber: number, applicantNik: members[0]!.NIK, movers: [members[1]!.NIK], destination: { regionCode: destination, street: 'Jl. Pemuda 4', rt: 2, rw: 3 }, reason: 'WORK', moveDate: addDays(today(), 7) };
      const first = await estate.run(MOVE_OUT, { key: 'move-out-1', input }, officer());
      expect(first.errors).toBeUndefined();
      const answer = first.data!.requestMoveOut;
      expect(answer).toMatchObject({ replayed: false, state: 'DELIVERED', deliveries: [{ app: 'pindah-keluar', state: 'DELIVERED' }] });
      expect(answer.letter).toMatchObject({ number: answer.letterNumber, leavesCity: true, scope: 'BETWEEN_PROVINCES', movers: [{ nik: members[1]!.NIK }], movingMembers: 'MEMBERS_ONLY' });
      expect(answer.letter.destination).toEqual({ regionCode: destination, address: 'JL. PEMUDA 4 RT 002 RW 003' });
      expect(await count('pindahKeluar', 't_skpwni', { no_referensi: answer.reference })).toBe(1);

      const again = await estate.run(MOVE_OUT, { key: 'move-out-1', input }, officer());
      expect(again.data!.requestMoveOut).toMatchObject({ replayed: true, letterNumber: answer.letterNumber });
      expect(await count('pindahKeluar', 't_skpwni', { no_referensi: answer.reference })).toBe(1);
    });

    it('refuses an unknown region, a destination in the city and people not on the card, recording nothing', async () => {
      const { number, members } = await family(2);
      const base = { familyCardNumber: number, applicantNik: members[0]!.NIK, movers: [members[1]!.NIK], reason: 'FAMILY', moveDate: today() };
      const unknown = await estate.run(MOVE_OUT, { key: 'move-out-2', input: { ...base, destination: { regionCode: '33.25.99.9999', street: 'Jl. A', rt: 1, rw: 1 } } }, officer());
      expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_REGION' });
      const inside = await estate.run(MOVE_OUT, { key: 'move-out-2', input: { ...base, destination: { regionCode: elsewhere(members.length ? '36.74.01.1001' : ''), street: 'Jl. A', rt: 1, rw: 1 } } }, officer());
      expect(inside.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'WITHIN_THE_CITY' });
      const stranger = (await family(2)).members[1]!.NIK;
      const notOnCard = await estate.run(MOVE_OUT, { key: 'move-out-2', input: { ...base, movers: [stranger], destination: { regionCode: batangVillage(), street: 'Jl. A', rt: 1, rw: 1 } } }, officer());
      expect(notOnCard.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_ON_FAMILY_CARD' });
      // Refused before recording: the key holds nothing, the letter was never asked for.
      expect((await estate.run('query { moveOutRequest(idempotencyKey: "move-out-2") { reference } }', {}, officer())).data!.moveOutRequest).toBeNull();
    });
  });

  describe('moveWithinCity', () => {
    it('moves a whole family: letter, arrival and SIAK\'s card address, each once', async () => {
      const { number, members, kelurahan } = await family(2);
      const to = elsewhere(kelurahan);
      const input = { familyCardNumber: number, applicantNik: members[0]!.NIK, movers: members.map((m) => m.NIK), destination: { regionCode: to, street: 'Jl. Kenanga 7', rt: 3, rw: 5 }, reason: 'HOUSING', moveDate: today() };
      const { data, errors } = await estate.run(MOVE, { key: 'move-whole-1', input }, officer());
      expect(errors).toBeUndefined();
      let answer = data!.moveWithinCity;
      // SIAK waits for the arrival: it may need one retry after the first answer.
      for (let i = 0; answer.state === 'PENDING' && i < 100; i += 1) {
        await sleep(100);
        answer = (await estate.run(FOLLOW_MOVE, { key: 'move-whole-1' }, officer())).data!.moveRegistration;
      }
      expect(answer).toMatchObject({ state: 'DELIVERED', familyCardNumber: number, newFamilyCard: false });
      expect(answer.letterNumber).toMatch(/\/SKPWNI\/3674\//);
      expect(answer.arrivalNumber).toMatch(/\/SKDWNI\/3674\//);
      expect(await count('pindahKeluar', 't_skpwni', { no_referensi: answer.reference })).toBe(1);
      expect(await count('pindahDatang', 't_datang', { no_referensi: answer.reference })).toBe(1);
      const card = (await estate.db.siak('DATA_KELUARGA').where({ NO_KK: number }).first()) as Record<string, unknown>;
      expect(card).toMatchObject({ ALAMAT: 'JL. KENANGA 7', NO_RT: 3, NO_RW: 5, NO_KEL: Number(to.split('.')[3]) });
      // The letter names the family's old address as the origin, the new one as the destination.
      const letter = (await estate.db.pindahKeluar('t_skpwni').where({ no_referensi: answer.reference }).first()) as Record<string, string>;
      expect(letter.kode_wil_asal).toBe(kelurahan.replace(/\./g, ''));
      expect(letter.kode_wil_tujuan).toBe(to.replace(/\./g, ''));

      const again = await estate.run(MOVE, { key: 'move-whole-1', input }, officer());
      expect(again.data!.moveWithinCity).toMatchObject({ replayed: true, reference: answer.reference });
      expect(await count('pindahKeluar', 't_skpwni', { no_referensi: answer.reference })).toBe(1);
      expect(await count('pindahDatang', 't_datang', { no_referensi: answer.reference })).toBe(1);
      // Another officer's key answers nothing; the same key with other input is a conflict.
      expect((await estate.run(FOLLOW_MOVE, { key: 'move-whole-1' }, officer('36.74', 'officer-8'))).data!.moveRegistration).toBeNull();
      const reused = await estate.run(MOVE, { key: 'move-whole-1', input: { ...input, reason: 'WORK' } }, officer());
      expect(reused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    });

    it('with pindah-datang down answers PENDING, changes SIAK only after it returns, and lands everything once', async () => {
      const { number, members, kelurahan } = await family(3);
      const movers = members.slice(1).map((m) => m.NIK);
      const to = elsewhere(kelurahan);
      const input = { familyCardNumber: number, applicantNik: members[0]!.NIK, movers, destination: { regionCode: to, street: 'Jl. Anggrek 12', rt: 1, rw: 2 }, reason: 'FAMILY', moveDate: today() };
      const cardsBefore = await count('siak', 'DATA_KELUARGA', {});
      await estate.apps.pindahDatang.stop();
      let answer: any;
      try {
        const { data, errors } = await estate.run(MOVE, { key: 'move-part-1', input }, officer());
        expect(errors).toBeUndefined();
        answer = data!.moveWithinCity;
        expect(answer.state).toBe('PENDING');
        const byApp = Object.fromEntries(answer.deliveries.map((d: any) => [d.app, d.state]));
        expect(byApp).toEqual({ 'pindah-keluar': 'DELIVERED', 'pindah-datang': 'PENDING', siak: 'PENDING' });
        expect(answer.letterNumber).toEqual(expect.any(String));
        await sleep(600);
        // SIAK has not changed: nothing is half-done while pindah-datang is away.
        for (const nik of movers) expect(((await estate.db.siak('BIODATA_WNI').where({ NIK: nik }).first()) as { NO_KK: string }).NO_KK).toBe(number);
        expect(await count('siak', 'DATA_KELUARGA', {})).toBe(cardsBefore);
      } finally {
        await estate.apps.pindahDatang.restart();
      }
      let followed = answer;
      for (let i = 0; followed.state !== 'DELIVERED' && i < 200; i += 1) {
        await sleep(100);
        followed = (await estate.run(FOLLOW_MOVE, { key: 'move-part-1' }, officer())).data!.moveRegistration;
      }
      expect(followed).toMatchObject({ state: 'DELIVERED', newFamilyCard: true, letterNumber: answer.letterNumber });
      const fresh = followed.familyCardNumber as string;
      expect(fresh).not.toBe(number);
      expect(await count('siak', 'DATA_KELUARGA', {})).toBe(cardsBefore + 1);
      expect(await count('pindahDatang', 't_datang', { no_referensi: answer.reference })).toBe(1);
      expect(await count('pindahKeluar', 't_skpwni', { no_referensi: answer.reference })).toBe(1);
      for (const nik of movers) expect(((await estate.db.siak('BIODATA_WNI').where({ NIK: nik }).first()) as { NO_KK: string }).NO_KK).toBe(fresh);
      expect(((await estate.db.siak('DATA_KELUARGA').where({ NO_KK: fresh }).first()) as { NIK_KK: string }).NIK_KK).toBe(movers[0]);
      const arrival = (await estate.db.pindahDatang('t_datang').where({ no_referensi: answer.reference }).first()) as { no_skpwni: string; kk_baru: string };
      expect(arrival).toMatchObject({ no_skpwni: answer.letterNumber, kk_baru: 'Y' });
    });

    it('refuses the head leaving part of the family without naming who heads it, and a move within the kelurahan', async () => {
      const { number, members, kelurahan } = await family(3);
      const base = { familyCardNumber: number, applicantNik: members[0]!.NIK, reason: 'WORK', moveDate: today() };
      const noHead = await estate.run(MOVE, { key: 'move-refused-1', input: { ...base, movers: [members[0]!.NIK, members[1]!.NIK], destination: { regionCode: elsewhere(kelurahan), street: 'Jl. B', rt: 1, rw: 1 } } }, officer());
      expect(noHead.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NEW_HEAD_REQUIRED' });
      const same = await estate.run(MOVE, { key: 'move-refused-1', input: { ...base, movers: [members[2]!.NIK], destination: { regionCode: kelurahan, street: 'Jl. B', rt: 1, rw: 1 } } }, officer());
      expect(same.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SAME_KELURAHAN' });
      const outside = await estate.run(MOVE, { key: 'move-refused-1', input: { ...base, movers: [members[2]!.NIK], destination: { regionCode: batangVillage(), street: 'Jl. B', rt: 1, rw: 1 } } }, officer());
      expect(outside.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'OUTSIDE_THE_CITY' });
      // An officer of a third kecamatan serves neither the origin nor the destination.
      const kecamatan = regions().childrenOf('36.74').map((k) => k.code);
      const destinationKec = kecamatan.find((k) => !kelurahan.startsWith(`${k}.`))!;
      const thirdKec = kecamatan.find((k) => k !== destinationKec && !kelurahan.startsWith(`${k}.`))!;
      const notMine = await estate.run(MOVE, { key: 'move-refused-1', input: { ...base, movers: [members[2]!.NIK], destination: { regionCode: regions().childrenOf(destinationKec)[0]!.code, street: 'Jl. B', rt: 1, rw: 1 } } }, officer(thirdKec));
      expect(notMine.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_YOUR_REGION' });
      expect((await estate.run(FOLLOW_MOVE, { key: 'move-refused-1' }, officer())).data!.moveRegistration).toBeNull();
    });
  });

  describe('registerArrival', () => {
    const BATANG_LETTER = '474.2/00777/SKPWNI/3325/X/2026';
    let people: string[];
    let destination: string;

    beforeAll(async () => {
      // A letter from Batang received through the national exchange (inserted as the exchange does).
      people = ['3325141210820901', '3325146411850902'];
      destination = '36.74.01.1001';
      await estate.db.pindahDatang('t_skpwni_masuk').insert({ no_skpwni: BATANG_LETTER, no_kk: '3325141010200901', kode_wil_asal: batangVillage().replace(/\./g, ''), kode_wil_tujuan: '3674011001', nik_anggota: people.join(';'), sumber: 'PUSAT', tgl_terima: '2026-10-20 07:30:00' });
    });

    const letterCopy = () => ({ familyCardNumber: '3325141010200901', originRegionCode: batangVillage(), destinationRegionCode: destination, movers: people });

    it('registers an arrival against another regency\'s letter once', async () => {
      const input = { moveOutLetterNumber: BATANG_LETTER, arrivingNiks: people, destination: { regionCode: destination, street: 'Jl. Melati 3', rt: 1, rw: 2 }, arrivalDate: today(), newFamilyCard: true, newIdCards: true, letter: letterCopy() };
      const { data, errors } = await estate.run(ARRIVAL, { key: 'arrival-1', input }, officer());
      expect(errors).toBeUndefined();
      expect(data!.registerArrival).toMatchObject({ state: 'DELIVERED', replayed: false });
      expect(data!.registerArrival.arrivalNumber).toMatch(/\/SKDWNI\/3674\//);
      const again = await estate.run(ARRIVAL, { key: 'arrival-1', input }, officer());
      expect(again.data!.registerArrival).toMatchObject({ replayed: true, arrivalNumber: data!.registerArrival.arrivalNumber });
      expect(await count('pindahDatang', 't_datang', { no_referensi: data!.registerArrival.reference })).toBe(1);
    });

    it('refuses a move-in that does not match this city\'s letter, naming what differs, before recording', async () => {
      const seeded = (await estate.db.pindahKeluar('t_skpwni').select('no_skpwni', 'kode_wil_tujuan').where('status_surat', 'TERBIT').andWhere('kode_wil_tujuan', 'like', '3674%').orderBy('no_skpwni', 'desc').first()) as { no_skpwni: string; kode_wil_tujuan: string };
      const movers = ((await estate.db.pindahKeluar('t_skpwni_anggota').select('nik').where('no_skpwni', seeded.no_skpwni)) as Array<{ nik: string }>).map((r) => r.nik);
      const to = `${seeded.kode_wil_tujuan.slice(0, 2)}.${seeded.kode_wil_tujuan.slice(2, 4)}.${seeded.kode_wil_tujuan.slice(4, 6)}.${seeded.kode_wil_tujuan.slice(6)}`;
      const stranger = (await family(1)).members[0]!.NIK;
      const base = { moveOutLetterNumber: seeded.no_skpwni, destination: { regionCode: to, street: 'Jl. C', rt: 1, rw: 1 }, arrivalDate: today(), newFamilyCard: false, newIdCards: true };
      const datangBefore = estate.apps.pindahDatang.calls.of('POST /api/datang');
      const others = await estate.run(ARRIVAL, { key: 'arrival-2', input: { ...base, arrivingNiks: [...movers.slice(0, 1), stranger] } }, officer());
      expect(others.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MOVE_IN_DOES_NOT_MATCH_LETTER', differs: ['people'] });
      expect(others.errors?.[0]?.message).toMatch(/people/);
      const place = await estate.run(ARRIVAL, { key: 'arrival-2', input: { ...base, arrivingNiks: movers, destination: { ...base.destination, regionCode: elsewhere(to) } } }, officer());
      expect(place.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MOVE_IN_DOES_NOT_MATCH_LETTER', differs: ['destination'] });
      const copy = await estate.run(ARRIVAL, { key: 'arrival-2', input: { moveOutLetterNumber: BATANG_LETTER, arrivingNiks: people.slice(0, 1), destination: { regionCode: destination, street: 'Jl. C', rt: 1, rw: 1 }, arrivalDate: today(), newFamilyCard: false, newIdCards: false, letter: letterCopy() } }, officer());
      expect(copy.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MOVE_IN_DOES_NOT_MATCH_LETTER', differs: ['people'] });
      expect(estate.apps.pindahDatang.calls.of('POST /api/datang')).toBe(datangBefore);
      expect((await estate.run('query { arrivalRegistration(idempotencyKey: "arrival-2") { reference } }', {}, officer())).data!.arrivalRegistration).toBeNull();
    });
  });

  describe('registerForeigner', () => {
    const input = () => ({
      passportNumber: 'tz 1234567', nationality: 'jpn', name: 'Tanaka Hiroshi', sex: 'MALE', birthDate: '1985-04-02', permitType: 'KITAS', permitNumber: '2C11AB1234',
      permitExpiresOn: addDays(today(), 300), sponsor: 'PT Maju Jaya', address: { regionCode: '36.74.01.1001', street: 'Jl. Sakura 9', rt: 4, rw: 6 },
    });

    it('registers once in orang-asing; a repeat writes nothing; the passport cannot be registered twice', async () => {
      const { data, errors } = await estate.run(FOREIGNER, { key: 'foreigner-1', input: input() }, officer());
      expect(errors).toBeUndefined();
      const answer = data!.registerForeigner;
      expect(answer).toMatchObject({ state: 'DELIVERED', replayed: false });
      expect(answer.registrationNumber).toMatch(/^3674-SKTT-\d{8}-\d{4}$/);
      const row = (await estate.db.orangAsing('ORANG_ASING').where({ REF_GERBANG: answer.reference }).first()) as Record<string, unknown>;
      expect(row).toMatchObject({ NO_PASPOR: 'TZ1234567', NAMA_LGKP: 'TANAKA HIROSHI', JENIS_IZIN: 'KITAS', NO_KEC: 1, NO_KEL: 1001 });
      const again = await estate.run(FOREIGNER, { key: 'foreigner-1', input: input() }, officer());
      expect(again.data!.registerForeigner).toMatchObject({ replayed: true, registrationNumber: answer.registrationNumber });
      expect(await count('orangAsing', 'ORANG_ASING', { NO_PASPOR: 'TZ1234567' })).toBe(1);
      const twice = await estate.run(FOREIGNER, { key: 'foreigner-2', input: input() }, officer());
      expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'PASSPORT_ALREADY_REGISTERED' });
      const followed = await estate.run('query ($k: String!) { foreignerRegistration(idempotencyKey: $k) { registrationNumber state } }', { k: 'foreigner-1' }, officer());
      expect(followed.data!.foreignerRegistration).toEqual({ registrationNumber: answer.registrationNumber, state: 'DELIVERED' });
      // Found by passport right after, as officers search.
      const found = await estate.run('query { foreignResident(passportNumber: "TZ1234567") { name permit { type expiresOn } address { street kelurahan { code } } } }', {}, officer());
      expect(found.data!.foreignResident).toMatchObject({ name: 'TANAKA HIROSHI', permit: { type: 'KITAS' }, address: { street: 'JL. SAKURA 9', kelurahan: { code: '36.74.01.1001' } } });
    });

    it('refuses an ended permit and a kelurahan outside the officer\'s region', async () => {
      const ended = await estate.run(FOREIGNER, { key: 'foreigner-3', input: { ...input(), passportNumber: 'TZ7654321', permitExpiresOn: today() } }, officer());
      expect(ended.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PERMIT_ENDED' });
      const outside = await estate.run(FOREIGNER, { key: 'foreigner-3', input: { ...input(), passportNumber: 'TZ7654321' } }, officer('36.74.02'));
      expect(outside.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OUTSIDE_YOUR_REGION' });
    });
  });
});
