import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { isoFromLegacyDate } from '../base/rest';
import { addYears, isoToDay } from '../world/dates';
import { KIA_AGE_LIMIT, cardNumber, ddmmyyyy, expiryFor, type KiaRow } from './rows';
import { KIA_TABLE, type JenisPermohonan } from './schema';

/**
 * What the KIA application does to its table, for its API (./api.ts) and its officers' screens
 * (./back-office.ts) alike.
 */

/** The office runs on WIB and stamps local time without a zone. */
export const KIA_TIME_ZONE = 'Asia/Jakarta';

const ORDER = [{ column: 'nik_anak' }, { column: 'tgl_entri' }, { column: 'no_kia' }];

export async function cardsByNik(db: Knex, niks: readonly string[]): Promise<KiaRow[]> {
  return (await db(KIA_TABLE).whereIn('nik_anak', [...niks]).orderBy(ORDER)) as KiaRow[];
}

export async function cardsByReference(db: Knex, references: readonly string[]): Promise<KiaRow[]> {
  return (await db(KIA_TABLE).whereIn('no_permohonan', [...references]).orderBy('no_kia')) as KiaRow[];
}

/** Cards of the children on these family cards; old rows carry the number as "'3674…", which the app finds too. */
export async function cardsByFamily(db: Knex, kkNumbers: readonly string[]): Promise<KiaRow[]> {
  const spellings = kkNumbers.flatMap((kk) => [kk, `'${kk}`]);
  return (await db(KIA_TABLE).whereIn('no_kk', spellings).orderBy(ORDER)) as KiaRow[];
}

export async function cardByNumber(db: Knex, noKia: string): Promise<KiaRow | undefined> {
  return (await db(KIA_TABLE).where({ no_kia: noKia }).first()) as KiaRow | undefined;
}

/** The same family card number however the row spells it. */
export function plainKk(stored: string): string {
  return stored.replace(/^'/, '').trim();
}

/** Still valid on `todayIso`: not replaced, and before the expiry (the app's own, or the 17th birthday for old rows). */
export function inForce(row: KiaRow, todayIso: string): boolean {
  if (row.status_kia.trim().toUpperCase() === 'DIGANTI') return false;
  const birth = isoFromLegacyDate(row.tgl_lahir);
  const expiry = isoFromLegacyDate(row.tgl_berlaku) ?? (birth ? isoFromLegacyDate(expiryFor(birth)) : undefined);
  return expiry !== undefined && expiry >= todayIso;
}

export interface NewCard {
  nikAnak: string;
  noKk: string;
  namaAnak: string;
  /** 'DD-MM-YYYY'. */
  tglLahir: string;
  jenis: JenisPermohonan;
  /** The caller's reference; none for a card asked for at the counter. */
  noPermohonan?: string;
  petugas?: string;
}

export class DuplicateReference extends Error {}
export class AlreadyHasCard extends Error {}
export class NotAChild extends Error {}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Issues a card with the next number of the year, valid until the day before the 17th birthday.
 * The reference (no_permohonan) is unique: a second request with it is refused, so a caller that
 * tries again never gets two cards. A first card (BARU) is refused while the child has one in
 * force; a replacement (HILANG, RUSAK) marks the card it replaces DIGANTI.
 */
export async function issueCard(db: Knex, card: NewCard, regency4: string, now = new Date()): Promise<KiaRow> {
  const stamp = localDateTimeIn(KIA_TIME_ZONE, now);
  const today = stamp.slice(0, 10);
  const birth = isoFromLegacyDate(card.tglLahir);
  if (!birth || birth > today || addYears(isoToDay(birth), KIA_AGE_LIMIT) <= isoToDay(today)) throw new NotAChild(card.nikAnak);
  const year = today.slice(0, 4);
  const prefix = cardNumber(regency4, year, 0).slice(0, -6);
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await db.transaction(async (trx) => {
        if (card.noPermohonan && (await trx(KIA_TABLE).where({ no_permohonan: card.noPermohonan }).first())) throw new DuplicateReference(card.noPermohonan);
        const current = ((await trx(KIA_TABLE).where({ nik_anak: card.nikAnak })) as KiaRow[]).filter((row) => inForce(row, today));
        if (card.jenis === 'BARU' && current.length > 0) throw new AlreadyHasCard(card.nikAnak);
        if (current.length > 0) await trx(KIA_TABLE).whereIn('no_kia', current.map((row) => row.no_kia)).update({ status_kia: 'DIGANTI', tgl_ubah: stamp });
        const last = (await trx(KIA_TABLE).where('no_kia', 'like', `${prefix}%`).max({ n: 'no_kia' })) as Array<{ n: string | null }>;
        const serial = last[0]?.n ? Number(last[0].n.slice(-6)) + 1 : 1;
        const row: KiaRow = {
          no_kia: cardNumber(regency4, year, serial),
          nik_anak: card.nikAnak,
          no_kk: card.noKk,
          nama_anak: card.namaAnak.toUpperCase(),
          tgl_lahir: ddmmyyyy(birth),
          jenis_permohonan: card.jenis,
          status_kia: 'TERBIT',
          tgl_terbit: ddmmyyyy(today),
          tgl_berlaku: expiryFor(birth),
          no_permohonan: card.noPermohonan ?? null,
          petugas: card.petugas ?? null,
          tgl_entri: stamp,
          tgl_ubah: null,
        };
        await trx(KIA_TABLE).insert(row);
        return row;
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
      // Another request took this number (or this reference) meanwhile: look again.
      if (card.noPermohonan && (await db(KIA_TABLE).where({ no_permohonan: card.noPermohonan }).first())) throw new DuplicateReference(card.noPermohonan);
    }
  }
}

