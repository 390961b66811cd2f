import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { registrationPrefix, type PermohonanRow, type RiwayatRow } from './rows';
import { PERMOHONAN_TABLE, RIWAYAT_TABLE, type StatusWord } from './schema';

/**
 * What counter staff do in the kecamatan application's own screens, straight on its tables: the
 * gateway must see these changes (and their history rows) on its next read or poll. The app numbers
 * requests itself (next serial of the office and day), stamps local (WIB) time and, since version
 * 2, writes a history row with every status it sets.
 */
const APP_TIME_ZONE = 'Asia/Jakarta';

/** What the counter screen lets staff do next, by current status; finished requests stay as they are. */
export const NEXT_STATUSES: Readonly<Record<string, readonly StatusWord[]>> = {
  DITERIMA: ['DIPROSES', 'SELESAI', 'DITOLAK'],
  DIPROSES: ['SELESAI', 'DITOLAK'],
};

export interface ShownRequest {
  request: PermohonanRow;
  history: RiwayatRow[];
}

export async function showRequest(db: Knex, registrationNumber: string): Promise<ShownRequest | undefined> {
  const request = (await db(PERMOHONAN_TABLE).where({ no_registrasi: registrationNumber }).first()) as PermohonanRow | undefined;
  if (!request) return undefined;
  const history = (await db(RIWAYAT_TABLE).where({ id_permohonan: request.id_permohonan }).orderBy('id_riwayat')) as RiwayatRow[];
  return { request, history };
}

/** An office's open requests (received or in process), oldest first: the counter's queue screen. */
export async function counterQueue(db: Knex, kecamatanCode: string): Promise<PermohonanRow[]> {
  const [prop, kab, kec] = kecamatanCode.split('.').map(Number);
  return (await db(PERMOHONAN_TABLE)
    .where({ no_prop: prop, no_kab: kab, no_kec: kec })
    .whereRaw('UPPER(TRIM(status)) IN (?, ?)', ['DITERIMA', 'DIPROSES'])
    .orderBy([{ column: 'tgl_daftar' }, { column: 'id_permohonan' }])) as PermohonanRow[];
}

export interface CounterVisit {
  /** Dotted kecamatan code of the office, e.g. '36.74.01'. */
  kecamatanCode: string;
  kdLayanan: number;
  nik: string;
  nama: string;
  noKk: string | null;
  nip: string;
}

/** A resident at the counter: the request is entered as received; returns its registration number. */
export async function receiveAtCounter(db: Knex, visit: CounterVisit, now = new Date()): Promise<string> {
  const stamp = localDateTimeIn(APP_TIME_ZONE, now);
  const prefix = registrationPrefix(visit.kecamatanCode, stamp.slice(0, 10));
  const [prop, kab, kec] = visit.kecamatanCode.split('.').map(Number);
  return db.transaction(async (trx) => {
    const last = (await trx(PERMOHONAN_TABLE).max({ n: 'no_registrasi' }).where('no_registrasi', 'like', `${prefix}%`)) as Array<{ n: string | null }>;
    const number = `${prefix}${String(Number(last[0]?.n?.slice(prefix.length) ?? 0) + 1).padStart(4, '0')}`;
    const [id] = (await trx(PERMOHONAN_TABLE).insert({
      no_registrasi: number, kd_layanan: visit.kdLayanan, nik_pemohon: visit.nik, nama_pemohon: visit.nama.toUpperCase(), no_kk: visit.noKk,
      no_prop: prop, no_kab: kab, no_kec: kec, status: 'DITERIMA', nip_petugas: visit.nip, keterangan: null, tgl_daftar: stamp, tgl_update: stamp, ref_gerbang: null,
    })) as number[];
    await trx(RIWAYAT_TABLE).insert({ id_permohonan: id, status: 'DITERIMA', nip_petugas: visit.nip, catatan: null, tgl_status: stamp });
    return number;
  });
}

/**
 * Staff move a request on (process, finish, reject), as the counter screen allows; a rejection
 * needs its reason. Throws the screen's own message otherwise.
 */
export async function workRequest(db: Knex, registrationNumber: string, status: StatusWord, nip: string, note: string | null = null, now = new Date()): Promise<ShownRequest> {
  const stamp = localDateTimeIn(APP_TIME_ZONE, now);
  if (status === 'DITOLAK' && !note?.trim()) throw new Error('KETERANGAN WAJIB DIISI UNTUK PENOLAKAN');
  await db.transaction(async (trx) => {
    const row = (await trx(PERMOHONAN_TABLE).where({ no_registrasi: registrationNumber }).first()) as PermohonanRow | undefined;
    if (!row) throw new Error(`PERMOHONAN ${registrationNumber} TIDAK DITEMUKAN`);
    const current = row.status.trim().toUpperCase();
    if (!(NEXT_STATUSES[current] ?? []).includes(status)) throw new Error(`STATUS ${current} TIDAK DAPAT DIUBAH MENJADI ${status}`);
    await trx(PERMOHONAN_TABLE).where({ id_permohonan: row.id_permohonan }).update({ status, nip_petugas: nip, keterangan: note?.toUpperCase() ?? null, tgl_update: stamp });
    await trx(RIWAYAT_TABLE).insert({ id_permohonan: row.id_permohonan, status, nip_petugas: nip, catatan: note?.toUpperCase() ?? null, tgl_status: stamp });
  });
  return (await showRequest(db, registrationNumber))!;
}
