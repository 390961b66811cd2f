import type { Knex } from 'knex';
import { regions } from '@core/domain/regions';
import { todayIn } from '@core/tenants';
import { orangAsingEmulator } from '@sim/orang-asing/emulator';
import { pindahDatangEmulator } from '@sim/pindah-datang/emulator';
import { pindahKeluarEmulator } from '@sim/pindah-keluar/emulator';
import { siakEmulator } from '@sim/siak/emulator';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { postGraphQL, startStack, type Stack } from '../support/stack';

/**
 * Moving and foreign residents through the gateway: a move within the city lands in pindah-keluar,
 * pindah-datang and SIAK, and the resident's address through the gateway (the population
 * subgraph, reading SIAK) is the new one; a move-in that does not match its letter is refused with
 * a clear error; the moving applications down fail only their own fields; officers list foreign
 * residents whose permits are about to end.
 */
const MOVE = `mutation ($key: String!, $input: MoveWithinCityInput!) {
  moveWithinCity(idempotencyKey: $key, input: $input) { reference state deliveries { app state } letterNumber arrivalNumber familyCardNumber newFamilyCard } }`;
const FOLLOW = `query ($key: String!) { moveRegistration(idempotencyKey: $key) { state letterNumber arrivalNumber familyCardNumber newFamilyCard } }`;
const RESIDENT = `query ($nik: String!) { resident(nik: $nik) {
  name family { number address { street rt rw kelurahan { code } } }
  moveOutLetters { number destination { regionCode } leavesCity }
  arrivals { number moveOutLetterNumber destination { regionCode } } } }`;

interface Member {
  NIK: string;
  STAT_HBKEL: number;
}

describe(`moving and foreign residents end to end (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let stack: Stack;
  let siak: Knex;
  const used = new Set<string>();

  beforeAll(async () => {
    legacy = await seededStorage('mobility-e2e', [siakEmulator, pindahKeluarEmulator, pindahDatangEmulator, orangAsingEmulator]);
    siak = legacy.open('siak');
    stack = await startStack(legacy.storage, { mobility: true });
  });

  afterAll(async () => {
    await stack?.stop();
    await legacy?.cleanup();
  });

  /** A family card with exactly `size` living members, the head first and named on the card. */
  async function family(size: number): Promise<{ number: string; members: Member[]; kelurahan: string }> {
    const cards = (await siak('BIODATA_WNI').select('NO_KK').where('STAT_HIDUP', 1).groupBy('NO_KK').havingRaw('COUNT(*) = ?', [size]).orderBy('NO_KK')) as Array<{ NO_KK: string }>;
    for (const { NO_KK } of cards) {
      if (used.has(NO_KK)) continue;
      const members = (await siak('BIODATA_WNI').select('NIK', 'STAT_HBKEL').where({ NO_KK }).orderBy([{ column: 'STAT_HBKEL' }, { column: 'NIK' }])) as Member[];
      const card = (await siak('DATA_KELUARGA').where({ NO_KK }).first()) as { NIK_KK: string; NO_KEC: number; NO_KEL: number } | undefined;
      if (!card || members.length !== size || members[0]!.NIK !== card.NIK_KK || Number(members[0]!.STAT_HBKEL) !== 1) continue;
      used.add(NO_KK);
      return { number: NO_KK, members, kelurahan: `36.74.${String(card.NO_KEC).padStart(2, '0')}.${card.NO_KEL}` };
    }
    throw new Error(`no unused family of ${size}`);
  }

  /** A kelurahan of the city in another kecamatan. */
  const elsewhere = (code: string) => regions().childrenOf('36.74').flatMap((k) => regions().childrenOf(k.code)).find((v) => !v.code.startsWith(code.slice(0, 8)))!.code;
  const today = () => todayIn('Asia/Jakarta');

  async function delivered(key: string, first: Record<string, any>): Promise<Record<string, any>> {
    let answer = first;
    for (let i = 0; answer.state === 'PENDING' && i < 150; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      answer = (await postGraphQL(stack.gatewayUrl, FOLLOW, { key })).body.data!.moveRegistration;
    }
    return answer;
  }

  it('moves a whole family within the city: SIAK\'s tables and the resident\'s address through the gateway show the new place', async () => {
    const { number, members, kelurahan } = await family(3);
    const to = elsewhere(kelurahan);
    const input = { familyCardNumber: number, applicantNik: members[0]!.NIK, movers: members.map((m) => m.NIK), destination: { regionCode: to, street: 'Jl. Flamboyan 12', rt: 4, rw: 9 }, reason: 'HOUSING', moveDate: today() };
    const { body } = await postGraphQL(stack.gatewayUrl, MOVE, { key: 'e2e-move-whole', input });
    expect(body.errors).toBeUndefined();
    const answer = await delivered('e2e-move-whole', body.data!.moveWithinCity);
    expect(answer).toMatchObject({ state: 'DELIVERED', familyCardNumber: number, newFamilyCard: false });

    // In SIAK's own tables: the card's address and every member's kelurahan.
    const card = (await siak('DATA_KELUARGA').where({ NO_KK: number }).first()) as Record<string, unknown>;
    expect(card).toMatchObject({ ALAMAT: 'JL. FLAMBOYAN 12', NO_RT: 4, NO_RW: 9, NO_KEC: Number(to.split('.')[2]), NO_KEL: Number(to.split('.')[3]) });
    const kelurahans = (await siak('BIODATA_WNI').distinct('NO_KEL').where({ NO_KK: number })) as Array<{ NO_KEL: number }>;
    expect(kelurahans.map((r) => Number(r.NO_KEL))).toEqual([Number(to.split('.')[3])]);

    // Through the gateway: the register's address, the letter and the arrival in one query.
    const seen = await postGraphQL(stack.gatewayUrl, RESIDENT, { nik: members[1]!.NIK });
    expect(seen.body.errors).toBeUndefined();
    const resident = seen.body.data!.resident;
    expect(resident.family).toEqual({ number, address: { street: 'JL. FLAMBOYAN 12', rt: '004', rw: '009', kelurahan: { code: to } } });
    expect(resident.moveOutLetters).toContainEqual({ number: answer.letterNumber, destination: { regionCode: to }, leavesCity: false });
    expect(resident.arrivals).toContainEqual({ number: answer.arrivalNumber, moveOutLetterNumber: answer.letterNumber, destination: { regionCode: to } });
  });

  it('moves part of a family onto a new family card, which the gateway shows', async () => {
    const { number, members, kelurahan } = await family(3);
    const to = elsewhere(kelurahan);
    const mover = members[2]!.NIK;
    const input = { familyCardNumber: number, applicantNik: mover, movers: [mover], destination: { regionCode: to, street: 'Jl. Melati 3', rt: 1, rw: 2 }, reason: 'WORK', moveDate: today() };
    const { body } = await postGraphQL(stack.gatewayUrl, MOVE, { key: 'e2e-move-part', input });
    expect(body.errors).toBeUndefined();
    const answer = await delivered('e2e-move-part', body.data!.moveWithinCity);
    expect(answer).toMatchObject({ state: 'DELIVERED', newFamilyCard: true });
    expect(answer.familyCardNumber).not.toBe(number);
    const moved = (await siak('BIODATA_WNI').select('NO_KK').where({ NIK: mover }).first()) as { NO_KK: string };
    expect(moved.NO_KK).toBe(answer.familyCardNumber);
    const seen = await postGraphQL(stack.gatewayUrl, `query ($nik: String!) { resident(nik: $nik) { family { number headName address { street } } } }`, { nik: mover });
    expect(seen.body.data!.resident.family).toMatchObject({ number: answer.familyCardNumber, address: { street: 'JL. MELATI 3' } });
    // The others stay on the old card.
    const stayed = (await siak('BIODATA_WNI').select('NO_KK').where({ NIK: members[0]!.NIK }).first()) as { NO_KK: string };
    expect(stayed.NO_KK).toBe(number);
  });

  it('refuses a move-in that does not match its move-out letter, saying what differs', async () => {
    const { number, members, kelurahan } = await family(2);
    const to = elsewhere(kelurahan);
    const moveOut = { familyCardNumber: number, applicantNik: members[0]!.NIK, movers: [members[1]!.NIK], destination: { regionCode: to, street: 'Jl. Anggrek 1', rt: 1, rw: 1 }, reason: 'FAMILY', moveDate: today() };
    // A letter to a place in the city: issued by moving within the city, then a second arrival against it with someone else.
    const issued = await delivered('e2e-move-letter', (await postGraphQL(stack.gatewayUrl, MOVE, { key: 'e2e-move-letter', input: moveOut })).body.data!.moveWithinCity);
    const stranger = (await family(1)).members[0]!.NIK;
    const arrival = `mutation ($key: String!, $input: RegisterArrivalInput!) { registerArrival(idempotencyKey: $key, input: $input) { state arrivalNumber } }`;
    const wrongPeople = await postGraphQL(stack.gatewayUrl, arrival, { key: 'e2e-arrival-wrong', input: { moveOutLetterNumber: issued.letterNumber, arrivingNiks: [stranger], destination: { regionCode: to, street: 'Jl. Anggrek 1', rt: 1, rw: 1 }, arrivalDate: today(), newFamilyCard: false, newIdCards: false } });
    expect(wrongPeople.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MOVE_IN_DOES_NOT_MATCH_LETTER' });
    expect(wrongPeople.body.errors![0]!.message).toMatch(/letter/i);
    const wrongPlace = await postGraphQL(stack.gatewayUrl, arrival, { key: 'e2e-arrival-place', input: { moveOutLetterNumber: issued.letterNumber, arrivingNiks: [members[1]!.NIK], destination: { regionCode: elsewhere(to), street: 'Jl. Anggrek 1', rt: 1, rw: 1 }, arrivalDate: today(), newFamilyCard: false, newIdCards: false } });
    expect(wrongPlace.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MOVE_IN_DOES_NOT_MATCH_LETTER' });
    // Nothing was recorded for either key.
    const follow = await postGraphQL(stack.gatewayUrl, `{ a: arrivalRegistration(idempotencyKey: "e2e-arrival-wrong") { state } b: arrivalRegistration(idempotencyKey: "e2e-arrival-place") { state } }`);
    expect(follow.body.data).toEqual({ a: null, b: null });
  });

  it('with pindah-keluar down, only the letters fail: the register still answers, and /readyz names the app', async () => {
    const { members } = await family(2);
    const app = stack.mobility!.apps.pindahKeluar;
    await app.stop();
    try {
      const { body } = await postGraphQL(stack.gatewayUrl, RESIDENT, { nik: members[0]!.NIK });
      expect(body.data!.resident.name).toEqual(expect.any(String));
      expect(body.data!.resident.family.number).toEqual(expect.any(String));
      expect(body.errors?.map((e) => e.extensions?.code)).toContain('LEGACY_UNAVAILABLE');
      expect(JSON.stringify(body.errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
      const ready = await fetch(`${stack.gatewayUrl}/readyz`);
      expect(ready.status).toBe(503);
      const text = await ready.text();
      for (const id of ['pindah-keluar', 'pindah-datang', 'orang-asing', 'siak']) expect(text).toContain(`"${id}"`);
    } finally {
      await app.restart();
    }
  });

  it('lists foreign residents whose stay permits end soonest, for officers only', async () => {
    const query = `{ foreignResidents(filter: { permitExpiringWithinDays: 3650 }, first: 5) { totalCount edges { node { name nationality permit { type expiresOn } } } } }`;
    const { body } = await postGraphQL(stack.gatewayUrl, query);
    expect(body.errors).toBeUndefined();
    const dates = body.data!.foreignResidents.edges.map((e: any) => e.node.permit.expiresOn);
    expect(dates.length).toBeGreaterThan(0);
    expect([...dates].sort()).toEqual(dates);
    const anonymous = await postGraphQL(stack.gatewayUrl, query, {}, { authorization: '' });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
