import type { Knex } from 'knex';
import { deadlineIn } from '@core/deadline';
import { checkNik } from '@core/domain/nik';
import { GerbangError } from '@core/errors';
import { todayIn } from '@core/tenants';
import { siakEmulator } from '@sim/siak/emulator';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { connectSiak, type SiakBirth, type SiakConnection } from '../index';

interface Card {
  number: string;
  head: { NIK: string; NAMA_LGKP: string; JENIS_KLMIN: number };
  wife: { NIK: string; NAMA_LGKP: string } | undefined;
  kec: string;
}

/** SIAK's birth write against the emulator's own tables: the child added once, with a NIK as SIAK makes one. */
describe(`SIAK recordBirth (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let officer: Knex;
  let siak: SiakConnection;
  const used = new Set<string>();
  const unhurried = () => deadlineIn(10_000);
  const today = todayIn('Asia/Jakarta');

  beforeAll(async () => {
    legacy = await seededStorage('siak-record-birth', [siakEmulator]);
    officer = legacy.open('siak');
    siak = connectSiak(legacy.storage, { timeoutMs: 5_000, timeZone: 'Asia/Jakarta' });
  });

  afterAll(async () => {
    await siak?.client.close();
    await legacy?.cleanup();
  });

  /** A card not used by another test, headed by a living man with a living wife on it. */
  async function family(): Promise<Card> {
    const heads = (await officer('BIODATA_WNI').select('NIK', 'NO_KK', 'NAMA_LGKP', 'JENIS_KLMIN', 'NO_PROP', 'NO_KAB', 'NO_KEC').where({ STAT_HBKEL: 1, STAT_HIDUP: 1, JENIS_KLMIN: 1 }).orderBy('NO_KK').limit(200)) as Array<{ NIK: string; NO_KK: string; NAMA_LGKP: string; JENIS_KLMIN: number }>;
    for (const head of heads) {
      if (used.has(head.NO_KK)) continue;
      const wife = (await officer('BIODATA_WNI').select('NIK', 'NAMA_LGKP').where({ NO_KK: head.NO_KK, STAT_HBKEL: 3, STAT_HIDUP: 1, JENIS_KLMIN: 2 }).first()) as Card['wife'];
      const card = (await officer('DATA_KELUARGA').where({ NO_KK: head.NO_KK }).first()) as { NO_PROP: number; NO_KAB: number; NO_KEC: number } | undefined;
      if (!wife || !card) continue;
      used.add(head.NO_KK);
      const kec = [card.NO_PROP, card.NO_KAB, card.NO_KEC].map((n) => String(n).padStart(2, '0')).join('');
      return { number: head.NO_KK, head, wife, kec };
    }
    throw new Error('no unused family with a head and a wife');
  }

  const birthOn = (card: Card, overrides: Partial<SiakBirth> = {}): SiakBirth => ({
    reference: 'GB-FKK-test', familyCardNumber: card.number, name: 'Putri  Ayu Lestari', sex: 'FEMALE', birthPlace: 'Kota Tangerang Selatan', birthDate: today, ...overrides,
  });

  it('adds a newborn girl to the card as a child, with a NIK of the card\'s kecamatan, her birth date +40 and the next serial', async () => {
    const card = await family();
    const birthDate = '2026-01-07';
    const before = (await officer('BIODATA_WNI').where({ NO_KK: card.number }).count({ n: '*' })) as Array<{ n: number | string }>;
    const recorded = await siak.port.recordBirth(birthOn(card, { birthDate }), unhurried());
    expect(recorded).toMatchObject({ familyCardNumber: card.number, changed: true });
    expect(recorded.nik.slice(0, 12)).toBe(`${card.kec}470126`);
    const check = checkNik(recorded.nik);
    expect(check.ok && check.parts.sex).toBe('FEMALE');
    const row = (await officer('BIODATA_WNI').where({ NIK: recorded.nik }).first()) as Record<string, unknown>;
    expect(row).toMatchObject({ NO_KK: card.number, NAMA_LGKP: 'PUTRI AYU LESTARI', TMPT_LHR: 'KOTA TANGERANG SELATAN', NIK_AYAH: card.head.NIK, NAMA_LGKP_AYAH: card.head.NAMA_LGKP, NIK_IBU: card.wife!.NIK, NAMA_LGKP_IBU: card.wife!.NAMA_LGKP });
    expect(Number(row.STAT_HBKEL)).toBe(4);
    expect(Number(row.JENIS_KLMIN)).toBe(2);
    expect(Number(row.STAT_KWN)).toBe(1);
    expect(String(row.TGL_LHR).slice(0, 10)).toBe(birthDate);
    const after = (await officer('BIODATA_WNI').where({ NO_KK: card.number }).count({ n: '*' })) as Array<{ n: number | string }>;
    expect(Number(after[0]!.n)).toBe(Number(before[0]!.n) + 1);
    // Read through the port as every subgraph reads SIAK: a member of the family, a child.
    const members = (await siak.port.membersByFamily([card.number], unhurried())).get(card.number)!;
    expect(members.find((m) => m.nik === recorded.nik)).toMatchObject({ relationship: 'CHILD', sex: 'FEMALE', birthDate, mother: { nik: card.wife!.NIK }, father: { nik: card.head.NIK } });
  });

  it('takes the serial after the highest one of the same kecamatan and birth date, officers\' included', async () => {
    const card = await family();
    const birthDate = '2025-12-03';
    const taken = `${card.kec}031225`;
    // An officer typed a boy born that day with serial 0042 (into another card; SIAK's serials are per prefix, not per card).
    await officer('BIODATA_WNI').insert({ NIK: `${taken}0042`, NO_KK: '3674000000000000', NAMA_LGKP: 'BAYI LAIN', JENIS_KLMIN: 1, TGL_LHR: birthDate, STAT_HIDUP: 1, NO_PROP: 36, NO_KAB: 74, NO_KEC: Number(card.kec.slice(4)), NO_KEL: 1001 });
    const recorded = await siak.port.recordBirth(birthOn(card, { name: 'Budi Santoso', sex: 'MALE', birthDate }), unhurried());
    expect(recorded.nik).toBe(`${taken}0043`);
  });

  it('adds nothing when delivered again: the same child on the card answers its NIK, changed false', async () => {
    const card = await family();
    const first = await siak.port.recordBirth(birthOn(card, { name: 'Rizky Pratama', sex: 'MALE' }), unhurried());
    await officer('DATA_KELUARGA').where({ NO_KK: card.number }).update({ TGL_UPDATION: '2099-01-01 00:00:00' });
    const again = await siak.port.recordBirth(birthOn(card, { name: 'rizky  pratama', sex: 'MALE' }), unhurried());
    expect(again).toEqual({ nik: first.nik, familyCardNumber: card.number, changed: false });
    const rows = (await officer('BIODATA_WNI').where({ NO_KK: card.number, NAMA_LGKP: 'RIZKY PRATAMA' }).count({ n: '*' })) as Array<{ n: number | string }>;
    expect(Number(rows[0]!.n)).toBe(1);
    // The card's stamp is not written again either (an officer's later change stands).
    const stamped = (await officer('DATA_KELUARGA').where({ NO_KK: card.number }).first()) as { TGL_UPDATION: unknown };
    expect(String(stamped.TGL_UPDATION)).toMatch(/^2099-01-01/);
  });

  it('stamps the card\'s change once the child is on it', async () => {
    const card = await family();
    await officer('DATA_KELUARGA').where({ NO_KK: card.number }).update({ TGL_UPDATION: '2020-01-01 00:00:00' });
    await siak.port.recordBirth(birthOn(card, { name: 'Siti Aminah' }), unhurried());
    const stamped = (await officer('DATA_KELUARGA').where({ NO_KK: card.number }).first()) as { TGL_UPDATION: unknown };
    expect(String(stamped.TGL_UPDATION)).not.toMatch(/^2020-01-01/);
  });

  it('refuses an unknown family card (NOT_FOUND) and a birth in the future or a malformed name (BAD_USER_INPUT), naming no SQL', async () => {
    const card = await family();
    const unknown = await siak.port.recordBirth(birthOn(card, { familyCardNumber: '3674019999999999' }), unhurried()).catch((e: unknown) => e);
    expect((unknown as GerbangError).extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'UNKNOWN_FAMILY_CARD' });
    expect((unknown as GerbangError).message).not.toMatch(/DATA_KELUARGA|select/i);
    const future = await siak.port.recordBirth(birthOn(card, { birthDate: '2999-01-01' }), unhurried()).catch((e: unknown) => e);
    expect((future as GerbangError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BIRTH_DATE_IN_FUTURE' });
    const badName = await siak.port.recordBirth(birthOn(card, { name: 'Bayi <script>' }), unhurried()).catch((e: unknown) => e);
    expect((badName as GerbangError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_NAME' });
    const nothing = (await officer('BIODATA_WNI').where({ NO_KK: card.number, STAT_HBKEL: 4, NAMA_LGKP: 'PUTRI AYU LESTARI' }).count({ n: '*' })) as Array<{ n: number | string }>;
    expect(Number(nothing[0]!.n)).toBe(0);
  });
});
