import type { Knex } from 'knex';
import type { Deadline } from '@core/deadline';
import { buildNik } from '@core/domain/nik';
import { ErrorCode, GerbangError, badUserInput, legacyUnavailable } from '@core/errors';
import { localDateTimeIn, todayIn } from '@core/tenants';
import type { SqlLegacyClient } from '../../base/sql/sql-client';
import type { RecordedBirth, SiakBirth } from '../port';
import { STAT_HIDUP_DECEASED } from './codes';

/**
 * A newborn added to their family card in SIAK's own tables, the way its KK screen records a birth
 * (form F-2.01): one BIODATA_WNI row on the card's NO_KK, relationship ANAK, the parents' names and
 * NIKs from the card, and a new NIK made as SIAK makes one (domain.md): the family's kecamatan
 * (NO_PROP, NO_KAB, NO_KEC of the card), the birth date DDMMYY with 40 added to the day for a
 * girl, and the next free 4-digit serial of that prefix in the register.
 *
 * SIAK keeps no reference column, so its own state is the check before writing: a child of this
 * name and birth date on this card as a child IS this birth. The INSERT … SELECT carries that check
 * itself (NOT EXISTS) and takes the serial from the table in the same statement, so two deliveries
 * never add two children and a NIK an officer typed meanwhile is never reused; a serial taken by a
 * concurrent insert makes it insert nothing (IGNORE on the primary key) and it tries again. The
 * card's change stamp comes last and is conditional, so a delivery cut off anywhere is completed by
 * the next one.
 */

/** SIAK's codes for what a newborn's row holds (domain.md's code tables). */
const CODE = {
  head: 1, husband: 2, wife: 3, child: 4,
  male: 1, female: 2,
  /** STAT_KWN belum kawin; PDDK_AKH tidak/belum sekolah; JENIS_PKRJN belum/tidak bekerja; GOL_DRH tidak tahu. */
  single: 1, noSchooling: 1, notWorking: 1, bloodTypeUnknown: 13,
  alive: 1,
} as const;
const SERIAL_ATTEMPTS = 5;
const NAME = /^[A-Z][A-Z .,'-]{0,59}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface CardRow {
  NO_KK: string;
  NIK_KK: string | null;
  NO_PROP: number | string;
  NO_KAB: number | string;
  NO_KEC: number | string;
  NO_KEL: number | string;
}

interface MemberRow {
  NIK: string;
  NAMA_LGKP: string;
  JENIS_KLMIN: number | string | null;
  STAT_HBKEL: number | string | null;
  STAT_HIDUP: number | string | null;
  AGAMA: number | string | null;
}

const trim = (value: string | null | undefined): string => (value ?? '').trim();
const pad = (n: number | string, width: number): string => String(Number(n)).padStart(width, '0');
const isMysql = (db: Knex): boolean => db.client.config.client === 'mysql2';

/** As the KK is written: UPPERCASE, blanks collapsed. */
function kkText(value: string, argument: string, reason: string, what: string): string {
  const text = value.replace(/\s+/g, ' ').trim().toUpperCase();
  if (!NAME.test(text)) throw badUserInput(argument, reason, `${what}: 1 to 60 letters, spaces and . , ' - as written on the family card.`);
  return text;
}

function birthDateOf(value: string, today: string): string {
  const m = ISO_DATE.exec(value);
  const valid = m && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
  if (!valid) throw badUserInput('birthDate', 'INVALID_BIRTH_DATE', 'The birth date must be an ISO date (YYYY-MM-DD).');
  if (value > today) throw badUserInput('birthDate', 'BIRTH_DATE_IN_FUTURE', 'The birth date is after today.');
  return value;
}

/** The NIK's first 12 digits: the card's kecamatan, then DDMMYY with 40 added to a girl's day (core/domain/nik.ts). */
function nikPrefix(card: Pick<CardRow, 'NO_PROP' | 'NO_KAB' | 'NO_KEC'>, birthDate: string, sex: SiakBirth['sex']): string {
  return buildNik(`${pad(card.NO_PROP, 2)}.${pad(card.NO_KAB, 2)}.${pad(card.NO_KEC, 2)}`, birthDate, sex, 1).slice(0, 12);
}

/** The parents the card names: the head and their spouse, by sex (a woman heading the card is the mother). */
function parentsOn(members: readonly MemberRow[]): { mother: MemberRow | undefined; father: MemberRow | undefined } {
  const living = members.filter((m) => Number(m.STAT_HIDUP) !== STAT_HIDUP_DECEASED);
  const role = (code: number) => living.filter((m) => Number(m.STAT_HBKEL) === code);
  const ofSex = (rows: MemberRow[], sex: number) => rows.find((m) => Number(m.JENIS_KLMIN) === sex);
  return {
    father: ofSex(role(CODE.head), CODE.male) ?? ofSex(role(CODE.husband), CODE.male),
    mother: ofSex(role(CODE.head), CODE.female) ?? ofSex(role(CODE.wife), CODE.female),
  };
}

export async function recordBirthInSiak(sql: SqlLegacyClient, timeZone: string, birth: SiakBirth, deadline: Deadline): Promise<RecordedBirth> {
  const db = sql.db;
  if (!/^\d{16}$/.test(birth.familyCardNumber)) throw badUserInput('familyCardNumber', 'INVALID_FAMILY_CARD', 'A family card number is 16 digits.');
  const name = kkText(birth.name, 'name', 'INVALID_NAME', 'The child\'s name');
  const birthPlace = kkText(birth.birthPlace, 'birthPlace', 'INVALID_BIRTH_PLACE', 'The place of birth');
  const birthDate = birthDateOf(birth.birthDate, todayIn(timeZone));
  const kk = birth.familyCardNumber;
  const sameChild = { NO_KK: kk, NAMA_LGKP: name, TGL_LHR: birthDate, STAT_HBKEL: CODE.child };
  const recorded = async (): Promise<string | undefined> => {
    const rows = await sql.query<{ NIK: string }>(db('BIODATA_WNI').select('NIK').where(sameChild).orderBy('NIK'), deadline);
    return rows[0] ? trim(rows[0].NIK) : undefined;
  };
  const stamp = localDateTimeIn(timeZone);
  // The card changed: stamped once, after the child's entry (so a re-delivery completes a stamp a cut-off delivery missed).
  const stampCard = async (nik: string) => {
    await sql.execute(
      db('DATA_KELUARGA').where('NO_KK', kk)
        .andWhere((w) => w.whereNull('TGL_UPDATION').orWhere('TGL_UPDATION', '<', db('BIODATA_WNI').select('TGL_ENTRI').where('NIK', nik)))
        .update({ TGL_UPDATION: stamp }),
      deadline,
    );
  };

  const [card] = await sql.query<CardRow>(db('DATA_KELUARGA').select('NO_KK', 'NIK_KK', 'NO_PROP', 'NO_KAB', 'NO_KEC', 'NO_KEL').where('NO_KK', kk), deadline);
  if (!card) throw new GerbangError(ErrorCode.NOT_FOUND, 'SIAK has no family card with this number.', { app: 'siak', reason: 'UNKNOWN_FAMILY_CARD' });
  const members = await sql.query<MemberRow>(db('BIODATA_WNI').select('NIK', 'NAMA_LGKP', 'JENIS_KLMIN', 'STAT_HBKEL', 'STAT_HIDUP', 'AGAMA').where('NO_KK', kk), deadline);
  const already = members.find((m) => trim(m.NAMA_LGKP) === name && Number(m.STAT_HBKEL) === CODE.child);
  // Same name on the card: is it this birth? Only the birth date tells (read with the row).
  if (already) {
    const nik = await recorded();
    if (nik) {
      await stampCard(nik);
      return { nik, familyCardNumber: kk, changed: false };
    }
  }

  const { mother, father } = parentsOn(members);
  const head = members.find((m) => trim(m.NIK) === trim(card.NIK_KK)) ?? members.find((m) => Number(m.STAT_HBKEL) === CODE.head);
  const values: Record<string, string | number | null> = {
    NO_KK: kk, NAMA_LGKP: name, JENIS_KLMIN: birth.sex === 'FEMALE' ? CODE.female : CODE.male, TMPT_LHR: birthPlace, TGL_LHR: birthDate,
    GOL_DRH: CODE.bloodTypeUnknown,
    // The KK screen fills a newborn's religion from the parents; the Dinas corrects it in SIAK when it differs.
    AGAMA: (mother ?? father ?? head)?.AGAMA ?? null,
    STAT_KWN: CODE.single, STAT_HBKEL: CODE.child, PDDK_AKH: CODE.noSchooling, JENIS_PKRJN: CODE.notWorking,
    NIK_IBU: mother ? trim(mother.NIK) : null, NAMA_LGKP_IBU: mother ? trim(mother.NAMA_LGKP) : null,
    NIK_AYAH: father ? trim(father.NIK) : null, NAMA_LGKP_AYAH: father ? trim(father.NAMA_LGKP) : null,
    STAT_HIDUP: CODE.alive, NO_PROP: Number(card.NO_PROP), NO_KAB: Number(card.NO_KAB), NO_KEC: Number(card.NO_KEC), NO_KEL: Number(card.NO_KEL),
    TGL_ENTRI: stamp,
  };
  const columns = Object.keys(values);
  const prefix = nikPrefix(card, birthDate, birth.sex);
  const next = isMysql(db) ? "CONCAT(?, LPAD(s.last_serial + 1, 4, '0'))" : "? || substr('0000' || (s.last_serial + 1), -4)";
  const insert = db.raw(
    `INSERT ${isMysql(db) ? 'IGNORE' : 'OR IGNORE'} INTO BIODATA_WNI (NIK, ${columns.join(', ')}) `
    + `SELECT ${next}, ${columns.map(() => '?').join(', ')} `
    + 'FROM (SELECT COALESCE(MAX(SUBSTR(NIK, 13, 4)), \'0\') AS last_serial FROM BIODATA_WNI WHERE NIK LIKE ?) s '
    + 'WHERE (s.last_serial + 0) < 9999 AND NOT EXISTS (SELECT 1 FROM BIODATA_WNI WHERE NO_KK = ? AND NAMA_LGKP = ? AND TGL_LHR = ? AND STAT_HBKEL = ?)',
    [prefix, ...columns.map((c) => values[c] ?? null), `${prefix}%`, kk, name, birthDate, CODE.child],
  );
  for (let attempt = 1; attempt <= SERIAL_ATTEMPTS; attempt += 1) {
    const { changes } = await sql.execute(insert, deadline);
    const nik = await recorded();
    if (nik) {
      await stampCard(nik);
      return { nik, familyCardNumber: kk, changed: changes > 0 };
    }
  }
  throw legacyUnavailable(sql.app, new Error(`BIODATA_WNI: no free NIK serial for ${prefix} after ${SERIAL_ATTEMPTS} attempts`));
}
