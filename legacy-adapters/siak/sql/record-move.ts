import type { Knex } from 'knex';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput, legacyUnavailable } from '@core/errors';
import { localDateTimeIn, todayIn } from '@core/tenants';
import type { SqlLegacyClient } from '../../base/sql/sql-client';
import type { RecordedMove, SiakMove } from '../port';
import { STAT_HIDUP_DECEASED } from './codes';

/**
 * A move within the city written into SIAK's own tables, the way its KK screen does:
 * - the whole (living) family moves: DATA_KELUARGA's address and region take the new place, and
 *   each mover's BIODATA_WNI kelurahan (NO_KEC, NO_KEL) follows;
 * - part of the family moves: a new DATA_KELUARGA row (a new KK number: the destination
 *   kecamatan, today's date ddmmyy, the next serial) headed by the first mover, and the movers'
 *   NO_KK changed to it; when the old head leaves, the member named stays behind as head.
 *
 * SIAK keeps no reference column, so its own state is the check before writing again: every
 * statement is conditional (it changes only what is not yet as the move wants it), and the order
 * is chosen so that a delivery cut off after any statement is completed by the next one. The SQL
 * base runs one statement per call (no transaction across statements yet): this ordering is what
 * makes the write safe to repeat. The outbox's lease keeps two deliveries of one move apart.
 */
const HEAD = 1;
const SERIAL_ATTEMPTS = 5;

interface PersonRow {
  NIK: string;
  NO_KK: string | null;
  NAMA_LGKP: string;
  STAT_HBKEL: number | string | null;
  STAT_HIDUP: number | string | null;
}

interface CardRow {
  NO_KK: string;
  NIK_KK: string | null;
  ALAMAT: string | null;
  NO_RT: number | string | null;
  NO_RW: number | string | null;
  NO_PROP: number | string;
  NO_KAB: number | string;
  NO_KEC: number | string;
  NO_KEL: number | string;
}

const trim = (value: string | null | undefined): string => (value ?? '').trim();
const living = (p: PersonRow) => Number(p.STAT_HIDUP) !== STAT_HIDUP_DECEASED;

function refused(code: ErrorCode, reason: string, message: string): GerbangError {
  return new GerbangError(code, message, { app: 'siak', reason });
}

function isMysql(db: Knex): boolean {
  return db.client.config.client === 'mysql2';
}

export async function recordMoveInSiak(sql: SqlLegacyClient, timeZone: string, move: SiakMove, deadline: Deadline): Promise<RecordedMove> {
  const db = sql.db;
  const origin = move.familyCardNumber;
  const movers = [...new Set(move.movers)];
  if (movers.length === 0) throw badUserInput('movers', 'NO_MOVERS', 'Name at least one person moving.');
  const [prop, kab, kec, kel] = move.destination.kelurahanCode.split('.').map(Number) as [number, number, number, number];
  const place = { NO_PROP: prop, NO_KAB: kab, NO_KEC: kec, NO_KEL: kel };
  const address = { ALAMAT: move.destination.street.replace(/\s+/g, ' ').trim().toUpperCase(), NO_RT: move.destination.rt, NO_RW: move.destination.rw, ...place };
  const atDestination = (card: CardRow | undefined): boolean =>
    !!card && trim(card.ALAMAT) === address.ALAMAT && Number(card.NO_RT) === address.NO_RT && Number(card.NO_RW) === address.NO_RW
    && Number(card.NO_PROP) === prop && Number(card.NO_KAB) === kab && Number(card.NO_KEC) === kec && Number(card.NO_KEL) === kel;
  const cards = async (numbers: string[]): Promise<Map<string, CardRow>> => {
    const rows = await sql.query<CardRow>(db('DATA_KELUARGA').select('NO_KK', 'NIK_KK', 'ALAMAT', 'NO_RT', 'NO_RW', 'NO_PROP', 'NO_KAB', 'NO_KEC', 'NO_KEL').whereIn('NO_KK', numbers), deadline);
    return new Map(rows.map((r) => [trim(r.NO_KK), r]));
  };

  // Read: the card, its members and the movers (wherever they are now).
  const people = await sql.query<PersonRow>(
    db('BIODATA_WNI').select('NIK', 'NO_KK', 'NAMA_LGKP', 'STAT_HBKEL', 'STAT_HIDUP').where('NO_KK', origin).orWhereIn('NIK', movers),
    deadline,
  );
  const byNik = new Map(people.map((p) => [trim(p.NIK), p]));
  const missing = movers.filter((n) => !byNik.has(n));
  if (missing.length > 0) throw refused(ErrorCode.NOT_FOUND, 'UNKNOWN_NIK', 'SIAK has no resident with one of the movers\' NIKs.');
  const originCard = (await cards([origin])).get(origin);
  if (!originCard) throw refused(ErrorCode.NOT_FOUND, 'UNKNOWN_FAMILY_CARD', 'SIAK has no family card with this number.');

  const onOrigin = movers.filter((n) => trim(byNik.get(n)!.NO_KK) === origin);
  if (onOrigin.length === 0) {
    // Already applied? The movers together on another card at the destination: a re-delivery.
    const numbers = [...new Set(movers.map((n) => trim(byNik.get(n)!.NO_KK)))];
    const card = numbers.length === 1 ? (await cards(numbers)).get(numbers[0]!) : undefined;
    if (card && atDestination(card)) return { familyCardNumber: trim(card.NO_KK), newFamilyCard: true, changed: false };
    throw refused(ErrorCode.CONFLICT, 'MOVERS_NOT_ON_FAMILY_CARD', 'The people moving are no longer on this family card.');
  }
  if (onOrigin.length < movers.length) throw refused(ErrorCode.CONFLICT, 'MOVERS_NOT_ON_FAMILY_CARD', 'Not everyone moving is on this family card.');

  const stamp = localDateTimeIn(timeZone);
  const remaining = people.filter((p) => trim(p.NO_KK) === origin && !movers.includes(trim(p.NIK)) && living(p));

  if (remaining.length === 0) {
    // The whole family moves: the card moves with them.
    let changes = 0;
    if (!atDestination(originCard)) {
      changes += (await sql.execute(db('DATA_KELUARGA').where('NO_KK', origin).update({ ...address, TGL_UPDATION: stamp }), deadline)).changes;
    }
    changes += (await sql.execute(
      db('BIODATA_WNI').whereIn('NIK', movers).andWhere('NO_KK', origin)
        .andWhere((w) => w.whereNot('NO_PROP', prop).orWhereNot('NO_KAB', kab).orWhereNot('NO_KEC', kec).orWhereNot('NO_KEL', kel))
        .update({ ...place, TGL_UBAH: stamp }),
      deadline,
    )).changes;
    return { familyCardNumber: origin, newFamilyCard: false, changed: changes > 0 };
  }

  // Part of the family moves: a new card for the movers, headed by the first.
  const oldHead = trim(originCard.NIK_KK) || trim(people.find((p) => trim(p.NO_KK) === origin && Number(p.STAT_HBKEL) === HEAD)?.NIK);
  const headMoves = movers.includes(oldHead);
  const newHead = movers[0]!;
  let remainingHead: PersonRow | undefined;
  if (headMoves) {
    if (newHead !== oldHead) throw badUserInput('movers', 'HEAD_MUST_LEAD_MOVE', 'When the head of the family moves with part of it, name the head first: they head the new family card.');
    remainingHead = remaining.find((p) => trim(p.NIK) === move.remainingHeadNik);
    if (!remainingHead) throw badUserInput('remainingHeadNik', 'NEW_HEAD_REQUIRED', 'The head of the family moves: name a living member who stays as head of the remaining family.');
  }

  const headName = byNik.get(newHead)!.NAMA_LGKP;
  const created = await newCardOnce(sql, { origin, head: newHead, headName, address, stamp, issuedOn: todayIn(timeZone) }, deadline);
  let changes = created.inserted ? 1 : 0;
  if (remainingHead) {
    // Before the movers leave: once they have, a re-delivery sees the move as done.
    const nik = trim(remainingHead.NIK);
    changes += (await sql.execute(db('BIODATA_WNI').where({ NIK: nik, NO_KK: origin }).andWhere((w) => w.whereNull('STAT_HBKEL').orWhereNot('STAT_HBKEL', HEAD)).update({ STAT_HBKEL: HEAD, TGL_UBAH: stamp }), deadline)).changes;
    changes += (await sql.execute(
      db('DATA_KELUARGA').where('NO_KK', origin).andWhere((w) => w.whereNull('NIK_KK').orWhereNot('NIK_KK', nik)).update({ NIK_KK: nik, NAMA_KEP: remainingHead.NAMA_LGKP, TGL_UPDATION: stamp }),
      deadline,
    )).changes;
  }
  // One statement moves everyone (and makes the first the head), so movers are never split.
  changes += (await sql.execute(
    db('BIODATA_WNI').whereIn('NIK', movers).andWhere('NO_KK', origin).update({
      NO_KK: created.number,
      ...place,
      STAT_HBKEL: db.raw('CASE WHEN NIK = ? THEN ? ELSE STAT_HBKEL END', [newHead, HEAD]),
      TGL_UBAH: stamp,
    }),
    deadline,
  )).changes;
  return { familyCardNumber: created.number, newFamilyCard: true, changed: changes > 0 };
}

interface NewCard {
  origin: string;
  head: string;
  headName: string;
  address: { ALAMAT: string; NO_RT: number; NO_RW: number; NO_PROP: number; NO_KAB: number; NO_KEC: number; NO_KEL: number };
  stamp: string;
  /** ISO date the card is issued (its number carries it). */
  issuedOn: string;
}

/**
 * The movers' new card, inserted unless one headed by the same person at the same address (other
 * than the card they leave) is already there — from an earlier delivery of this move — and read
 * back. One INSERT … SELECT takes the next serial of the kecamatan and day from the table itself,
 * so it follows what officers typed in meanwhile; a concurrent card that took the serial makes it
 * insert nothing (IGNORE on the primary key), and it tries again.
 */
async function newCardOnce(sql: SqlLegacyClient, card: NewCard, deadline: Deadline): Promise<{ number: string; inserted: boolean }> {
  const db = sql.db;
  const { address: a } = card;
  const [year, month, day] = card.issuedOn.split('-') as [string, string, string];
  const prefix = `${String(a.NO_PROP).padStart(2, '0')}${String(a.NO_KAB).padStart(2, '0')}${String(a.NO_KEC).padStart(2, '0')}${day}${month}${year.slice(2)}`;
  const existing = async (): Promise<string | undefined> => {
    const rows = await sql.query<{ NO_KK: string }>(
      db('DATA_KELUARGA').select('NO_KK').where({ NIK_KK: card.head, ...a }).whereNot('NO_KK', card.origin).orderBy('NO_KK', 'desc'),
      deadline,
    );
    return rows[0] ? trim(rows[0].NO_KK) : undefined;
  };
  const values: Record<string, string | number | null> = {
    NAMA_KEP: card.headName, ALAMAT: a.ALAMAT, NO_RT: a.NO_RT, NO_RW: a.NO_RW, NIK_KK: card.head,
    NO_PROP: a.NO_PROP, NO_KAB: a.NO_KAB, NO_KEC: a.NO_KEC, NO_KEL: a.NO_KEL, TGL_INSERTION: card.stamp,
  };
  const columns = Object.keys(values);
  const next = isMysql(db) ? "CONCAT(?, LPAD(s.last_serial + 1, 4, '0'))" : "? || substr('0000' || (s.last_serial + 1), -4)";
  const statement = db.raw(
    `INSERT ${isMysql(db) ? 'IGNORE' : 'OR IGNORE'} INTO DATA_KELUARGA (NO_KK, ${columns.join(', ')}) `
    + `SELECT ${next}, ${columns.map(() => '?').join(', ')} `
    + 'FROM (SELECT COALESCE(MAX(SUBSTR(NO_KK, 13, 4)), \'0\') AS last_serial FROM DATA_KELUARGA WHERE NO_KK LIKE ?) s '
    + 'WHERE (s.last_serial + 0) < 9999 AND NOT EXISTS (SELECT 1 FROM DATA_KELUARGA WHERE NIK_KK = ? AND NO_KK <> ? AND ALAMAT = ? AND NO_RT = ? AND NO_RW = ? AND NO_PROP = ? AND NO_KAB = ? AND NO_KEC = ? AND NO_KEL = ?)',
    [prefix, ...columns.map((c) => values[c] ?? null), `${prefix}%`, card.head, card.origin, a.ALAMAT, a.NO_RT, a.NO_RW, a.NO_PROP, a.NO_KAB, a.NO_KEC, a.NO_KEL],
  );
  for (let attempt = 1; attempt <= SERIAL_ATTEMPTS; attempt += 1) {
    const { changes } = await sql.execute(statement, deadline);
    const number = await existing();
    if (number) return { number, inserted: changes > 0 };
  }
  throw legacyUnavailable(sql.app, new Error(`DATA_KELUARGA: no free KK serial for ${prefix} after ${SERIAL_ATTEMPTS} attempts`));
}
