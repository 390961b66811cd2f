/**
 * Service standards count working days on the tenant's calendar: a request is due at the end
 * (23:59:59, office time) of the Nth working day after the day it was submitted. Weekends (the
 * tenant's working week) and the tenant's listed holidays are not working days. A standard of 0
 * is "the same day". Dates are ISO 'YYYY-MM-DD'; arithmetic is done on UTC midnights so no server
 * time zone leaks in.
 */
export interface WorkingCalendar {
  /** ISO weekday numbers that are working days (1 Monday … 7 Sunday). */
  workingDays: ReadonlySet<number>;
  holidays: ReadonlySet<string>;
}

const DAY = 86_400_000;

const toMs = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const toIso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const weekday = (ms: number) => ((new Date(ms).getUTCDay() + 6) % 7) + 1;

export function isWorkingDay(calendar: WorkingCalendar, iso: string): boolean {
  return calendar.workingDays.has(weekday(toMs(iso))) && !calendar.holidays.has(iso);
}

/** The Nth working day after `date` (N ≥ 0; 0 is `date` itself). */
export function addWorkingDays(calendar: WorkingCalendar, date: string, days: number): string {
  let ms = toMs(date);
  let left = days;
  // A year of non-working days in a row would be a broken calendar; the loop stops there.
  for (let guard = 0; left > 0 && guard < 3_660; guard++) {
    ms += DAY;
    if (isWorkingDay(calendar, toIso(ms))) left--;
  }
  return toIso(ms);
}

/** When a request submitted at `submittedAt` (ISO local date-time) is due: the end of its standard's last day. */
export function dueAt(calendar: WorkingCalendar, submittedAt: string, days: number): string {
  return `${addWorkingDays(calendar, submittedAt.slice(0, 10), days)}T23:59:59`;
}

/**
 * The latest submission date whose due day is before `today`: a request submitted on it or before
 * (and not finished) is overdue today. Lets an application filter overdue requests by date.
 */
export function latestOverdueSubmission(calendar: WorkingCalendar, today: string, days: number): string {
  let ms = toMs(today) - DAY;
  for (let guard = 0; guard < 3_660; guard++, ms -= DAY) {
    if (addWorkingDays(calendar, toIso(ms), days) < today) return toIso(ms);
  }
  return toIso(ms);
}
