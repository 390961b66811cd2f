/**
 * Calendar arithmetic on day numbers (days since 1970-01-01, negative before). The generator
 * works on integers and formats ISO strings only when a person is emitted: this is faster than
 * Date objects and has no time zone to get wrong.
 */

// Math is bound once per module: global lookups are slow inside jest's vm sandbox, and these run millions of times.
const { floor } = Math;

/** Days from 1970-01-01 to an ISO date (YYYY-MM-DD). */
export function isoToDay(iso: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new Error(`Expected an ISO date YYYY-MM-DD, got "${iso}"`);
  return civilToDay(+(match[1] ?? 0), +(match[2] ?? 0), +(match[3] ?? 0));
}

/** Day number of a calendar date (proleptic Gregorian; H. Hinnant's days_from_civil). */
export function civilToDay(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floor(y / 400);
  const yoe = y - era * 400;
  const doy = floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface Civil {
  year: number;
  month: number;
  day: number;
}

/** Calendar date of a day number (civil_from_days). */
export function dayToCivil(dayNumber: number): Civil {
  const z = dayNumber + 719468;
  const era = floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100));
  const mp = floor((5 * doy + 2) / 153);
  const day = doy - floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function dayToIso(dayNumber: number): string {
  const { year, month, day } = dayToCivil(dayNumber);
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

export function yearOf(dayNumber: number): number {
  return dayToCivil(dayNumber).year;
}

/** The same calendar date `years` later (negative: earlier); 29 February falls back to the 28th. */
export function addYears(dayNumber: number, years: number): number {
  const { year, month, day } = dayToCivil(dayNumber);
  const target = year + years;
  const leap = target % 4 === 0 && (target % 100 !== 0 || target % 400 === 0);
  return civilToDay(target, month, month === 2 && day === 29 && !leap ? 28 : day);
}

/** Completed years between a birth day and a later day, as an official age is counted. */
export function ageOn(birthDay: number, onDay: number): number {
  const b = dayToCivil(birthDay);
  const o = dayToCivil(onDay);
  let age = o.year - b.year;
  if (o.month < b.month || (o.month === b.month && o.day < b.day)) age--;
  return age;
}
