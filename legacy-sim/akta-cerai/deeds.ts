import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { deedNumber } from '../akta-kawin/marriages';
import type { CeraiRow } from './rows';
import { CERAI_TABLE } from './schema';

/**
 * What the divorce registry does to its table, for its SOAP service (./service.ts) and its
 * officers' screens (./back-office.ts) alike. The office runs on WIB and numbers deeds itself:
 * `<regency>-CR-<registration date DDMMYYYY>-<daily serial>`.
 */
export const AKTA_CERAI_TIME_ZONE = 'Asia/Jakarta';

export async function deedsBySpouseNik(db: Knex, niks: readonly string[]): Promise<CeraiRow[]> {
  return (await db(CERAI_TABLE).whereIn('NIK_SUAMI', [...niks]).orWhereIn('NIK_ISTRI', [...niks]).orderBy('NO_AKTA_CRAI')) as CeraiRow[];
}

export async function deedsByNumber(db: Knex, numbers: readonly string[]): Promise<CeraiRow[]> {
  return (await db(CERAI_TABLE).whereIn('NO_AKTA_CRAI', [...numbers]).orderBy('NO_AKTA_CRAI')) as CeraiRow[];
}

export async function deedsByMarriageDeed(db: Knex, marriageDeeds: readonly string[]): Promise<CeraiRow[]> {
  return (await db(CERAI_TABLE).whereIn('NO_AKTA_KWN', [...marriageDeeds]).orderBy('NO_AKTA_CRAI')) as CeraiRow[];
}

export async function deedsByReference(db: Knex, references: readonly string[]): Promise<CeraiRow[]> {
  return (await db(CERAI_TABLE).whereIn('REF_GERBANG', [...references]).orderBy('NO_AKTA_CRAI')) as CeraiRow[];
}

export class DuplicateReference extends Error {}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Registers a deed with the next serial of the day; the values are the row without its number,
 * TGL_DAFTAR and TGL_ENTRI (stamped here). A reference (REF_GERBANG) already there is refused.
 */
export async function registerDeed(db: Knex, values: CeraiRow, regencyCode: string, now = new Date()): Promise<CeraiRow> {
  const stamp = localDateTimeIn(AKTA_CERAI_TIME_ZONE, now);
  const day = stamp.slice(0, 10);
  const prefix = deedNumber(regencyCode, 'CR', day, 0).slice(0, -4);
  const reference = values.REF_GERBANG;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await db.transaction(async (trx) => {
        if (reference && (await trx(CERAI_TABLE).where({ REF_GERBANG: reference }).first())) throw new DuplicateReference(String(reference));
        const last = (await trx(CERAI_TABLE).where('NO_AKTA_CRAI', 'like', `${prefix}%`).max({ n: 'NO_AKTA_CRAI' })) as Array<{ n: string | null }>;
        const serial = last[0]?.n ? Number(last[0].n.slice(-4)) + 1 : 1;
        const row: CeraiRow = { ...values, NO_AKTA_CRAI: `${prefix}${String(serial).padStart(4, '0')}`, TGL_DAFTAR: day, TGL_ENTRI: stamp };
        await trx(CERAI_TABLE).insert(row);
        return row;
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
      // Another call took this serial (or this reference) meanwhile: look again.
      if (reference && (await db(CERAI_TABLE).where({ REF_GERBANG: reference }).first())) throw new DuplicateReference(String(reference));
    }
  }
}
