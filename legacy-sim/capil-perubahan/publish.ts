import { join } from 'node:path';
import { writeFileAtomic } from '../base/files/atomic-file';
import { encodeLines } from '../base/files/csv-1252';
import { EXPORT_FIELDS, EXPORT_FILE, EXPORT_TRAILER, compactDate, parseDashedDate } from './format';
import { readRegister } from './register';

/**
 * After every batch run the app publishes its whole register as one export file in its outbox,
 * as file-exchange apps of its time fed other offices: other systems read the annotations of any
 * number of residents from that one file. Dates in the export are 'DDMMYYYY' (unlike the register).
 * Written atomically, with a trailer line carrying the count and the day of the export.
 */
export async function publishRegisterExport(folders: { data: string; outbox: string }, today: string): Promise<number> {
  const entries = await readRegister(folders.data);
  const compact = (dashed: string) => {
    const iso = parseDashedDate(dashed);
    return iso ? compactDate(iso) : dashed;
  };
  const lines = entries.map((e) => EXPORT_FIELDS.map((name) => (name === 'TGL_PENETAPAN' || name === 'TGL_CATAT' ? compact(e[name]) : e[name])));
  await writeFileAtomic(join(folders.outbox, EXPORT_FILE), encodeLines([[...EXPORT_FIELDS], ...lines, [EXPORT_TRAILER, String(lines.length), compactDate(today)]]));
  return lines.length;
}
