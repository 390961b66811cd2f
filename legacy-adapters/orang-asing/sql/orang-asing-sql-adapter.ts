import type { Knex } from 'knex';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { localDateTimeIn } from '@core/tenants';
import type { SqlLegacyClient } from '../../base/sql/sql-client';
import { registerDeedOnce } from '../../base/sql/register-once';
import type { ForeignResident, ForeignerPage, ForeignerRegistration, ForeignerSearch, OrangAsingPort, RegisteredForeigner } from '../port';
import { ORANG_ASING_COLUMNS, normalPassport, regionColumns, skttPrefix, toForeignResident, toOrangAsingValues, type OrangAsingRow } from './mapping';

/** Where this register runs: the regency whose SKTT it numbers, and its office's clock. */
export interface OrangAsingSite {
  /** Dotted regency code, e.g. '36.74': the first part of every SKTT number. */
  regencyCode: string;
  /** The application stamps local wall-clock time, e.g. 'Asia/Jakarta'. */
  timeZone: string;
  /** Written in PETUGAS for registrations that came through Gerbang. */
  officer: string;
}

const TABLE = 'ORANG_ASING';
const MAX_PER_PAGE = 100;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const PASSPORT = /^[A-Z0-9]{5,20}$/;
const KELURAHAN = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.:-]{0,63}$/;

function validate(r: ForeignerRegistration): void {
  const bad = (argument: string, message: string) => badUserInput(argument, 'INVALID', message);
  if (!REFERENCE.test(r.clientReference)) throw bad('clientReference', 'clientReference must be 1-64 letters, digits or / _ . : -');
  if (!PASSPORT.test(normalPassport(r.passportNumber))) throw bad('passportNumber', 'passportNumber must be 5-20 letters or digits.');
  if (!/^[A-Za-z]{3}$/.test(r.nationality)) throw bad('nationality', 'nationality must be an ISO 3166 alpha-3 code.');
  const name = r.name.replace(/\s+/g, ' ').trim();
  if (name === '' || name.length > 80) throw bad('name', 'name must be 1-80 characters.');
  if (!ISO_DATE.test(r.birthDate)) throw bad('birthDate', 'birthDate must be an ISO date.');
  if (!ISO_DATE.test(r.permitExpiresOn)) throw bad('permitExpiresOn', 'permitExpiresOn must be an ISO date.');
  if (!/^[A-Za-z0-9-]{1,30}$/.test(r.permitNumber.trim())) throw bad('permitNumber', 'permitNumber must be 1-30 letters or digits.');
  if (!KELURAHAN.test(r.kelurahanCode)) throw bad('kelurahanCode', 'kelurahanCode must look like 36.74.01.1003.');
  if (r.street.trim() === '' || r.street.length > 120) throw bad('street', 'street must be 1-120 characters.');
  if (!Number.isInteger(r.rt) || !Number.isInteger(r.rw) || r.rt < 0 || r.rw < 0 || r.rt > 999 || r.rw > 999) throw bad('rt', 'rt and rw must be whole numbers up to 999.');
  if ((r.sponsor?.length ?? 0) > 80) throw bad('sponsor', 'sponsor must be at most 80 characters.');
}

/** The register through its own table: one statement per read, whatever the number of keys. */
export class OrangAsingSqlAdapter implements OrangAsingPort {
  constructor(
    private readonly sql: SqlLegacyClient,
    private readonly site: OrangAsingSite,
  ) {}

  private select(query: Knex.QueryBuilder): Knex.QueryBuilder {
    return query.select(ORANG_ASING_COLUMNS.map((c) => `D.${c}`));
  }

  private async where(column: 'NO_PASPOR' | 'REF_GERBANG', keys: readonly string[], deadline: Deadline): Promise<ForeignResident[]> {
    if (keys.length === 0) return [];
    const rows = await this.sql.query<OrangAsingRow>(this.select(this.sql.db({ D: TABLE })).whereIn(`D.${column}`, [...new Set(keys)]), deadline);
    return rows.map(toForeignResident);
  }

  async foreignersByPassport(passportNumbers: readonly string[], deadline: Deadline): Promise<Map<string, ForeignResident>> {
    const asked = new Map(passportNumbers.map((p) => [normalPassport(p), p]));
    const found = await this.where('NO_PASPOR', [...asked.keys()], deadline);
    // Keyed as the caller asked ('tk 123' finds 'TK123').
    return new Map(found.flatMap((f) => (asked.has(f.passportNumber) ? [[asked.get(f.passportNumber)!, f] as const] : [])));
  }

  async foreignersByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, ForeignResident>> {
    return new Map((await this.where('REF_GERBANG', references, deadline)).map((f) => [f.reference!, f]));
  }

  async searchForeigners(search: ForeignerSearch, deadline: Deadline): Promise<ForeignerPage> {
    const perPage = Math.min(Math.max(1, Math.trunc(search.perPage)), MAX_PER_PAGE);
    const page = Math.max(1, Math.trunc(search.page));
    const filtered = (query: Knex.QueryBuilder) => {
      if (search.regionCode !== undefined) {
        const columns = regionColumns(search.regionCode);
        if (!columns) throw badUserInput('regionCode', 'INVALID_REGION', 'regionCode must be a dotted region code, e.g. 36.74.01.');
        for (const [column, value] of Object.entries(columns)) query.where(`D.${column}`, value);
      }
      const name = search.name?.replace(/\s+/g, ' ').trim();
      if (name) query.whereRaw('UPPER(D.NAMA_LGKP) LIKE ? ESCAPE ?', [`%${name.toUpperCase().replace(/[!%_]/g, (c) => `!${c}`)}%`, '!']);
      if (search.expiringBefore !== undefined) {
        if (!ISO_DATE.test(search.expiringBefore)) throw badUserInput('expiringBefore', 'INVALID_DATE', 'expiringBefore must be an ISO date.');
        query.where('D.TGL_AKHIR_IZIN', '<=', search.expiringBefore);
      }
      return query;
    };
    // The page and the total in one statement (a window count).
    const rows = await this.sql.query<OrangAsingRow & { TOTAL_ROWS: number | string }>(
      filtered(this.select(this.sql.db({ D: TABLE })))
        .select(this.sql.db.raw('COUNT(*) OVER () AS TOTAL_ROWS'))
        .orderBy([{ column: 'D.TGL_AKHIR_IZIN' }, { column: 'D.NAMA_LGKP' }, { column: 'D.NO_SKTT' }])
        .offset((page - 1) * perPage)
        .limit(perPage),
      deadline,
    );
    let total: number;
    if (rows.length > 0) total = Number(rows[0]!.TOTAL_ROWS);
    else if (page === 1) total = 0;
    else {
      // Past the last page: no row carries the total, so count.
      const [count] = await this.sql.query<{ n: number | string }>(filtered(this.sql.db({ D: TABLE })).count({ n: '*' }), deadline);
      total = Number(count?.n ?? 0);
    }
    return { foreigners: rows.map(toForeignResident), total, hasNextPage: page * perPage < total };
  }

  async registerForeigner(registration: ForeignerRegistration, deadline: Deadline): Promise<RegisteredForeigner> {
    validate(registration);
    const stamp = localDateTimeIn(this.site.timeZone);
    const values = toOrangAsingValues(registration, stamp, this.site.officer);
    const outcome = await registerDeedOnce<OrangAsingRow & Record<string, unknown>>(
      this.sql,
      {
        table: TABLE,
        numberColumn: 'NO_SKTT',
        numberPrefix: skttPrefix(this.site.regencyCode, stamp.slice(0, 10)),
        referenceColumn: 'REF_GERBANG',
        reference: registration.clientReference,
        personColumn: 'NO_PASPOR',
        person: String(values.NO_PASPOR),
        values,
      },
      (query) => this.select(query),
      deadline,
    );
    const foreigner = toForeignResident(outcome.row);
    if (outcome.kind === 'person-has-deed') {
      throw new GerbangError(ErrorCode.CONFLICT, 'This passport is already registered.', { app: 'orang-asing', reason: 'PASSPORT_ALREADY_REGISTERED', registrationNumber: foreigner.registrationNumber });
    }
    if (foreigner.passportNumber !== values.NO_PASPOR) {
      throw new GerbangError(ErrorCode.CONFLICT, 'This reference was already used for another registration.', { argument: 'clientReference', reason: 'REFERENCE_IN_USE' });
    }
    return { foreigner, created: outcome.kind === 'created' };
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.sql.ping(deadline);
  }
}
