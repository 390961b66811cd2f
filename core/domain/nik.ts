import { regions } from './regions';

/**
 * NIK (Nomor Induk Kependudukan): 16 digits, permanent for life.
 *   1-6   province(2) regency(2) kecamatan(2) of *first registration* (never changes on moving)
 *   7-12  birth date DDMMYY, with 40 added to the day for women (41-71)
 *   13-16 serial, 0001 upward. There is no check digit.
 * The sex and birth date read from a NIK are hints: a stored record whose recorded birth date
 * disagrees is still a valid record and must never be rejected for it.
 */
export type NikProblem = 'NOT_16_DIGITS' | 'BAD_DAY' | 'BAD_MONTH' | 'ZERO_SERIAL' | 'UNKNOWN_REGION';

export interface NikParts {
  nik: string;
  /** Dotted kecamatan code of first registration, e.g. '36.74.01'. */
  kecamatanCode: string;
  sex: 'MALE' | 'FEMALE';
  day: number;
  month: number;
  /** Two-digit year as written; the century is not in the NIK. */
  yearOfCentury: number;
  serial: number;
}

export type NikCheck = { ok: true; parts: NikParts } | { ok: false; problem: NikProblem; message: string };

const MESSAGES: Record<NikProblem, string> = {
  NOT_16_DIGITS: 'A NIK has exactly 16 digits.',
  BAD_DAY: 'Digits 7-8 of a NIK are the birth day: 01-31, or 41-71 for women.',
  BAD_MONTH: 'Digits 9-10 of a NIK are the birth month: 01-12.',
  ZERO_SERIAL: 'Digits 13-16 of a NIK are a serial number starting at 0001.',
  UNKNOWN_REGION: 'Digits 1-6 of a NIK must be a known kecamatan code.',
};

function fail(problem: NikProblem): NikCheck {
  return { ok: false, problem, message: MESSAGES[problem] };
}

export function checkNik(input: string): NikCheck {
  const nik = input.trim();
  if (!/^\d{16}$/.test(nik)) return fail('NOT_16_DIGITS');
  const rawDay = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const female = rawDay > 40;
  const day = female ? rawDay - 40 : rawDay;
  if (day < 1 || day > 31) return fail('BAD_DAY');
  if (month < 1 || month > 12) return fail('BAD_MONTH');
  const serial = Number(nik.slice(12, 16));
  if (serial === 0) return fail('ZERO_SERIAL');
  if (!regions().isKecamatanPrefix(nik.slice(0, 6))) return fail('UNKNOWN_REGION');
  const kecamatanCode = `${nik.slice(0, 2)}.${nik.slice(2, 4)}.${nik.slice(4, 6)}`;
  return {
    ok: true,
    parts: { nik, kecamatanCode, sex: female ? 'FEMALE' : 'MALE', day, month, yearOfCentury: Number(nik.slice(10, 12)), serial },
  };
}

/** Builds a NIK from its parts. `birthDate` is ISO (YYYY-MM-DD); `kecamatanCode` dotted. */
export function buildNik(kecamatanCode: string, birthDate: string, sex: 'MALE' | 'FEMALE', serial: number): string {
  const [year, month, day] = birthDate.split('-');
  if (!year || !month || !day) throw new Error(`buildNik: birth date must be YYYY-MM-DD, got "${birthDate}"`);
  if (serial < 1 || serial > 9999) throw new Error(`buildNik: serial must be 1..9999, got ${serial}`);
  const dd = Number(day) + (sex === 'FEMALE' ? 40 : 0);
  return `${kecamatanCode.replace(/\./g, '')}${String(dd).padStart(2, '0')}${month}${year.slice(2)}${String(serial).padStart(4, '0')}`;
}
