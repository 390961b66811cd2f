import type { Knex } from 'knex';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { localDateTimeIn } from '@core/tenants';
import type { SqlLegacyClient } from '../../base/sql/sql-client';
import type { Family, RecordedBirth, RecordedDeath, RecordedMove, Resident, ResidentPage, ResidentSearch, SiakBirth, SiakBirthRecorder, SiakDeath, SiakDeathRecorder, SiakContactReader, SiakMove, SiakMoveRecorder, SiakPort } from '../port';
import { STAT_HIDUP_DECEASED } from './codes';
import { mobilePhone, toFamily, toResident, type BiodataRow, type KeluargaRow } from './mapping';
import { recordBirthInSiak } from './record-birth';
import { recordMoveInSiak } from './record-move';

/**
 * SIAK through its own tables, as older integrations did. Each port method is exactly one SQL
 * statement (code labels and region names come in by join), whatever the number of keys.
 */
const RESIDENT_COLUMNS = [
  'B.NIK', 'B.NO_KK', 'B.NAMA_LGKP', 'B.JENIS_KLMIN', 'B.TMPT_LHR', 'B.TGL_LHR', 'B.GOL_DRH', 'B.AGAMA', 'B.STAT_KWN',
  'B.STAT_HBKEL', 'B.PDDK_AKH', 'B.JENIS_PKRJN', 'P.DESCRIP as PKRJN_DESCRIP', 'B.STAT_HIDUP',
  'B.NO_PROP', 'B.NO_KAB', 'B.NO_KEC', 'B.NO_KEL', 'B.TGL_UBAH',
  'B.NAMA_LGKP_IBU', 'B.NIK_IBU', 'B.NAMA_LGKP_AYAH', 'B.NIK_AYAH',
];

/** Upper bound on names in one search page; the subgraph enforces its own, smaller limit too. */
const MAX_PAGE = 100;

/** '!' as the LIKE escape: a backslash means different things in MariaDB and SQLite literals. */
function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}

interface Cursor {
  name: string;
  nik: string;
}

function encodeCursor(row: BiodataRow): string {
  return Buffer.from(JSON.stringify([row.NAMA_LGKP, row.NIK])).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const [name, nik] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof name === 'string' && typeof nik === 'string') return { name, nik };
  } catch {
    // fall through to the error below
  }
  throw badUserInput('after', 'INVALID_CURSOR', 'The cursor is not one this API returned; start again without "after".');
}

/**
 * Region filter on the four SIAK region columns, for a regency, kecamatan or kelurahan code.
 * Codes are validated at the edge (core/validation.ts, requireRegionCode); here only split.
 */
function whereRegion(query: Knex.QueryBuilder, code: string): void {
  const [prop, kab, kec, kel] = code.split('.').map(Number);
  query.where('B.NO_PROP', prop).andWhere('B.NO_KAB', kab);
  if (kec !== undefined) query.andWhere('B.NO_KEC', kec);
  if (kel !== undefined) query.andWhere('B.NO_KEL', kel);
}

export class SiakSqlAdapter implements SiakPort, SiakDeathRecorder, SiakMoveRecorder, SiakBirthRecorder, SiakContactReader {
  constructor(
    private readonly sql: SqlLegacyClient,
    /** SIAK stamps local wall-clock time; the Dinas' zone unless the process says otherwise. */
    private readonly timeZone = 'Asia/Jakarta',
  ) {}

  private get db(): Knex {
    return this.sql.db;
  }

  private residentQuery(): Knex.QueryBuilder {
    return this.db({ B: 'BIODATA_WNI' })
      .leftJoin({ P: 'JENIS_PKRJN_MASTER' }, 'P.NO', 'B.JENIS_PKRJN')
      .select(RESIDENT_COLUMNS);
  }

  async residentsByNik(niks: readonly string[], deadline: Deadline): Promise<Map<string, Resident>> {
    if (niks.length === 0) return new Map();
    const rows = await this.sql.query<BiodataRow>(this.residentQuery().whereIn('B.NIK', [...niks]), deadline);
    return new Map(rows.map((row) => [row.NIK.trim(), toResident(row)]));
  }

  async familiesByNumber(numbers: readonly string[], deadline: Deadline): Promise<Map<string, Family>> {
    if (numbers.length === 0) return new Map();
    const rows = await this.sql.query<KeluargaRow>(
      this.db({ K: 'DATA_KELUARGA' })
        .leftJoin({ L: 'SETUP_KEL' }, (j) => j.on('L.NO_PROP', 'K.NO_PROP').andOn('L.NO_KAB', 'K.NO_KAB').andOn('L.NO_KEC', 'K.NO_KEC').andOn('L.NO_KEL', 'K.NO_KEL'))
        .leftJoin({ C: 'SETUP_KEC' }, (j) => j.on('C.NO_PROP', 'K.NO_PROP').andOn('C.NO_KAB', 'K.NO_KAB').andOn('C.NO_KEC', 'K.NO_KEC'))
        .leftJoin({ R: 'SETUP_KAB' }, (j) => j.on('R.NO_PROP', 'K.NO_PROP').andOn('R.NO_KAB', 'K.NO_KAB'))
        .leftJoin({ V: 'SETUP_PROP' }, 'V.NO_PROP', 'K.NO_PROP')
        .select('K.NO_KK', 'K.NAMA_KEP', 'K.ALAMAT', 'K.NO_RT', 'K.NO_RW', 'K.DUSUN', 'K.KODE_POS', 'K.NIK_KK',
          'K.NO_PROP', 'K.NO_KAB', 'K.NO_KEC', 'K.NO_KEL', 'K.TGL_UPDATION', 'V.NAMA_PROP', 'R.NAMA_KAB', 'C.NAMA_KEC', 'L.NAMA_KEL')
        .whereIn('K.NO_KK', [...numbers]),
      deadline,
    );
    return new Map(rows.map((row) => [row.NO_KK.trim(), toFamily(row)]));
  }

  /** The phone on each resident's family card: one join of BIODATA_WNI and DATA_KELUARGA on NO_KK. */
  async familyPhonesByNik(niks: readonly string[], deadline: Deadline): Promise<Map<string, string>> {
    if (niks.length === 0) return new Map();
    const rows = await this.sql.query<{ NIK: string; TELP: string | null }>(
      this.db({ B: 'BIODATA_WNI' }).join({ K: 'DATA_KELUARGA' }, 'K.NO_KK', 'B.NO_KK').select('B.NIK', 'K.TELP').whereIn('B.NIK', [...niks]),
      deadline,
    );
    const phones = new Map<string, string>();
    for (const row of rows) {
      const phone = mobilePhone(row.TELP);
      if (phone) phones.set(row.NIK.trim(), phone);
    }
    return phones;
  }

  async membersByFamily(numbers: readonly string[], deadline: Deadline): Promise<Map<string, Resident[]>> {
    const members = new Map<string, Resident[]>(numbers.map((n) => [n, []]));
    if (numbers.length === 0) return members;
    // KK order: head first, then by relationship code, then eldest first.
    const rows = await this.sql.query<BiodataRow>(
      this.residentQuery().whereIn('B.NO_KK', [...numbers]).orderBy([{ column: 'B.NO_KK' }, { column: 'B.STAT_HBKEL' }, { column: 'B.TGL_LHR' }, { column: 'B.NIK' }]),
      deadline,
    );
    for (const row of rows) members.get((row.NO_KK ?? '').trim())?.push(toResident(row));
    return members;
  }

  async searchResidents(search: ResidentSearch, deadline: Deadline): Promise<ResidentPage> {
    const first = Math.min(Math.max(search.first, 1), MAX_PAGE);
    const query = this.residentQuery();
    if (search.name) {
      const prefix = escapeLike(search.name.replace(/\s+/g, ' ').trim().toUpperCase());
      // Prefix of the full name, so that the NAMA_LGKP index serves it: matching any word of the
      // name ('%BUDI%') scans the whole register, seconds per query at the city's size (see
      // docs/benchmarks.md). Word search needs a search index; it is a later issue.
      // Old rows have doubled blanks ('SITI  NURHALIZA'): the first condition lets any run of blanks
      // through (and keeps the index range), the second checks the words with blanks collapsed.
      query.whereRaw("B.NAMA_LGKP LIKE ? ESCAPE '!'", [`${prefix.split(' ').join('%')}%`]);
      if (prefix.includes(' ')) query.whereRaw("REPLACE(B.NAMA_LGKP, '  ', ' ') LIKE ? ESCAPE '!'", [`${prefix}%`]);
    }
    if (search.regionCode) whereRegion(query, search.regionCode);
    if (search.after) {
      const { name, nik } = decodeCursor(search.after);
      query.where((w) => w.where('B.NAMA_LGKP', '>', name).orWhere((x) => x.where('B.NAMA_LGKP', name).andWhere('B.NIK', '>', nik)));
    }
    const rows = await this.sql.query<BiodataRow>(query.orderBy([{ column: 'B.NAMA_LGKP' }, { column: 'B.NIK' }]).limit(first + 1), deadline);
    return {
      edges: rows.slice(0, first).map((row) => ({ cursor: encodeCursor(row), resident: toResident(row) })),
      hasNextPage: rows.length > first,
    };
  }

  /**
   * One conditional UPDATE (only a living resident changes), then, when it changed nothing, one
   * read to tell "already deceased" (a re-delivery: fine) from "no such NIK" (refused). SIAK keeps
   * no reference column: its own state is the check before writing again.
   */
  async recordDeath(death: SiakDeath, deadline: Deadline): Promise<RecordedDeath> {
    const { changes } = await this.sql.execute(
      this.db('BIODATA_WNI')
        .where('NIK', death.nik)
        .andWhere((w) => w.whereNull('STAT_HIDUP').orWhereNot('STAT_HIDUP', STAT_HIDUP_DECEASED))
        .update({ STAT_HIDUP: STAT_HIDUP_DECEASED, TGL_UBAH: localDateTimeIn(this.timeZone) }),
      deadline,
    );
    if (changes > 0) return { nik: death.nik, changed: true };
    const rows = await this.sql.query<{ NIK: string }>(this.db('BIODATA_WNI').select('NIK').where('NIK', death.nik), deadline);
    if (rows.length === 0) throw new GerbangError(ErrorCode.NOT_FOUND, 'SIAK has no resident with this NIK.', { app: 'siak', reason: 'UNKNOWN_NIK' });
    return { nik: death.nik, changed: false };
  }

  /** A move within the city: see ./record-move.ts (conditional statements, safe to deliver again). */
  async recordMove(move: SiakMove, deadline: Deadline): Promise<RecordedMove> {
    return await recordMoveInSiak(this.sql, this.timeZone, move, deadline);
  }

  /** A newborn on their family card: see ./record-birth.ts (the check rides in the insert; safe to deliver again). */
  async recordBirth(birth: SiakBirth, deadline: Deadline): Promise<RecordedBirth> {
    return await recordBirthInSiak(this.sql, this.timeZone, birth, deadline);
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.sql.ping(deadline);
  }
}
