import { legacyDate, legacyDateTime } from '../base/rest';
import type { CetakRow } from './rows';

/**
 * A print job as the application's API shows it. Quirks kept on purpose (the adapter absorbs them):
 * `nik` is a JSON number (the vendor's serializer); a missing `no_permohonan` or `lokasi_ambil` is
 * '', a missing `keterangan` is '-'; `tgl_cetak` is '' until printed, `tgl_ambil` '00-00-0000'
 * until collected; `tgl_permohonan` is local time 'DD-MM-YYYY HH:mm:ss'.
 */
export function cetakJson(row: CetakRow): Record<string, unknown> {
  return {
    no_cetak: row.no_cetak,
    nik: Number(row.nik),
    no_permohonan: row.no_permohonan ?? '',
    status_cetak: row.status_cetak,
    alasan: row.alasan,
    lokasi_ambil: row.lokasi_ambil ?? '',
    tgl_permohonan: legacyDateTime(row.tgl_permohonan),
    tgl_cetak: legacyDate(row.tgl_cetak, ''),
    tgl_ambil: legacyDate(row.tgl_ambil, '00-00-0000'),
    keterangan: row.keterangan ?? '-',
  };
}
