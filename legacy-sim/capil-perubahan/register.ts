import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appendDurably } from '../base/files/atomic-file';
import { decodeLines, encodeLines } from '../base/files/csv-1252';
import { REGISTER_FIELDS, REGISTER_FILE } from './format';

/**
 * capil-perubahan's register of annotations: a flat file in its data folder, as this generation
 * of file-exchange apps kept their data (no database server at the Dinas for it). Append-only:
 * a new annotation is a new line; an officer's annulment appends the same NO_CATATAN again with
 * STATUS 'B'. Reading folds the lines, the last one per NO_CATATAN wins. Each append is synced
 * before the batch job journals its answer, and a torn last line (a crash mid-append) is ignored.
 */
export type RegisterEntry = Record<(typeof REGISTER_FIELDS)[number], string>;

export function registerPath(dataDir: string): string {
  return join(dataDir, REGISTER_FILE);
}

export async function readRegister(dataDir: string): Promise<RegisterEntry[]> {
  const bytes = await readFile(registerPath(dataDir)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  });
  const [, ...lines] = decodeLines(bytes).lines;
  const byNumber = new Map<string, RegisterEntry>();
  for (const fields of lines) {
    if (fields.length !== REGISTER_FIELDS.length) continue;
    const entry = Object.fromEntries(REGISTER_FIELDS.map((name, i) => [name, fields[i] ?? ''])) as RegisterEntry;
    byNumber.set(entry.NO_CATATAN, entry);
  }
  return [...byNumber.values()];
}

export async function appendRegister(dataDir: string, entries: readonly RegisterEntry[]): Promise<void> {
  const path = registerPath(dataDir);
  const existing = await readFile(path).catch(() => undefined);
  const lines: string[][] = [];
  if (!existing || existing.length === 0) lines.push([...REGISTER_FIELDS]);
  // After a torn append, start on a fresh line so the new entry is whole.
  const prefix = existing && existing.length > 0 && !existing.toString('latin1').endsWith('\n') ? Buffer.from('\r\n') : Buffer.alloc(0);
  lines.push(...entries.map((entry) => REGISTER_FIELDS.map((name) => entry[name])));
  await appendDurably(path, Buffer.concat([prefix, encodeLines(lines)]));
}
