/**
 * The REST apps' date formats: 'DD-MM-YYYY', and 'DD-MM-YYYY HH:mm:ss' for moments (local office
 * time, no zone). Storage keeps ISO dates and DATETIME values; the API shows them the legacy way.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;

/** 'YYYY-MM-DD[...]' or a Date to 'DD-MM-YYYY'; `empty` (the app's own blank) when there is none. */
export function legacyDate(value: string | Date | null | undefined, empty = ''): string {
  if (value === null || value === undefined || value === '') return empty;
  const text = value instanceof Date ? value.toISOString() : value;
  const m = ISO_DATE.exec(text);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : empty;
}

/** 'YYYY-MM-DD HH:mm:ss' (or a Date, read as UTC) to 'DD-MM-YYYY HH:mm:ss'. */
export function legacyDateTime(value: string | Date | null | undefined, empty = ''): string {
  if (value === null || value === undefined || value === '') return empty;
  const text = value instanceof Date ? value.toISOString() : value;
  const m = ISO_DATE_TIME.exec(text);
  return m ? `${m[3]}-${m[2]}-${m[1]} ${m[4]}:${m[5]}:${m[6]}` : legacyDate(text, empty);
}

/** 'DD-MM-YYYY' from a request to 'YYYY-MM-DD', or undefined when it is not one. */
export function isoFromLegacyDate(text: string): string | undefined {
  const m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(text.trim());
  return m ? `${m[3]}-${m[2]}-${m[1]}` : undefined;
}
