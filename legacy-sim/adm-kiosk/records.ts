import { legacyDateTime } from '../base/rest';
import type { PinRecord } from './pins';
import type { LogRow } from './rows';

/**
 * A PIN as the application's API shows it. Quirks kept on purpose (the adapter absorbs them): the
 * PIN itself is in every answer (the vendor trusted whoever holds the API key); the print job is
 * nested (`cetak`, null before the PIN is entered); the report's one-word `status` beside the
 * PIN's and the job's own; blanks are ''; stamps 'DD-MM-YYYY HH:mm:ss' (WIB, no zone); the log is
 * `riwayat` with `peristiwa` and `ket`.
 */
function riwayatJson(entry: LogRow): Record<string, unknown> {
  return { peristiwa: entry.peristiwa, waktu: legacyDateTime(entry.waktu), id_kiosk: entry.id_kiosk ?? '', petugas: entry.petugas ?? '', ket: entry.keterangan ?? '' };
}

export function pinJson({ row, cetak, kodeMall, status, log }: PinRecord): Record<string, unknown> {
  return {
    id_pin: Number(row.id_pin),
    pin: row.pin,
    nik: row.nik,
    jenis_dokumen: row.jenis_dokumen,
    no_dokumen: row.no_dokumen,
    kanal: row.kanal,
    dibuat: legacyDateTime(row.dibuat),
    berlaku_sampai: legacyDateTime(row.berlaku_sampai),
    status_pin: row.status_pin,
    dipakai: legacyDateTime(row.dipakai),
    id_kiosk: row.id_kiosk ?? '',
    kode_mall: kodeMall ?? '',
    kd_referensi: row.kd_referensi ?? '',
    status,
    cetak: cetak && {
      id_cetak: Number(cetak.id_cetak),
      status_cetak: cetak.status_cetak,
      mulai: legacyDateTime(cetak.mulai),
      estimasi_selesai: legacyDateTime(cetak.estimasi_selesai),
      selesai: legacyDateTime(cetak.selesai),
      ket: cetak.keterangan ?? '',
    },
    riwayat: log.map(riwayatJson),
  };
}

/** One log entry with its PIN as it stands now. */
export function logJson(entry: LogRow, pin: PinRecord): Record<string, unknown> {
  return { id_log: Number(entry.id_log), ...riwayatJson(entry), id_kiosk: entry.id_kiosk ?? '', data: pinJson(pin) };
}
