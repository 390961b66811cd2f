import type { Knex } from 'knex';
import { deadlineIn } from '@core/deadline';
import { siakEmulator } from '@sim/siak/emulator';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import type { SqlLegacyClient } from '../../base/sql/sql-client';
import { connectSiak, type SiakConnection } from '../index';
import { mobilePhone } from './mapping';

describe('family-card phone numbers as clerks typed them', () => {
  it('become +628… mobile numbers; landlines, blanks and junk are none', () => {
    expect(mobilePhone('081234567890')).toBe('+6281234567890');
    expect(mobilePhone(' 0812-3456-7890 ')).toBe('+6281234567890');
    expect(mobilePhone('+62 (812) 3456.7890')).toBe('+6281234567890');
    expect(mobilePhone('62812345678')).toBe('+62812345678');
    expect(mobilePhone('0217654321')).toBeNull();
    expect(mobilePhone('0812')).toBeNull();
    expect(mobilePhone('08123456789012345')).toBeNull();
    expect(mobilePhone('')).toBeNull();
    expect(mobilePhone(null)).toBeNull();
    expect(mobilePhone('TIDAK ADA')).toBeNull();
  });
});

/** SiakContactReader against the SIAK emulator's tables (SQLite or MariaDB). */
describe(`SIAK family-card phones (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let officer: Knex;
  let client: SqlLegacyClient;
  let siak: SiakConnection['port'];

  beforeAll(async () => {
    legacy = await seededStorage('siak-contact', [siakEmulator]);
    officer = legacy.open('siak');
    ({ port: siak, client } = connectSiak(legacy.storage, { timeoutMs: 5_000 }));
  });

  afterAll(async () => {
    await client?.close();
    await legacy?.cleanup();
  });

  it('answers each resident\'s card phone in one statement; no card number, a landline or an unknown NIK is absent', async () => {
    const families = (await officer('DATA_KELUARGA').select('NO_KK', 'TELP').orderBy('NO_KK').limit(3)) as Array<{ NO_KK: string }>;
    const [mobile, landline, none] = families.map((f) => f.NO_KK);
    await officer('DATA_KELUARGA').where('NO_KK', mobile).update({ TELP: '0812-3456-7890' });
    await officer('DATA_KELUARGA').where('NO_KK', landline).update({ TELP: '021 7654321' });
    await officer('DATA_KELUARGA').where('NO_KK', none).update({ TELP: null });
    const members = (await officer('BIODATA_WNI').select('NIK', 'NO_KK').whereIn('NO_KK', [mobile!, landline!, none!])) as Array<{ NIK: string; NO_KK: string }>;
    const niks = members.map((m) => m.NIK);
    const before = client.statementCount;
    const phones = await siak.familyPhonesByNik([...niks, '3674011708850999'], deadlineIn(10_000));
    expect(client.statementCount - before).toBe(1);
    for (const member of members) {
      if (member.NO_KK === mobile) expect(phones.get(member.NIK)).toBe('+6281234567890');
      else expect(phones.has(member.NIK)).toBe(false);
    }
    expect(phones.has('3674011708850999')).toBe(false);
    expect(await siak.familyPhonesByNik([], deadlineIn(1_000))).toEqual(new Map());
  });
});
