import { legacyDateTime } from '../base/rest';
import type { LaporanPesan, PesanRow } from './messages';
import { GAGAL, STATUS_KET } from './schema';

/**
 * A message and a report as the gateway's API shows them. Quirks kept on purpose (the adapter
 * absorbs them): ids are JSON numbers; the status a number with its word beside it; moments
 * 'DD-MM-YYYY HH:mm:ss WIB' (the vendor writes the zone's name after local time); blanks are ''
 * (no reference, no failure, not sent yet); numbers '628…' without the plus; the reference as
 * stored (cut to 32 characters).
 */
export function waktuWib(value: string | null | undefined): string {
  const text = legacyDateTime(value ?? null);
  return text === '' ? '' : `${text} WIB`;
}

export function pesanJson(row: PesanRow): Record<string, unknown> {
  const status = Number(row.kd_status);
  return {
    id_pesan: Number(row.id_pesan),
    ref_klien: row.ref_klien ?? '',
    kanal: row.kanal,
    no_tujuan: row.no_tujuan,
    pesan: row.isi_pesan,
    jml_bagian: Number(row.jml_bagian),
    biaya: Number(row.biaya),
    status,
    ket_status: STATUS_KET[status] ?? '',
    kd_gagal: row.kd_gagal ?? '',
    ket_gagal: row.kd_gagal ? GAGAL[row.kd_gagal] ?? '' : '',
    tgl_terima: waktuWib(row.tgl_terima),
    tgl_kirim: waktuWib(row.tgl_kirim),
    tgl_laporan: waktuWib(row.tgl_laporan),
  };
}

export function laporanJson(row: LaporanPesan): Record<string, unknown> {
  const status = Number(row.kd_status);
  return {
    id_laporan: Number(row.id_laporan),
    id_pesan: Number(row.id_pesan),
    ref_klien: row.ref_klien ?? '',
    kanal: row.kanal,
    no_tujuan: row.no_tujuan,
    status,
    ket_status: STATUS_KET[status] ?? '',
    kd_gagal: row.kd_gagal ?? '',
    ket_gagal: row.kd_gagal ? GAGAL[row.kd_gagal] ?? '' : '',
    waktu: waktuWib(row.waktu),
    sumber: row.sumber,
  };
}
