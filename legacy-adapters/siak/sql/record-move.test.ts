import type { Knex } from 'knex';
import { deadlineIn } from '@core/deadline';
import { checkKk } from '@core/domain/kk';
import { GerbangError } from '@core/errors';
import { todayIn } from '@core/tenants';
import { siakEmulator } from '@sim/siak/emulator';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { connectSiak, type SiakConnection, type SiakMove } from '../index';

interface Member {
  NIK: string;
  NO_KK: string;
  STAT_HBKEL: number;
  NO_KEC: number;
  NO_KEL: number;
  TGL_UBAH: unknown;
}

/** SIAK's move write against the emulator's own tables: applied once, a re-delivery changes nothing. */
describe(`SIAK recordMove (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let officer: Knex;
  let siak: SiakConnection;
  const used = new Set<string>();
  const unhurried = () => deadlineIn(10_000);

  beforeAll(async () => {
    legacy = await seededStorage('siak-record-move', [siakEmulator]);
    officer = legacy.open('siak');
    siak = connectSiak(legacy.storage, { timeoutMs: 5_000, timeZone: 'Asia/Jakarta' });
  });

  afterAll(async () => {
    await siak?.client.close();
    await legacy?.cleanup();
  });

  /** A family card not used by another test, with at least `size` living members, head first. */
  async function family(size: number): Promise<{ number: string; members: Member[]; kelurahan: { NO_KEC: number; NO_KEL: number } }> {
    const cards = (await officer('BIODATA_WNI').select('NO_KK').where('STAT_HIDUP', 1).groupBy('NO_KK').havingRaw('COUNT(*) >= ?', [size]).orderBy('NO_KK')) as Array<{ NO_KK: string }>;
    for (const { NO_KK } of cards) {
      if (used.has(NO_KK)) continue;
      const members = (await officer('BIODATA_WNI').select('NIK', 'NO_KK', 'STAT_HBKEL', 'NO_KEC', 'NO_KEL', 'TGL_UBAH').where({ NO_KK, STAT_HIDUP: 1 }).orderBy([{ column: 'STAT_HBKEL' }, { column: 'NIK' }])) as Member[];
      const card = (await officer('DATA_KELUARGA').where({ NO_KK }).first()) as { NIK_KK: string; NO_KEC: number; NO_KEL: number } | undefined;
      if (!card || members[0]?.NIK !== card.NIK_KK || Number(members[0]?.STAT_HBKEL) !== 1) continue;
      used.add(NO_KK);
      return { number: NO_KK, members, kelurahan: { NO_KEC: Number(card.NO_KEC), NO_KEL: Number(card.NO_KEL) } };
    }
    throw new Error(`no unused family of ${size}`);
  }

  /** Another kelurahan of the city than the family's. */
  async function elsewhere(from: { NO_KEC: number; NO_KEL: number }): Promise<{ code: string; NO_KEC: number; NO_KEL: number }> {
    const rows = (await officer('SETUP_KEL').select('NO_KEC', 'NO_KEL').where({ NO_PROP: 36, NO_KAB: 74 }).orderBy(['NO_KEC', 'NO_KEL'])) as Array<{ NO_KEC: number; NO_KEL: number }>;
    const other = rows.find((r) => Number(r.NO_KEC) !== from.NO_KEC)!;
    return { code: `36.74.${String(other.NO_KEC).padStart(2, '0')}.${other.NO_KEL}`, NO_KEC: Number(other.NO_KEC), NO_KEL: Number(other.NO_KEL) };
  }

  const person = async (nik: string) => (await officer('BIODATA_WNI').where({ NIK: nik }).first()) as Member;
  const card = async (number: string) => (await officer('DATA_KELUARGA').where({ NO_KK: number }).first()) as Record<string, unknown> | undefined;
  const cardCount = async () => Number(((await officer('DATA_KELUARGA').count({ n: '*' })) as Array<{ n: number | string }>)[0]!.n);

  it('moves a whole family: the card\'s address and every member\'s kelurahan; a re-delivery changes nothing', async () => {
    const { number, members } = await family(2);
    const to = await elsewhere((await family(1)).kelurahan);
    const move: SiakMove = { reference: 'PD-test-1', familyCardNumber: number, movers: members.map((m) => m.NIK), destination: { kelurahanCode: to.code, street: 'Jl. Kenanga  No. 7', rt: 3, rw: 5 } };
    const cardsBefore = await cardCount();
    expect(await siak.port.recordMove(move, unhurried())).toEqual({ familyCardNumber: number, newFamilyCard: false, changed: true });
    expect(await cardCount()).toBe(cardsBefore);
    expect(await card(number)).toMatchObject({ ALAMAT: 'JL. KENANGA NO. 7', NO_RT: 3, NO_RW: 5, NO_KEC: to.NO_KEC, NO_KEL: to.NO_KEL });
    expect((await card(number))!.TGL_UPDATION).not.toBeNull();
    for (const m of members) expect(await person(m.NIK)).toMatchObject({ NO_KK: number, NO_KEC: to.NO_KEC, NO_KEL: to.NO_KEL });
    // Through the read port: the family's address is the new one.
    const read = (await siak.port.familiesByNumber([number], unhurried())).get(number)!;
    expect(read.address).toMatchObject({ street: 'JL. KENANGA NO. 7', rt: '003', rw: '005' });
    expect(read.address.kelurahan.code).toBe(to.code);

    await officer('DATA_KELUARGA').where({ NO_KK: number }).update({ TGL_UPDATION: '2020-01-01 00:00:00' });
    await officer('BIODATA_WNI').where({ NO_KK: number }).update({ TGL_UBAH: '2020-01-01 00:00:00' });
    expect(await siak.port.recordMove(move, unhurried())).toEqual({ familyCardNumber: number, newFamilyCard: false, changed: false });
    expect(String((await card(number))!.TGL_UPDATION)).toMatch(/^2020-01-01/);
    for (const m of members) expect(String((await person(m.NIK)).TGL_UBAH)).toMatch(/^2020-01-01/);
  });

  it('gives part of a family a new card headed by the first mover, numbered per domain rules; once', async () => {
    const { number, members } = await family(3);
    const [head, ...others] = members;
    const movers = others.map((m) => m.NIK);
    const to = await elsewhere({ NO_KEC: Number(head!.NO_KEC), NO_KEL: Number(head!.NO_KEL) });
    const move: SiakMove = { reference: 'PD-test-2', familyCardNumber: number, movers, destination: { kelurahanCode: to.code, street: 'Jl. Anggrek 12', rt: 1, rw: 2 } };
    const cardsBefore = await cardCount();
    const recorded = await siak.port.recordMove(move, unhurried());
    expect(recorded).toMatchObject({ newFamilyCard: true, changed: true });
    const fresh = recorded.familyCardNumber;
    expect(fresh).not.toBe(number);
    const check = checkKk(fresh);
    expect(check.ok).toBe(true);
    const [y, m, d] = todayIn('Asia/Jakarta').split('-');
    expect(fresh.slice(0, 12)).toBe(`3674${String(to.NO_KEC).padStart(2, '0')}${d}${m}${y!.slice(2)}`);
    expect(await cardCount()).toBe(cardsBefore + 1);
    expect(await card(fresh)).toMatchObject({ NIK_KK: movers[0], ALAMAT: 'JL. ANGGREK 12', NO_RT: 1, NO_RW: 2, NO_KEC: to.NO_KEC, NO_KEL: to.NO_KEL });
    expect(await person(movers[0]!)).toMatchObject({ NO_KK: fresh, STAT_HBKEL: 1, NO_KEC: to.NO_KEC, NO_KEL: to.NO_KEL });
    for (const nik of movers.slice(1)) expect((await person(nik)).NO_KK).toBe(fresh);
    // The head stays, on the old card, at the old address.
    expect(await person(head!.NIK)).toMatchObject({ NO_KK: number, STAT_HBKEL: 1, NO_KEC: Number(head!.NO_KEC), NO_KEL: Number(head!.NO_KEL) });
    expect((await card(number))!.NIK_KK).toBe(head!.NIK);

    // A re-delivery: the movers are together at that address already.
    expect(await siak.port.recordMove(move, unhurried())).toEqual({ familyCardNumber: fresh, newFamilyCard: true, changed: false });
    expect(await cardCount()).toBe(cardsBefore + 1);
  });

  it('completes a delivery cut off after the new card was made, without a second card', async () => {
    const { number, members } = await family(3);
    const movers = members.slice(1).map((m) => m.NIK);
    const to = await elsewhere({ NO_KEC: Number(members[0]!.NO_KEC), NO_KEL: Number(members[0]!.NO_KEL) });
    const move: SiakMove = { reference: 'PD-test-3', familyCardNumber: number, movers, destination: { kelurahanCode: to.code, street: 'Jl. Mawar 1', rt: 4, rw: 4 } };
    const first = await siak.port.recordMove(move, unhurried());
    // As if the delivery had stopped after the card's INSERT: the movers are back on the old card.
    await officer('BIODATA_WNI').whereIn('NIK', movers).update({ NO_KK: number });
    const cardsBefore = await cardCount();
    expect(await siak.port.recordMove(move, unhurried())).toEqual({ familyCardNumber: first.familyCardNumber, newFamilyCard: true, changed: true });
    expect(await cardCount()).toBe(cardsBefore);
    for (const nik of movers) expect((await person(nik)).NO_KK).toBe(first.familyCardNumber);
  });

  it('refuses the head leaving with part of the family unless a remaining head is named, writing nothing', async () => {
    const { number, members } = await family(3);
    const [head, second, third] = members;
    const to = await elsewhere({ NO_KEC: Number(head!.NO_KEC), NO_KEL: Number(head!.NO_KEL) });
    const cardsBefore = await cardCount();
    const move: SiakMove = { reference: 'PD-test-4', familyCardNumber: number, movers: [head!.NIK, second!.NIK], destination: { kelurahanCode: to.code, street: 'Jl. Dahlia 2', rt: 2, rw: 1 } };
    const error = await siak.port.recordMove(move, unhurried()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GerbangError);
    expect((error as GerbangError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NEW_HEAD_REQUIRED' });
    const led = await siak.port.recordMove({ ...move, movers: [second!.NIK, head!.NIK], remainingHeadNik: third!.NIK }, unhurried()).catch((e: unknown) => e);
    expect((led as GerbangError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'HEAD_MUST_LEAD_MOVE' });
    expect(await cardCount()).toBe(cardsBefore);
    expect((await person(head!.NIK)).NO_KK).toBe(number);

    const recorded = await siak.port.recordMove({ ...move, remainingHeadNik: third!.NIK }, unhurried());
    expect(recorded).toMatchObject({ newFamilyCard: true, changed: true });
    expect(await card(number)).toMatchObject({ NIK_KK: third!.NIK });
    expect(await person(third!.NIK)).toMatchObject({ NO_KK: number, STAT_HBKEL: 1 });
    expect(await person(head!.NIK)).toMatchObject({ NO_KK: recorded.familyCardNumber, STAT_HBKEL: 1 });
    expect(await person(second!.NIK)).toMatchObject({ NO_KK: recorded.familyCardNumber, STAT_HBKEL: Number(second!.STAT_HBKEL) });
  });

  it('refuses unknown people and people not on the card (permanent), naming no SQL', async () => {
    const { number, members } = await family(2);
    const other = await family(2);
    const destination = { kelurahanCode: '36.74.01.1001', street: 'Jl. Baru 1', rt: 1, rw: 1 };
    const unknown = await siak.port.recordMove({ reference: 'PD-test-5', familyCardNumber: number, movers: ['3674011708850999'], destination }, unhurried()).catch((e: unknown) => e);
    expect((unknown as GerbangError).extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'UNKNOWN_NIK' });
    const stranger = await siak.port.recordMove({ reference: 'PD-test-6', familyCardNumber: number, movers: [members[1]!.NIK, other.members[1]!.NIK], destination }, unhurried()).catch((e: unknown) => e);
    expect((stranger as GerbangError).extensions).toMatchObject({ code: 'CONFLICT', reason: 'MOVERS_NOT_ON_FAMILY_CARD' });
    expect((stranger as GerbangError).message).not.toMatch(/BIODATA|DATA_KELUARGA|select|update/i);
  });
});
