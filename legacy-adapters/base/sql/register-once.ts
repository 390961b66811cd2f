import type { Knex } from 'knex';
import type { Deadline } from '@core/deadline';
import { legacyUnavailable } from '@core/errors';
import type { SqlLegacyClient } from './sql-client';
import { isAutoIncrementRace } from './auto-increment-race';

/**
 * Writing a deed into a civil-registry application's table the way its own counter screen does,
 * so that a retried write is never doubled. The application numbers deeds itself:
 * `<regency>-<register>-<DDMMYYYY>-<serial>`, the serial counting up per register and day. One
 * INSERT … SELECT both takes the next serial (from the table, not from a counter of ours, so it
 * follows what officers typed in meanwhile) and skips the insert when the client's reference is
 * already there, or when the person already has a deed of this kind. Both the deed number and the
 * reference column are unique: a concurrent write that lost the race inserts nothing (IGNORE) and
 * the caller reads back what is there.
 *
 * Shared by the birth and the death registries (akta-lahir, akta-mati); it belongs in
 * legacy-adapters/base/sql once the lead moves it there.
 */
export interface DeedInsert {
  table: string;
  numberColumn: string;
  /** Everything before the serial, e.g. '3674-KM-01022026-'. */
  numberPrefix: string;
  referenceColumn: string;
  reference: string;
  /** The column naming the person; one deed of this kind per person. */
  personColumn: string;
  person: string;
  /** Every other column of the new row (the reference and the person included). */
  values: Readonly<Record<string, string | number | null>>;
}

const SERIAL_WIDTH = 4;

function isMysql(db: Knex): boolean {
  return db.client.config.client === 'mysql2';
}

/** The one statement; its `changes` is 1 when the deed was written, 0 when skipped. */
export function insertDeedOnce(db: Knex, deed: DeedInsert): Knex.Raw {
  const columns = Object.keys(deed.values);
  const serialAt = deed.numberPrefix.length + 1;
  const next = isMysql(db)
    ? `CONCAT(?, LPAD(s.last_serial + 1, ${SERIAL_WIDTH}, '0'))`
    : `? || substr('${'0'.repeat(SERIAL_WIDTH)}' || (s.last_serial + 1), -${SERIAL_WIDTH})`;
  const sql = `INSERT ${isMysql(db) ? 'IGNORE' : 'OR IGNORE'} INTO ?? (??, ${columns.map(() => '??').join(', ')}) `
    + `SELECT ${next}, ${columns.map(() => '?').join(', ')} `
    + `FROM (SELECT COALESCE(MAX(SUBSTR(??, ${serialAt}, ${SERIAL_WIDTH})), '0') AS last_serial FROM ?? WHERE ?? LIKE ?) s `
    + 'WHERE NOT EXISTS (SELECT 1 FROM ?? WHERE ?? = ?) AND NOT EXISTS (SELECT 1 FROM ?? WHERE ?? = ?)';
  return db.raw(sql, [
    deed.table, deed.numberColumn, ...columns,
    deed.numberPrefix, ...columns.map((c) => deed.values[c] ?? null),
    deed.numberColumn, deed.table, deed.numberColumn, `${deed.numberPrefix}%`,
    deed.table, deed.referenceColumn, deed.reference,
    deed.table, deed.personColumn, deed.person,
  ]);
}

export type DeedWriteOutcome<Row> =
  | { kind: 'created' | 'existing'; row: Row }
  | { kind: 'person-has-deed'; row: Row };

/** Attempts when a concurrent write took the same serial (or lost a deadlock); each costs up to two statements. */
const ATTEMPTS = 5;

/** MariaDB/MySQL's deadlock (ER_LOCK_DEADLOCK, 1213), as the driver or the SQL base report it. */
function isDeadlock(error: unknown): boolean {
  // MariaDB reports some deadlocks on an auto-increment counter as ER_AUTOINC_READ_FAILED (1467).
  if (isAutoIncrementRace(error)) return true;
  for (let e = error as { code?: unknown; errno?: unknown; cause?: unknown; originalError?: unknown } | undefined, depth = 0; e && depth < 4; depth += 1) {
    if (e.code === 'ER_LOCK_DEADLOCK' || e.errno === 1213) return true;
    e = (e.cause ?? e.originalError) as typeof e;
  }
  return false;
}

/**
 * Writes the deed unless its reference (or another deed of the person) is there, then reads
 * back by reference and person in one statement. `created` only when this call inserted it.
 * `select` must select the reference column (it tells our row from another deed of the person).
 */
export async function registerDeedOnce<Row extends Record<string, unknown>>(
  sql: SqlLegacyClient,
  deed: DeedInsert,
  select: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
  deadline: Deadline,
): Promise<DeedWriteOutcome<Row>> {
  for (let attempt = 1; ; attempt += 1) {
    let changes: number;
    try {
      ({ changes } = await sql.execute(insertDeedOnce(sql.db, deed), deadline));
    } catch (error) {
      // Two registrations of the same day take the next serial at once: InnoDB may pick one of
      // them as a deadlock victim. Nothing was written; try again, as for a taken serial.
      if (!isDeadlock(error) || attempt >= ATTEMPTS) throw error;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
      continue;
    }
    const rows = await sql.query<Row>(
      select(sql.db({ D: deed.table })).where((w) => w.where(`D.${deed.referenceColumn}`, deed.reference).orWhere(`D.${deed.personColumn}`, deed.person)),
      deadline,
    );
    const mine = rows.find((r) => r[deed.referenceColumn] === deed.reference);
    if (mine) return { kind: changes === 1 ? 'created' : 'existing', row: mine };
    const theirs = rows[0];
    if (theirs) return { kind: 'person-has-deed', row: theirs };
    // Nothing by this reference nor this person: a concurrent deed took our serial. Again.
    if (attempt >= ATTEMPTS) throw legacyUnavailable(sql.app, new Error(`${deed.table}: no free deed serial after ${ATTEMPTS} attempts`));
  }
}
