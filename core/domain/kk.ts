import { regions } from './regions';

/**
 * Nomor KK (family card number): 16 digits: issuing region (province, regency, kecamatan: 6),
 * registration date DDMMYY (6), serial (4). It belongs to the family, not to a person.
 */
export type KkProblem = 'NOT_16_DIGITS' | 'BAD_DATE' | 'ZERO_SERIAL' | 'UNKNOWN_REGION';

export type KkCheck = { ok: true; number: string; kecamatanCode: string } | { ok: false; problem: KkProblem; message: string };

const MESSAGES: Record<KkProblem, string> = {
  NOT_16_DIGITS: 'A KK number has exactly 16 digits.',
  BAD_DATE: 'Digits 7-12 of a KK number are its registration date DDMMYY.',
  ZERO_SERIAL: 'Digits 13-16 of a KK number are a serial number starting at 0001.',
  UNKNOWN_REGION: 'Digits 1-6 of a KK number must be a known kecamatan code.',
};

function fail(problem: KkProblem): KkCheck {
  return { ok: false, problem, message: MESSAGES[problem] };
}

export function checkKk(input: string): KkCheck {
  const number = input.trim();
  if (!/^\d{16}$/.test(number)) return fail('NOT_16_DIGITS');
  const day = Number(number.slice(6, 8));
  const month = Number(number.slice(8, 10));
  if (day < 1 || day > 31 || month < 1 || month > 12) return fail('BAD_DATE');
  if (Number(number.slice(12, 16)) === 0) return fail('ZERO_SERIAL');
  if (!regions().isKecamatanPrefix(number.slice(0, 6))) return fail('UNKNOWN_REGION');
  return { ok: true, number, kecamatanCode: `${number.slice(0, 2)}.${number.slice(2, 4)}.${number.slice(4, 6)}` };
}

/** Builds a KK number. `issuedOn` is ISO (YYYY-MM-DD); `kecamatanCode` dotted. */
export function buildKk(kecamatanCode: string, issuedOn: string, serial: number): string {
  const [year, month, day] = issuedOn.split('-');
  if (!year || !month || !day) throw new Error(`buildKk: date must be YYYY-MM-DD, got "${issuedOn}"`);
  if (serial < 1 || serial > 9999) throw new Error(`buildKk: serial must be 1..9999, got ${serial}`);
  return `${kecamatanCode.replace(/\./g, '')}${day}${month}${year.slice(2)}${String(serial).padStart(4, '0')}`;
}
