import { legacyDateTime } from '../base/rest';
import type { Pengaduan, PengaduanRow, TanggapanRow } from './complaints';
import { KATEGORI, STATUS_KET } from './schema';

/**
 * A complaint as the desk's API shows it. Quirks kept on purpose (the adapter absorbs them):
 * the status is a JSON number with its word beside it; the category a two-digit string with its
 * label; blanks are '' (no NIK for an anonymous complaint, no reference, no application number);
 * the application number exactly as the resident typed it; phone numbers as typed ('08…',
 * '+628…', '628…', with dashes); moments 'DD-MM-YYYY HH:mm:ss' local time. The worklist shows
 * the row without its history (`riwayat`) and without the text (`isi`), as the desk's list screen.
 */
export function riwayatJson(h: TanggapanRow): Record<string, unknown> {
  return {
    id: Number(h.id_tanggapan),
    jenis: h.jenis,
    status: Number(h.kd_status),
    isi: h.isi ?? '',
    petugas: h.petugas ?? '',
    tgl: legacyDateTime(h.tgl),
    no_referensi: h.no_referensi ?? '',
  };
}

export function ringkasJson(row: PengaduanRow): Record<string, unknown> {
  return {
    no_tiket: row.no_tiket,
    no_referensi: row.no_referensi ?? '',
    nik_pelapor: row.nik_pelapor ?? '',
    nama_pelapor: row.nama_pelapor,
    saluran: row.saluran,
    kategori: row.kd_kategori,
    kategori_ket: KATEGORI[row.kd_kategori] ?? '',
    unit: row.kd_unit ?? '',
    no_permohonan: row.no_permohonan ?? '',
    judul: row.judul ?? '',
    status: Number(row.kd_status),
    status_ket: STATUS_KET[Number(row.kd_status)] ?? '',
    tgl_lapor: legacyDateTime(row.tgl_lapor),
    tgl_update: legacyDateTime(row.tgl_update),
  };
}

export function pengaduanJson({ row, riwayat }: Pengaduan): Record<string, unknown> {
  return { ...ringkasJson(row), no_hp: row.no_hp ?? '', isi: row.isi, riwayat: riwayat.map(riwayatJson) };
}

/** A feed entry: a history row with its complaint's ticket number. */
export function feedJson(h: TanggapanRow & { no_tiket: string }): Record<string, unknown> {
  return { ...riwayatJson(h), no_tiket: h.no_tiket };
}
