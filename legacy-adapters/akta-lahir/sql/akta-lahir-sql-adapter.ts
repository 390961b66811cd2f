import type { Knex } from 'knex';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError } from '@core/errors';
import { localDateTimeIn } from '@core/tenants';
import type { SqlLegacyClient } from '../../base/sql/sql-client';
import { registerDeedOnce } from '../../base/sql/register-once';
import type { AktaLahirPort, BirthDeed, BirthRegistration, RegisteredBirth } from '../port';
import { CAPIL_LAHIR_COLUMNS, birthDeedPrefix, latestDeed, toCapilLahirValues, toBirthDeed, type CapilLahirRow } from './mapping';

/** Where this registry runs: the regency whose deeds it numbers, and its office's clock. */
export interface AktaLahirSite {
  /** Dotted regency code, e.g. '36.74': the first part of every deed number. */
  regencyCode: string;
  /** The application stamps local wall-clock time, e.g. 'Asia/Jakarta'. */
  timeZone: string;
  /** Written in PETUGAS for deeds that came through Gerbang, so officers can tell them apart. */
  officer: string;
}

/** The birth registry through its own table: one statement per read, whatever the number of keys. */
export class AktaLahirSqlAdapter implements AktaLahirPort {
  constructor(
    private readonly sql: SqlLegacyClient,
    private readonly site: AktaLahirSite,
  ) {}

  private select(query: Knex.QueryBuilder): Knex.QueryBuilder {
    return query.select(CAPIL_LAHIR_COLUMNS.map((c) => `D.${c}`));
  }

  private async deedsWhere(column: keyof CapilLahirRow, keys: readonly string[], deadline: Deadline): Promise<Map<string, BirthDeed>> {
    const found = new Map<string, BirthDeed>();
    if (keys.length === 0) return found;
    const rows = await this.sql.query<CapilLahirRow>(this.select(this.sql.db({ D: 'CAPIL_LAHIR' })).whereIn(`D.${column}`, [...keys]), deadline);
    for (const row of rows) {
      const key = String(row[column] ?? '').trim();
      const deed = toBirthDeed(row);
      const other = found.get(key);
      found.set(key, other ? latestDeed(other, deed) : deed);
    }
    return found;
  }

  birthDeedsOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, BirthDeed>> {
    return this.deedsWhere('NIK_ANAK', niks, deadline);
  }

  birthDeedByNumber(numbers: readonly string[], deadline: Deadline): Promise<Map<string, BirthDeed>> {
    return this.deedsWhere('NO_AKTA_LHR', numbers, deadline);
  }

  birthRegistrationsByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, BirthDeed>> {
    return this.deedsWhere('REF_GERBANG', references, deadline);
  }

  async registerBirth(registration: BirthRegistration, deadline: Deadline): Promise<RegisteredBirth> {
    const outcome = await registerDeedOnce<CapilLahirRow & Record<string, unknown>>(
      this.sql,
      {
        table: 'CAPIL_LAHIR',
        numberColumn: 'NO_AKTA_LHR',
        numberPrefix: birthDeedPrefix(this.site.regencyCode, registration.registeredOn),
        referenceColumn: 'REF_GERBANG',
        reference: registration.clientReference,
        personColumn: 'NIK_ANAK',
        person: registration.childNik,
        values: toCapilLahirValues(registration, localDateTimeIn(this.site.timeZone), this.site.officer),
      },
      (query) => this.select(query),
      deadline,
    );
    const deed = toBirthDeed(outcome.row);
    if (outcome.kind === 'person-has-deed') {
      throw new GerbangError(ErrorCode.CONFLICT, 'A birth is already registered for this child.', { app: 'akta-lahir', reason: 'BIRTH_ALREADY_REGISTERED', deedNumber: deed.number });
    }
    return { deed, created: outcome.kind === 'created' };
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.sql.ping(deadline);
  }
}
