/**
 * Reading what the `soap` package hands back from the estate's SOAP apps. It decodes by the WSDL,
 * so repeated elements are arrays and xsd:int leaves are numbers, but the apps' own habits remain,
 * and mapping code absorbs them with these helpers:
 * - a list with nothing in it is an absent element (or a null result), not an empty array;
 * - blanks are empty elements, nil elements (left out), '-' or '0001-01-01T00:00:00' (.NET's empty date);
 * - dates as 'DD/MM/YYYY', 'DD-MM-YYYY', 'YYYY-MM-DD' or an xsd:dateTime with an offset.
 */

/** A repeated element as an array, whatever the package made of it (absent, one object, an array). */
export function asList<T = Record<string, unknown>>(value: unknown): T[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

/** A leaf as trimmed text; null for the apps' blanks ('', '-', nil). */
export function soapText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object') {
    // An element that carried only attributes (xsi:nil) or a {$value} wrapper.
    const inner = (value as { $value?: unknown }).$value;
    return inner === undefined ? null : soapText(inner);
  }
  const text = String(value).replace(/\s+/g, ' ').trim();
  return text === '' || text === '-' ? null : text;
}

/** A leaf as an integer; null for blanks and anything that is not one. */
export function soapInt(value: unknown): number | null {
  const text = soapText(value);
  return text !== null && /^-?\d+$/.test(text) ? Number(text) : null;
}

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1800 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * A date in any of the apps' spellings to 'YYYY-MM-DD'; null for blanks, .NET's empty date
 * (0001-01-01) and impossible dates. An xsd:dateTime keeps its own calendar day (the offset is
 * the office's: the day written is the day meant).
 */
export function soapDate(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  const text = soapText(value);
  if (text === null) return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3])) ? `${m[1]}-${m[2]}-${m[3]}` : null;
  m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(text);
  if (m) {
    const [d, mo, y] = [m[1]!.padStart(2, '0'), m[2]!.padStart(2, '0'), m[3]!];
    return validDate(Number(y), Number(mo), Number(d)) ? `${y}-${mo}-${d}` : null;
  }
  return null;
}
