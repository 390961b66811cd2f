import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { arrivalNumber, type DatangAnggotaRow, type DatangRow, type SkpwniMasukRow } from './rows';
import { DATANG_ANGGOTA_TABLE, DATANG_TABLE, SKPWNI_MASUK_TABLE } from './schema';

/**
 * What the move-in application does to its tables, for its API (./api.ts) and its officers'
 * screens (./officer.ts) alike.
 */
export const PINDAH_DATANG_TIME_ZONE = 'Asia/Jakarta';

export interface Arrival {
  row: DatangRow;
  niks: string[];
  /** The letter it was registered against (always there: the application checks it first). */
  letter: SkpwniMasukRow | undefined;
}

/** The letter as typed in from paper, when the office has not received it through the exchange. */
export interface TypedLetter {
  noKk: string;
  kodeWilAsal: string;
  kodeWilTujuan: string;
  niks: readonly string[];
}

export interface NewArrival {
  noReferensi: string;
  noSkpwni: string;
  typed: TypedLetter | undefined;
  niks: readonly string[];
  kodeWilTujuan: string;
  alamatTujuan: string | null;
  kkBaru: boolean;
  ktpBaru: boolean;
  tglDatang: string;
}

export class DuplicateReference extends Error {}

/** Why an arrival does not match its letter; each is a status of the application's own. */
export class LetterMismatch extends Error {
  constructor(readonly kind: 'UNKNOWN_LETTER' | 'PEOPLE' | 'DESTINATION' | 'TYPED_LETTER_DIFFERS') {
    super(kind);
  }
}

export const letterNiks = (letter: SkpwniMasukRow): string[] => letter.nik_anggota.split(';').filter(Boolean);

async function complete(db: Knex, rows: DatangRow[]): Promise<Arrival[]> {
  if (rows.length === 0) return [];
  const members = (await db(DATANG_ANGGOTA_TABLE).whereIn('no_datang', rows.map((r) => r.no_datang)).orderBy([{ column: 'no_datang' }, { column: 'no_urut' }])) as DatangAnggotaRow[];
  const letters = (await db(SKPWNI_MASUK_TABLE).whereIn('no_skpwni', [...new Set(rows.map((r) => r.no_skpwni))])) as SkpwniMasukRow[];
  const byLetter = new Map(letters.map((l) => [l.no_skpwni, l]));
  const niks = new Map<string, string[]>();
  for (const m of members) niks.set(m.no_datang, [...(niks.get(m.no_datang) ?? []), m.nik]);
  return rows.map((row) => ({ row, niks: niks.get(row.no_datang) ?? [], letter: byLetter.get(row.no_skpwni) }));
}

export async function arrivalsByNik(db: Knex, niks: readonly string[]): Promise<Arrival[]> {
  const rows = (await db(DATANG_TABLE)
    .whereIn('no_datang', db(DATANG_ANGGOTA_TABLE).distinct('no_datang').whereIn('nik', [...niks]))
    .orderBy([{ column: 'tgl_datang' }, { column: 'no_datang' }])) as DatangRow[];
  return complete(db, rows);
}

export async function arrivalsByReference(db: Knex, references: readonly string[]): Promise<Arrival[]> {
  return complete(db, (await db(DATANG_TABLE).whereIn('no_referensi', [...references]).orderBy('no_datang')) as DatangRow[]);
}

export async function listArrivals(db: Knex, page: { offset: number; limit: number }): Promise<{ arrivals: Arrival[]; total: number }> {
  const [count] = (await db(DATANG_TABLE).count({ n: '*' })) as Array<{ n: number | string }>;
  const rows = (await db(DATANG_TABLE).orderBy([{ column: 'tgl_entri', order: 'desc' }, { column: 'no_datang', order: 'desc' }]).offset(page.offset).limit(page.limit)) as DatangRow[];
  return { arrivals: await complete(db, rows), total: Number(count?.n ?? 0) };
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

function sameLetter(stored: SkpwniMasukRow, typed: TypedLetter): boolean {
  const a = [...letterNiks(stored)].sort().join(';');
  const b = [...typed.niks].sort().join(';');
  return a === b && stored.no_kk === typed.noKk && stored.kode_wil_asal === typed.kodeWilAsal && stored.kode_wil_tujuan === typed.kodeWilTujuan;
}

/**
 * Registers an arrival against its move-out letter, with the next number of the year. The letter
 * must be known (received, or typed in with this request); everyone arriving must be on it and the
 * destination must be the letter's. The reference (no_referensi) is unique: asking again is refused.
 */
export async function registerArrival(db: Knex, arrival: NewArrival, regency4: string, now = new Date()): Promise<Arrival> {
  const stamp = localDateTimeIn(PINDAH_DATANG_TIME_ZONE, now);
  const year = Number(stamp.slice(0, 4));
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await db.transaction(async (trx) => {
        if (await trx(DATANG_TABLE).where({ no_referensi: arrival.noReferensi }).first()) throw new DuplicateReference(arrival.noReferensi);
        let letter = (await trx(SKPWNI_MASUK_TABLE).where({ no_skpwni: arrival.noSkpwni }).first()) as SkpwniMasukRow | undefined;
        if (letter && arrival.typed && !sameLetter(letter, arrival.typed)) throw new LetterMismatch('TYPED_LETTER_DIFFERS');
        if (!letter) {
          if (!arrival.typed) throw new LetterMismatch('UNKNOWN_LETTER');
          letter = { no_skpwni: arrival.noSkpwni, no_kk: arrival.typed.noKk, kode_wil_asal: arrival.typed.kodeWilAsal, kode_wil_tujuan: arrival.typed.kodeWilTujuan, nik_anggota: arrival.typed.niks.join(';'), sumber: 'INPUT', tgl_terima: stamp };
        }
        const onLetter = new Set(letterNiks(letter));
        if (arrival.niks.some((nik) => !onLetter.has(nik))) throw new LetterMismatch('PEOPLE');
        if (letter.kode_wil_tujuan !== arrival.kodeWilTujuan) throw new LetterMismatch('DESTINATION');
        if (letter.sumber === 'INPUT' && !(await trx(SKPWNI_MASUK_TABLE).where({ no_skpwni: letter.no_skpwni }).first())) await trx(SKPWNI_MASUK_TABLE).insert(letter);
        const [last] = (await trx(DATANG_TABLE).where({ tahun: year }).max({ n: 'no_urut' })) as Array<{ n: number | string | null }>;
        const serial = Number(last?.n ?? 0) + 1;
        const row: DatangRow = {
          no_datang: arrivalNumber(regency4, year, serial),
          tahun: year,
          no_urut: serial,
          no_skpwni: arrival.noSkpwni,
          kode_wil_tujuan: arrival.kodeWilTujuan,
          alamat_tujuan: arrival.alamatTujuan,
          kk_baru: arrival.kkBaru ? 'Y' : 'T',
          ktp_baru: arrival.ktpBaru ? 'Y' : 'T',
          tgl_datang: arrival.tglDatang,
          tgl_entri: stamp,
          no_referensi: arrival.noReferensi,
          petugas: null,
        };
        await trx(DATANG_TABLE).insert(row);
        await trx(DATANG_ANGGOTA_TABLE).insert(arrival.niks.map((nik, i) => ({ no_datang: row.no_datang, no_urut: i + 1, nik })));
        return { row, niks: [...arrival.niks], letter };
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
      if (await db(DATANG_TABLE).where({ no_referensi: arrival.noReferensi }).first()) throw new DuplicateReference(arrival.noReferensi);
    }
  }
}
