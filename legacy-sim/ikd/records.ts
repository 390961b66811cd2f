import { legacyDateTime } from '../base/rest';
import type { IkdRow } from './rows';

/**
 * An activation as the application's API shows it. Quirks kept on purpose (the adapter absorbs
 * them): state words as stored (the pilot's included); moments as local 'DD-MM-YYYY HH:mm:ss',
 * '' when none; the phone as free text; no remark is '-'. A NIK the register does not know is
 * answered too, as 'TIDAK TERDAFTAR' with blanks, never left out.
 */
export const NOT_REGISTERED = 'TIDAK TERDAFTAR';

export function ikdJson(row: IkdRow): Record<string, unknown> {
  return {
    nik: row.nik,
    status_aktivasi: row.status_aktivasi,
    tgl_daftar: legacyDateTime(row.tgl_daftar),
    tgl_aktivasi: legacyDateTime(row.tgl_aktivasi),
    perangkat: row.perangkat ?? '',
    keterangan: row.keterangan ?? '-',
  };
}

export function unknownJson(nik: string): Record<string, unknown> {
  return { nik, status_aktivasi: NOT_REGISTERED, tgl_daftar: '', tgl_aktivasi: '', perangkat: '', keterangan: '-' };
}
