import iconv from 'iconv-lite';

/**
 * The file family's wire format as the adapter reads and writes it: Windows-1252, ';' between
 * fields with no quoting, CRLF line ends (LF tolerated on reading), a header line first.
 * Values must be checked with `cannotWrite` before encoding: the format has no way to carry a ';'
 * or a line break, and Windows-1252 has no way to carry most of Unicode.
 */
export const ENCODING = 'windows-1252';

export function encodeFile(lines: readonly (readonly string[])[]): Buffer {
  return iconv.encode(lines.map((fields) => fields.join(';') + '\r\n').join(''), ENCODING);
}

export interface ParsedFile {
  header: string[];
  /** Data lines as records keyed by the header's names (trimmed values). */
  records: Array<Record<string, string>>;
  /** Data lines whose field count differs from the header's (e.g. a trailer line), as they are. */
  malformed: string[][];
  /** False when the last line has no line end (the file was cut short). */
  complete: boolean;
}

export function decodeFile(bytes: Buffer): ParsedFile {
  const text = iconv.decode(bytes, ENCODING);
  const complete = text === '' || text.endsWith('\n');
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '').map((line) => line.split(';'));
  const header = (lines.shift() ?? []).map((name) => name.trim().toUpperCase());
  const malformed: string[][] = [];
  const records: Array<Record<string, string>> = [];
  for (const fields of lines) {
    if (fields.length !== header.length) {
      malformed.push(fields);
      continue;
    }
    records.push(Object.fromEntries(header.map((name, i) => [name, (fields[i] ?? '').trim()])));
  }
  return { header, records, malformed, complete };
}

/** Why a value cannot go into a file of this family, or undefined when it can. */
export function cannotWrite(value: string): 'SEPARATOR' | 'LINE_BREAK' | 'NOT_WINDOWS_1252' | undefined {
  if (value.includes(';')) return 'SEPARATOR';
  if (/[\r\n]/.test(value)) return 'LINE_BREAK';
  if (iconv.decode(iconv.encode(value, ENCODING), ENCODING) !== value) return 'NOT_WINDOWS_1252';
  return undefined;
}
