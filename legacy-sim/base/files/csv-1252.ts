import iconv from 'iconv-lite';

/**
 * The file family's text format, as the legacy apps write it: Windows-1252 bytes, fields separated
 * by ';' with no quoting (a ';' inside a value cannot be written at all), lines ended by CRLF.
 * The first line of a request or result file is the header naming the fields.
 */
export const ENCODING = 'windows-1252';
export const SEPARATOR = ';';
export const LINE_END = '\r\n';

/** Lines to bytes. Characters Windows-1252 lacks become '?', as the old apps' writers did. */
export function encodeLines(lines: readonly (readonly string[])[]): Buffer {
  return iconv.encode(lines.map((fields) => fields.join(SEPARATOR) + LINE_END).join(''), ENCODING);
}

export interface DecodedFile {
  lines: string[][];
  /** False when the last line has no line end: the file was cut short (a torn append). */
  complete: boolean;
}

/** Bytes to lines. Accepts LF as well as CRLF (files edited by hand); skips blank lines. */
export function decodeLines(bytes: Buffer): DecodedFile {
  const text = iconv.decode(bytes, ENCODING);
  const complete = text === '' || text.endsWith('\n');
  const raw = text.split(/\r?\n/);
  if (!complete) raw.pop();
  return { lines: raw.filter((line) => line.trim() !== '').map((line) => line.split(SEPARATOR)), complete };
}
