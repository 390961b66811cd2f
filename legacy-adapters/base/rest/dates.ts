/**
 * The REST apps' dates, decoded: 'DD-MM-YYYY' and 'DD-MM-YYYY HH:mm:ss' (local office time, no
 * zone) to ISO, and back for requests. Blanks the apps use for "none" ('' , '-', '00-00-0000')
 * and impossible dates become null rather than an error: one bad row must not fail a whole batch.
 */
const LEGACY_DATE = /^(\d{2})-(\d{2})-(\d{4})$/;
const LEGACY_DATE_TIME = /^(\d{2})-(\d{2})-(\d{4})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

function validDate(year: string, month: string, day: string): boolean {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (y < 1800 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** 'DD-MM-YYYY' (a time after it is ignored) to 'YYYY-MM-DD'; null for blanks and nonsense. */
export function isoDateFromLegacy(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const m = LEGACY_DATE.exec(text) ?? LEGACY_DATE_TIME.exec(text);
  if (!m) return null;
  const [, day, month, year] = m as unknown as [string, string, string, string];
  return validDate(year, month, day) ? `${year}-${month}-${day}` : null;
}

/** 'DD-MM-YYYY HH:mm[:ss]' to 'YYYY-MM-DDTHH:mm:ss' (no zone: the app keeps local time); a bare date gets midnight. */
export function isoDateTimeFromLegacy(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const m = LEGACY_DATE_TIME.exec(text);
  if (!m) {
    const date = isoDateFromLegacy(text);
    return date && `${date}T00:00:00`;
  }
  const [, day, month, year, hour, minute, second] = m as unknown as [string, string, string, string, string, string, string | undefined];
  if (!validDate(year, month, day) || Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59) return null;
  return `${year}-${month}-${day}T${hour}:${minute}:${second ?? '00'}`;
}

/** 'YYYY-MM-DD' to 'DD-MM-YYYY', for query parameters and request bodies. */
export function legacyDateFromIso(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`Expected an ISO date YYYY-MM-DD, got "${iso}"`);
  return `${m[3]}-${m[2]}-${m[1]}`;
}
