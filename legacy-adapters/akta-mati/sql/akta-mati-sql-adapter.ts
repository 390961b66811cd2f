import type { Knex } from 'knex';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError } from '@core/errors';
import { localDateTimeIn } from '@core/tenants';
import type { SqlLegacyClient } from '../../base/sql/sql-client';
import { registerDeedOnce } from '../../base/sql/register-once';
import type { AktaMatiPort, DeathDeed, DeathRegistration, RegisteredDeath } from '../port';
import { CAPIL_MATI_COLUMNS, deathDeedPrefix, latestDeed, toCapilMatiValues, toDeathDeed, type CapilMatiRow } from './mapping';

/** Where this registry runs: the regency whose deeds it numbers, and its office's clock. */
export interface AktaMatiSite {
  /** Dotted regency code, e.g. '36.74': the first part of every deed number. */
  regencyCode: string;
  /** The application stamps local wall-clock time, e.g. 'Asia/Jakarta'. */
  timeZone: string;
  /** Written in PETUGAS for deeds that came through Gerbang, so officers can tell them apart. */
  officer: string;
}

/** The death registry through its own table: one statement per read, whatever the number of keys. */
export class AktaMatiSqlAdapter implements AktaMatiPort {
  constructor(
    private readonly sql: SqlLegacyClient,
    private readonly site: AktaMatiSite,
  ) {}

  private select(query: Knex.QueryBuilder): Knex.QueryBuilder {
    return query.select(CAPIL_MATI_COLUMNS.map((c) => `D.${c}`));
  }

  private async deedsWhere(column: keyof CapilMatiRow, keys: readonly string[], deadline: Deadline): Promise<Map<string, DeathDeed>> {
    const found = new Map<string, DeathDeed>();
    if (keys.length === 0) return found;
    const rows = await this.sql.query<CapilMatiRow>(this.select(this.sql.db({ D: 'CAPIL_MATI' })).whereIn(`D.${column}`, [...keys]), deadline);
    for (const row of rows) {
      const key = String(row[column] ?? '').trim();
      const deed = toDeathDeed(row);
      const other = found.get(key);
      found.set(key, other ? latestDeed(other, deed) : deed);
    }
    return found;
  }

  deathDeedsOf(niks: readonly string[], deadline: Deadline): Promise<Map<string, DeathDeed>> {
    return this.deedsWhere('NIK', niks, deadline);
  }

  deathDeedByNumber(numbers: readonly string[], deadline: Deadline): Promise<Map<string, DeathDeed>> {
    return this.deedsWhere('NO_AKTA_MATI', numbers, deadline);
  }

  deathRegistrationsByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, DeathDeed>> {
    return this.deedsWhere('REF_GERBANG', references, deadline);
  }

  async registerDeath(registration: DeathRegistration, deadline: Deadline): Promise<RegisteredDeath> {
    const outcome = await registerDeedOnce<CapilMatiRow & Record<string, unknown>>(
      this.sql,
      {
        table: 'CAPIL_MATI',
        numberColumn: 'NO_AKTA_MATI',
        numberPrefix: deathDeedPrefix(this.site.regencyCode, registration.registeredOn),
        referenceColumn: 'REF_GERBANG',
        reference: registration.clientReference,
        personColumn: 'NIK',
        person: registration.nik,
        values: toCapilMatiValues(registration, localDateTimeIn(this.site.timeZone), this.site.officer),
      },
      (query) => this.select(query),
      deadline,
    );
    const deed = toDeathDeed(outcome.row);
    if (outcome.kind === 'person-has-deed') {
      throw new GerbangError(ErrorCode.CONFLICT, 'A death is already registered for this person.', { app: 'akta-mati', reason: 'DEATH_ALREADY_REGISTERED', deedNumber: deed.number });
    }
    return { deed, created: outcome.kind === 'created' };
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.sql.ping(deadline);
  }
}
