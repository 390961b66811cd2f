import { legacyDate, legacyDateTime } from '../base/rest';
import type { Letter } from './letters';

/**
 * A letter as the application's API shows it. Quirks kept on purpose (the adapter absorbs them):
 * the people moving are one string of NIKs separated by ';' (`nik_anggota`) with their count as a
 * string (`jumlah_anggota`), the vendor's flat view of its two tables; region codes without dots;
 * `no_kk` and `nik_pemohon` are JSON numbers; the form's boxes are one-digit codes; a missing
 * address is '-', a missing reference ''; dates 'DD-MM-YYYY', the issue stamp local time
 * 'DD-MM-YYYY HH:mm:ss'.
 */
export function skpwniJson({ row, niks }: Letter): Record<string, unknown> {
  return {
    no_skpwni: row.no_skpwni,
    no_kk: Number(row.no_kk),
    nik_pemohon: Number(row.nik_pemohon),
    nik_anggota: niks.join(';'),
    jumlah_anggota: String(niks.length),
    kode_wil_asal: row.kode_wil_asal,
    alamat_asal: row.alamat_asal ?? '-',
    kode_wil_tujuan: row.kode_wil_tujuan,
    alamat_tujuan: row.alamat_tujuan ?? '-',
    klasifikasi: row.klasifikasi,
    alasan: row.alasan,
    jenis_kepindahan: row.jenis_kepindahan,
    tgl_pindah: legacyDate(row.tgl_pindah),
    tgl_terbit: legacyDateTime(row.tgl_terbit),
    status_surat: row.status_surat,
    no_referensi: row.no_referensi ?? '',
  };
}
