import { badUserInput } from '@core/errors';

/**
 * Input checks of the civil-registry API, each a BAD_USER_INPUT with the argument and a reason.
 * NIK and KK checks are core/validation.ts's; these are the registry's own.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An ISO date that exists on the calendar and is not after `today` (the tenant's calendar). */
export function requirePastDate(value: string, argument: string, today: string): string {
  const match = ISO_DATE.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!match || !date || date.toISOString().slice(0, 10) !== value) throw badUserInput(argument, 'BAD_DATE', 'Give the date as YYYY-MM-DD, a day that exists.');
  if (value > today) throw badUserInput(argument, 'IN_THE_FUTURE', `The date cannot be after today (${today}).`);
  if (value < '1900-01-01') throw badUserInput(argument, 'TOO_OLD', 'The date cannot be before 1900.');
  return value;
}

/** 'HH:MM', 24-hour. */
export function requireTime(value: string, argument: string): string {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value.trim());
  if (!match) throw badUserInput(argument, 'BAD_TIME', 'Give the time as HH:MM (24-hour).');
  return value.trim();
}

/** A name or place as the registries store it: 2 to 100 characters, UPPERCASE, blanks collapsed. */
export function requireName(value: string, argument: string): string {
  const clean = value.replace(/\s+/g, ' ').trim().toUpperCase();
  if (clean.length < 2) throw badUserInput(argument, 'TOO_SHORT', 'Give at least 2 characters.');
  if (clean.length > 100) throw badUserInput(argument, 'TOO_LONG', 'Give at most 100 characters.');
  if (/[;<>]/.test(clean)) throw badUserInput(argument, 'BAD_CHARACTERS', 'Letters, digits, blanks and . , \' - / ( ) only.');
  return clean;
}

/** Deed numbers as the registries issue them: `<regency>-<register>-<DDMMYYYY>-<serial>`, e.g. 3674-KM-05022025-0003. */
const DEED_NUMBER = /^(\d{4})-([A-Z]{2})-(\d{8})-(\d{4})$/;

export function requireDeedNumber(value: string, register: 'LU' | 'KM' | 'KW' | 'CR', argument = 'number'): string {
  const clean = value.trim().toUpperCase();
  const match = DEED_NUMBER.exec(clean);
  if (!match) throw badUserInput(argument, 'BAD_DEED_NUMBER', `A deed number looks like 3674-${register}-01012020-0001.`);
  if (match[2] !== register) throw badUserInput(argument, 'WRONG_REGISTER', `This is not a number of this register (${register}).`);
  return clean;
}

/** Whole years from `birthDate` to `on` (ISO dates). */
export function ageOn(birthDate: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * A court order's number (nomor penetapan/putusan) as courts write it, e.g. 123/Pdt.P/2026/PN.Tng:
 * parts separated by '/', letters, digits, '.', '-' and blanks.
 */
export function requireCourtOrderNumber(value: string, argument: string): string {
  const clean = value.replace(/\s+/g, ' ').trim().toUpperCase();
  if (!/^\d{1,6}\/[A-Z0-9. -]{1,20}(\/[A-Z0-9. -]{1,20}){1,4}$/.test(clean)) throw badUserInput(argument, 'BAD_COURT_ORDER_NUMBER', 'A court order number looks like 123/Pdt.P/2026/PN.Tng.');
  return clean;
}

/**
 * Text for registries that store Windows-1252 (capil-perubahan's files): Latin letters only,
 * accented ones included. Checked here so a request the format cannot carry is refused up front.
 */
export function requireLatin(value: string, argument: string): string {
  if (/[^\u0020-\u007e\u00a0-\u00ff]/.test(value)) throw badUserInput(argument, 'NOT_LATIN', 'Use Latin letters (accented ones like É or ñ included), digits and punctuation only.');
  return value;
}
