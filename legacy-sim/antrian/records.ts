import { legacyDate, legacyDateTime } from '../base/rest';
import type { Booking, Change } from './bookings';
import type { LogRow } from './rows';

/**
 * A booking as the application's API shows it. Quirks kept on purpose (the adapter absorbs
 * them): the id is a JSON number, the office a code ('00' the Dinas, else the kecamatan's region
 * code without dots), the service its queue letter, the status the vendor's words; blanks are ''
 * (no phone, no counter, no reference); dates 'DD-MM-YYYY', moments local 'DD-MM-YYYY HH:mm:ss';
 * the history (`riwayat`) with `ket` for the note.
 */
function riwayatJson(entry: LogRow): Record<string, unknown> {
  return { status: entry.status, waktu: legacyDateTime(entry.waktu), petugas: entry.petugas ?? '', ket: entry.keterangan ?? '' };
}

export function antrianJson({ row, log }: Booking): Record<string, unknown> {
  return {
    id_antrian: Number(row.id_antrian),
    no_tiket: row.no_tiket,
    kd_kantor: row.kd_kantor,
    kd_layanan: row.kd_layanan,
    tgl_kunjungan: legacyDate(row.tgl_kunjungan),
    nik: row.nik,
    nama: row.nama ?? '',
    no_hp: row.no_hp ?? '',
    sumber: row.sumber,
    status: row.status,
    jam_daftar: legacyDateTime(row.tgl_daftar),
    loket: row.loket ?? '',
    petugas: row.petugas ?? '',
    kd_referensi: row.kd_referensi ?? '',
    riwayat: log.map(riwayatJson),
  };
}

/** One entry of the change log, with the booking it concerns as it stands now. */
export function perubahanJson({ log, row }: Change): Record<string, unknown> {
  return {
    id_log: Number(log.id_log),
    id_antrian: Number(row.id_antrian),
    no_tiket: row.no_tiket,
    kd_kantor: row.kd_kantor,
    kd_layanan: row.kd_layanan,
    tgl_kunjungan: legacyDate(row.tgl_kunjungan),
    nik: row.nik,
    sumber: row.sumber,
    status: log.status,
    waktu: legacyDateTime(log.waktu),
    petugas: log.petugas ?? '',
    ket: log.keterangan ?? '',
    status_terkini: row.status,
  };
}
