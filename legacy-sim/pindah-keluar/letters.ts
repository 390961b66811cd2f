import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import type { AnggotaRow, SkpwniRow } from './rows';
import { classify, letterNumber, undotted } from './regions';
import { ANGGOTA_TABLE, SKPWNI_TABLE } from './schema';

/**
 * What the move-out application does to its tables, for its API (./api.ts) and its officers'
 * screens (./back-office.ts) alike.
 */

/** The office runs on WIB and stamps local time without a zone. */
export const PINDAH_KELUAR_TIME_ZONE = 'Asia/Jakarta';

/** A letter with the NIKs of the people moving, in the letter's order. */
export interface Letter {
  row: SkpwniRow;
  niks: string[];
}

export interface NewLetter {
  noReferensi: string;
  noKk: string;
  nikPemohon: string;
  niks: readonly string[];
  /** Dotted village codes, already checked against the region list. */
  asal: string;
  alamatAsal: string | null;
  tujuan: string;
  alamatTujuan: string | null;
  alasan: string;
  jenisKepindahan: string;
  /** ISO date. */
  tglPindah: string;
}

export class DuplicateReference extends Error {}

async function withMembers(db: Knex, rows: SkpwniRow[]): Promise<Letter[]> {
  if (rows.length === 0) return [];
  const members = (await db(ANGGOTA_TABLE).whereIn('no_skpwni', rows.map((r) => r.no_skpwni)).orderBy([{ column: 'no_skpwni' }, { column: 'no_urut' }])) as AnggotaRow[];
  const byLetter = new Map<string, string[]>();
  for (const m of members) {
    const list = byLetter.get(m.no_skpwni);
    if (list) list.push(m.nik);
    else byLetter.set(m.no_skpwni, [m.nik]);
  }
  return rows.map((row) => ({ row, niks: byLetter.get(row.no_skpwni) ?? [] }));
}

/** Letters naming any of these people, oldest first. */
export async function lettersByNik(db: Knex, niks: readonly string[]): Promise<Letter[]> {
  const rows = (await db(SKPWNI_TABLE)
    .whereIn('no_skpwni', db(ANGGOTA_TABLE).distinct('no_skpwni').whereIn('nik', [...niks]))
    .orderBy([{ column: 'tgl_terbit' }, { column: 'no_skpwni' }])) as SkpwniRow[];
  return withMembers(db, rows);
}

export async function lettersByNumber(db: Knex, numbers: readonly string[]): Promise<Letter[]> {
  return withMembers(db, (await db(SKPWNI_TABLE).whereIn('no_skpwni', [...numbers]).orderBy('no_skpwni')) as SkpwniRow[]);
}

export async function lettersByReference(db: Knex, references: readonly string[]): Promise<Letter[]> {
  return withMembers(db, (await db(SKPWNI_TABLE).whereIn('no_referensi', [...references]).orderBy('no_skpwni')) as SkpwniRow[]);
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Issues a letter with the next number of the year. The reference (no_referensi) is unique: a
 * second request with it is refused, so a caller that tries again never gets two letters.
 */
export async function issueLetter(db: Knex, letter: NewLetter, regency4: string, now = new Date()): Promise<Letter> {
  const stamp = localDateTimeIn(PINDAH_KELUAR_TIME_ZONE, now);
  const year = Number(stamp.slice(0, 4));
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await db.transaction(async (trx) => {
        if (await trx(SKPWNI_TABLE).where({ no_referensi: letter.noReferensi }).first()) throw new DuplicateReference(letter.noReferensi);
        const [last] = (await trx(SKPWNI_TABLE).where({ tahun: year }).max({ n: 'no_urut' })) as Array<{ n: number | string | null }>;
        const serial = Number(last?.n ?? 0) + 1;
        const row: SkpwniRow = {
          no_skpwni: letterNumber(regency4, stamp, serial),
          tahun: year,
          no_urut: serial,
          no_kk: letter.noKk,
          nik_pemohon: letter.nikPemohon,
          kode_wil_asal: undotted(letter.asal),
          alamat_asal: letter.alamatAsal,
          kode_wil_tujuan: undotted(letter.tujuan),
          alamat_tujuan: letter.alamatTujuan,
          klasifikasi: classify(letter.asal, letter.tujuan),
          alasan: letter.alasan,
          jenis_kepindahan: letter.jenisKepindahan,
          tgl_pindah: letter.tglPindah,
          tgl_terbit: stamp,
          status_surat: 'TERBIT',
          no_referensi: letter.noReferensi,
          petugas: null,
        };
        await trx(SKPWNI_TABLE).insert(row);
        await trx(ANGGOTA_TABLE).insert(letter.niks.map((nik, i) => ({ no_skpwni: row.no_skpwni, no_urut: i + 1, nik })));
        return { row, niks: [...letter.niks] };
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
      // Another request took this number (or this reference) meanwhile: look again.
      if (await db(SKPWNI_TABLE).where({ no_referensi: letter.noReferensi }).first()) throw new DuplicateReference(letter.noReferensi);
    }
  }
}

export interface ListFilter {
  /** ISO dates, inclusive. */
  from?: string;
  to?: string;
  offset: number;
  limit: number;
}

/** The register of letters by issue date, newest first. */
export async function listLetters(db: Knex, filter: ListFilter): Promise<{ letters: Letter[]; total: number }> {
  const base = () => {
    const q = db(SKPWNI_TABLE);
    if (filter.from) q.where('tgl_terbit', '>=', `${filter.from} 00:00:00`);
    if (filter.to) q.where('tgl_terbit', '<=', `${filter.to} 23:59:59`);
    return q;
  };
  const [count] = (await base().count({ n: '*' })) as Array<{ n: number | string }>;
  const rows = (await base().orderBy([{ column: 'tgl_terbit', order: 'desc' }, { column: 'no_skpwni', order: 'desc' }]).offset(filter.offset).limit(filter.limit)) as SkpwniRow[];
  return { letters: await withMembers(db, rows), total: Number(count?.n ?? 0) };
}
