import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appendDurably } from '../base/files/atomic-file';
import { decodeLines, encodeLines } from '../base/files/csv-1252';
import { REGISTER_FIELDS, REGISTER_FILE, type RegisterEvent } from './format';

/**
 * jemput-bola's register: a flat file in its data folder, one line per event (a schedule line
 * registered or refused, a door outcome, a cancellation), each repeating the visit's fields as
 * they stand after it. NO_URUT numbers the events 1, 2, 3…; the last event of a NO_KUNJUNGAN is
 * where the visit stands. Appends are synced before the batch job journals its answer; a torn
 * last line (a crash mid-append) is ignored.
 */
export function registerPath(dataDir: string): string {
  return join(dataDir, REGISTER_FILE);
}

export async function readEvents(dataDir: string): Promise<RegisterEvent[]> {
  const bytes = await readFile(registerPath(dataDir)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  });
  const [, ...lines] = decodeLines(bytes).lines;
  return lines.filter((fields) => fields.length === REGISTER_FIELDS.length).map((fields) => Object.fromEntries(REGISTER_FIELDS.map((name, i) => [name, fields[i] ?? ''])) as RegisterEvent);
}

/** Where each visit stands: its last event, by visit number. */
export function currentVisits(events: readonly RegisterEvent[]): Map<string, RegisterEvent> {
  const byNumber = new Map<string, RegisterEvent>();
  for (const event of events) byNumber.set(event.NO_KUNJUNGAN, event);
  return byNumber;
}

/** Appends events, numbering them after the last one; returns them as written. */
export async function appendEvents(dataDir: string, events: ReadonlyArray<Omit<RegisterEvent, 'NO_URUT'>>, known?: readonly RegisterEvent[]): Promise<RegisterEvent[]> {
  const path = registerPath(dataDir);
  const existing = await readFile(path).catch(() => undefined);
  const before = known ?? (await readEvents(dataDir));
  let last = before.reduce((max, e) => Math.max(max, Number(e.NO_URUT) || 0), 0);
  const numbered = events.map((e) => ({ ...e, NO_URUT: String((last += 1)) }) as RegisterEvent);
  const lines: string[][] = [];
  if (!existing || existing.length === 0) lines.push([...REGISTER_FIELDS]);
  // After a torn append, start on a fresh line so the new event is whole.
  const prefix = existing && existing.length > 0 && !existing.toString('latin1').endsWith('\n') ? Buffer.from('\r\n') : Buffer.alloc(0);
  lines.push(...numbered.map((event) => REGISTER_FIELDS.map((name) => event[name])));
  await appendDurably(path, Buffer.concat([prefix, encodeLines(lines)]));
  return numbered;
}
