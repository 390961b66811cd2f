import { cleanText, isoDate } from '@adapters/siak/sql/mapping';
import type { BiometricsCaptured, Enrolment, EnrolmentOffice, EnrolmentStatus } from '../port';

/**
 * t_perekaman rows to domain values. Everything legacy stops here: one-letter status codes, the
 * date as VARCHAR 'DD-MM-YYYY' with the time in a column of its own, the office as region numbers
 * with no_kec 0 meaning the Dinas, and capture flags written '1'/'0' or (older software) 'Y'/'T'.
 */
export interface PerekamanRow {
  id_perekaman: number;
  nik: string;
  status_rekam: string | null;
  tgl_rekam: string | null;
  jam_rekam: string | null;
  tempat_rekam: string | null;
  no_prop: number | string;
  no_kab: number | string;
  no_kec: number | string | null;
  flag_sidik_jari: string | number | null;
  flag_iris: string | number | null;
  flag_foto: string | number | null;
  flag_ttd: string | number | null;
}

const STATUS: Record<string, EnrolmentStatus> = { B: 'NEW', D: 'DUPLICATE', S: 'SUCCESSFUL' };

/** 'B'/'D'/'S' in either case, blanks ignored; anything else null. */
export function decodeStatus(code: string | null | undefined): EnrolmentStatus | null {
  return STATUS[(code ?? '').trim().toUpperCase()] ?? null;
}

const YES = new Set(['1', 'Y', 'YA']);
const NO = new Set(['0', 'T', 'N', 'TIDAK']);

/** Capture flags: '1'/'0' (since 2014) or 'Y'/'T' (the first software); null when neither. */
export function decodeFlag(value: string | number | null | undefined): boolean | null {
  const text = String(value ?? '').trim().toUpperCase();
  if (YES.has(text)) return true;
  if (NO.has(text)) return false;
  return null;
}

/** 'HH:MM[:SS]' to 'HH:MM:SS'; null when unreadable. */
export function clockTime(value: string | null | undefined): string | null {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec((value ?? '').trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return `${m[1]!.padStart(2, '0')}:${m[2]}:${m[3] ?? '00'}`;
}

const pad2 = (n: number | string) => String(Number(n)).padStart(2, '0');

/** no_kec 0 (or empty) is the Dinas: its region is the regency. */
export function toOffice(row: Pick<PerekamanRow, 'no_prop' | 'no_kab' | 'no_kec' | 'tempat_rekam'>): EnrolmentOffice {
  const regency = `${pad2(row.no_prop)}.${pad2(row.no_kab)}`;
  const kec = Number(row.no_kec ?? 0);
  const name = cleanText(row.tempat_rekam);
  return kec > 0 ? { kind: 'KECAMATAN', regionCode: `${regency}.${pad2(kec)}`, name } : { kind: 'DINAS', regionCode: regency, name };
}

export function toBiometrics(row: PerekamanRow): BiometricsCaptured {
  return {
    fingerprints: decodeFlag(row.flag_sidik_jari),
    iris: decodeFlag(row.flag_iris),
    photo: decodeFlag(row.flag_foto),
    signature: decodeFlag(row.flag_ttd),
  };
}

export function toEnrolment(row: PerekamanRow): Enrolment {
  const enrolledOn = isoDate(row.tgl_rekam);
  const time = clockTime(row.jam_rekam);
  return {
    nik: row.nik.trim(),
    status: decodeStatus(row.status_rekam),
    enrolledOn,
    enrolledAt: enrolledOn && time ? `${enrolledOn}T${time}` : null,
    office: toOffice(row),
    biometrics: toBiometrics(row),
  };
}

/** Newest first: by date and time, then by the record's id (a later id was entered later). */
export function newestFirst(a: { enrolment: Enrolment; id: number }, b: { enrolment: Enrolment; id: number }): number {
  const ka = a.enrolment.enrolledAt ?? a.enrolment.enrolledOn ?? '';
  const kb = b.enrolment.enrolledAt ?? b.enrolment.enrolledOn ?? '';
  return ka === kb ? b.id - a.id : ka < kb ? 1 : -1;
}
