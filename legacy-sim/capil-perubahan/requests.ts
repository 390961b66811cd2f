import { checkNik } from '@core/domain/nik';
import { CHANGE_TYPES, REGISTER_ACTIVE, parseDashedDate, type ChangeTypeCode, type ReasonCode } from './format';
import type { RegisterEntry } from './register';

/**
 * The nightly batch's checks on one request line, in the order the old application makes them:
 * the first failing check is the reason written back.
 */
export type Verdict = { ok: true; type: ChangeTypeCode; courtOrderDate: string } | { ok: false; reason: ReasonCode };

const REQUIRED = ['ID_PERMOHONAN', 'NIK', 'KD_JENIS', 'NO_PENETAPAN', 'NAMA_PN', 'TGL_PENETAPAN'] as const;

export function checkRequest(request: Record<string, string>, today: string, register: readonly RegisterEntry[]): Verdict {
  if (REQUIRED.some((field) => !request[field])) return { ok: false, reason: 'E02' };
  const type = request.KD_JENIS as ChangeTypeCode;
  if (!Object.hasOwn(CHANGE_TYPES, type)) return { ok: false, reason: 'E03' };
  if (!checkNik(request.NIK!).ok) return { ok: false, reason: 'E01' };
  // Recognition and legitimation name the father; a name change names the new name.
  if ((type === '01' || type === '02') && !request.NAMA_AYAH) return { ok: false, reason: 'E02' };
  if (type === '05' && !request.NAMA_BARU) return { ok: false, reason: 'E02' };
  if (request.NIK_AYAH && !checkNik(request.NIK_AYAH).ok) return { ok: false, reason: 'E05' };
  const courtOrderDate = parseDashedDate(request.TGL_PENETAPAN!);
  if (!courtOrderDate || courtOrderDate > today) return { ok: false, reason: 'E04' };
  const duplicate = register.some((e) => e.STATUS === REGISTER_ACTIVE && e.NIK === request.NIK && e.KD_JENIS === type && e.NO_PENETAPAN.toUpperCase() === request.NO_PENETAPAN!.toUpperCase());
  if (duplicate) return { ok: false, reason: 'E06' };
  return { ok: true, type, courtOrderDate };
}

/** The next annotation number of the day: '<regency>-CP-<DDMMYYYY>-<serial>', e.g. '3674-CP-29112026-0003'. */
export function nextAnnotationNumber(regencyCode: string, recordedOn: string, register: readonly RegisterEntry[]): string {
  const prefix = `${regencyCode.replace('.', '')}-CP-${recordedOn.slice(8, 10)}${recordedOn.slice(5, 7)}${recordedOn.slice(0, 4)}-`;
  const serial = register.filter((e) => e.NO_CATATAN.startsWith(prefix)).length + 1;
  return `${prefix}${String(serial).padStart(4, '0')}`;
}
