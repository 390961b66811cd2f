import { legacyDate, legacyDateTime } from '../base/rest';
import type { Arrival } from './arrivals';

/**
 * An arrival as the application's API shows it. Quirks kept on purpose (the adapter absorbs them):
 * the people arriving are an array of JSON numbers (`nik_datang`); the new KK / KTP flags are
 * 'Y' / 'T' (ya / tidak); region codes without dots, the origin taken from the letter; a missing
 * address is '-', a missing reference ''; dates 'DD-MM-YYYY', the entry stamp local time.
 */
export function datangJson({ row, niks, letter }: Arrival): Record<string, unknown> {
  return {
    no_datang: row.no_datang,
    no_skpwni: row.no_skpwni,
    nik_datang: niks.map(Number),
    kode_wil_asal: letter?.kode_wil_asal ?? '',
    kode_wil_tujuan: row.kode_wil_tujuan,
    alamat_tujuan: row.alamat_tujuan ?? '-',
    kk_baru: row.kk_baru,
    ktp_baru: row.ktp_baru,
    tgl_datang: legacyDate(row.tgl_datang),
    tgl_entri: legacyDateTime(row.tgl_entri),
    no_referensi: row.no_referensi ?? '',
  };
}
