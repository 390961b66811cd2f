import type { KiaRow } from './rows';

/**
 * A card as the application's API shows it. Quirks kept on purpose (the adapter absorbs them):
 * dates are the stored 'DD-MM-YYYY' text, `tgl_berlaku` is '' on first-version cards, `no_kk` keeps
 * the apostrophe old rows were typed with, status words are as stored (old spellings included),
 * a missing `no_permohonan` is ''.
 */
export function kiaJson(row: KiaRow): Record<string, unknown> {
  return {
    no_kia: row.no_kia,
    nik_anak: row.nik_anak,
    no_kk: row.no_kk,
    nama_anak: row.nama_anak,
    tgl_lahir: row.tgl_lahir,
    jenis_permohonan: row.jenis_permohonan,
    status_kia: row.status_kia,
    tgl_terbit: row.tgl_terbit,
    tgl_berlaku: row.tgl_berlaku,
    no_permohonan: row.no_permohonan ?? '',
  };
}
