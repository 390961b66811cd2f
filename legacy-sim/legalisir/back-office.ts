import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { legacyDate, requestPrefix, type LgsPermohonanRow } from './rows';
import { MAX_LEMBAR, PERMOHONAN_TABLE, REF_DOKUMEN_TABLE, STEP_COLUMN, type StatusLetter } from './schema';

/**
 * What Dinas officers do in the legalisation application's own screens, straight on its tables:
 * the gateway must see these changes on its next read or poll. The app numbers requests itself
 * (next serial of the day), stamps local (WIB) time, and refuses at entry a document that carries
 * an electronic signature (its reference table says which kinds, since when).
 */
const APP_TIME_ZONE = 'Asia/Jakarta';

/** What the screen lets officers do next, by current status; collected and rejected requests stay as they are. */
export const NEXT_STATUSES: Readonly<Record<string, readonly StatusLetter[]>> = { B: ['V', 'T'], V: ['S', 'T'], S: ['A'] };

export interface DocumentType {
  KD_DOK: string;
  NM_DOK: string;
  TTE_SEJAK: string | null;
}

export async function documentTypes(db: Knex): Promise<DocumentType[]> {
  return (await db(REF_DOKUMEN_TABLE).orderBy('KD_DOK')) as DocumentType[];
}

export async function showRequest(db: Knex, number: string): Promise<LgsPermohonanRow | undefined> {
  return (await db(PERMOHONAN_TABLE).where({ NO_PERMOHONAN: number }).first()) as LgsPermohonanRow | undefined;
}

/** Requests not yet collected or rejected, oldest first: the officers' work screen. */
export async function openRequests(db: Knex): Promise<LgsPermohonanRow[]> {
  return (await db(PERMOHONAN_TABLE).whereIn('STATUS', ['B', 'V', 'S']).orderBy([{ column: 'TGL_MASUK' }, { column: 'ID' }])) as LgsPermohonanRow[];
}

export interface CounterLegalisation {
  nik: string;
  nama: string;
  kdDok: string;
  noDok: string;
  /** ISO date the document was issued. */
  tglTerbit: string;
  jmlLembar: number;
  petugas: string;
}

/** The screen's own refusal: the message it shows, and nothing written. */
export class LegalisirRefusal extends Error {}

/** A resident at the Dinas counter: entered as new (B) unless the screen refuses; returns the request number. */
export async function receiveAtCounter(db: Knex, request: CounterLegalisation, regencyCode: string, now = new Date()): Promise<string> {
  const stamp = localDateTimeIn(APP_TIME_ZONE, now);
  const type = (await db(REF_DOKUMEN_TABLE).where({ KD_DOK: request.kdDok }).first()) as DocumentType | undefined;
  if (!type) throw new LegalisirRefusal(`JENIS DOKUMEN ${request.kdDok} TIDAK DIKENAL`);
  const since = type.TTE_SEJAK ? String(type.TTE_SEJAK).slice(0, 10) : null;
  if (since && request.tglTerbit >= since) throw new LegalisirRefusal(`${type.NM_DOK} TERBITAN SEJAK ${legacyDate(since)} SUDAH BERTANDA TANGAN ELEKTRONIK (TTE): TIDAK PERLU DILEGALISIR`);
  if (!(request.jmlLembar >= 1 && request.jmlLembar <= MAX_LEMBAR)) throw new LegalisirRefusal(`JUMLAH LEMBAR 1 SAMPAI ${MAX_LEMBAR}`);
  const prefix = requestPrefix(regencyCode, stamp.slice(0, 10));
  return db.transaction(async (trx) => {
    const last = (await trx(PERMOHONAN_TABLE).max({ n: 'NO_PERMOHONAN' }).where('NO_PERMOHONAN', 'like', `${prefix}%`)) as Array<{ n: string | null }>;
    const number = `${prefix}${String(Number(last[0]?.n?.slice(prefix.length) ?? 0) + 1).padStart(4, '0')}`;
    await trx(PERMOHONAN_TABLE).insert({
      NO_PERMOHONAN: number, NIK_PEMOHON: request.nik, NAMA_PEMOHON: request.nama.toUpperCase(), KD_DOK: request.kdDok, NO_DOK: request.noDok.toUpperCase(),
      TGL_TERBIT_DOK: legacyDate(request.tglTerbit), JML_LEMBAR: request.jmlLembar, SUMBER: 'L', STATUS: 'B', TGL_MASUK: stamp, PETUGAS: request.petugas, TGL_UBAH: stamp, REF_GERBANG: null,
    });
    return number;
  });
}

/** Officers move a request on (verify, stamp, hand over, reject); a rejection needs its reason. */
export async function workRequest(db: Knex, number: string, status: StatusLetter, petugas: string, alasan: string | null = null, now = new Date()): Promise<LgsPermohonanRow> {
  const stamp = localDateTimeIn(APP_TIME_ZONE, now);
  if (status === 'T' && !alasan?.trim()) throw new LegalisirRefusal('ALASAN PENOLAKAN WAJIB DIISI');
  const row = await showRequest(db, number);
  if (!row) throw new LegalisirRefusal(`PERMOHONAN ${number} TIDAK DITEMUKAN`);
  if (!(NEXT_STATUSES[row.STATUS] ?? []).includes(status)) throw new LegalisirRefusal(`STATUS ${row.STATUS} TIDAK DAPAT DIUBAH MENJADI ${status}`);
  await db(PERMOHONAN_TABLE).where({ ID: row.ID, STATUS: row.STATUS }).update({
    STATUS: status, [STEP_COLUMN[status]]: stamp, PETUGAS: petugas, TGL_UBAH: stamp, ...(status === 'T' ? { ALASAN_TOLAK: alasan!.toUpperCase() } : {}),
  });
  return (await showRequest(db, number))!;
}
