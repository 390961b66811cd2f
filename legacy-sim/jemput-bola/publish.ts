import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../base/files/atomic-file';
import { encodeLines } from '../base/files/csv-1252';
import { EXPORT_FIELDS, EXPORT_FILE, EXPORT_TRAILER, RESULTS_FIELDS, STATUS, compactDate, parseDashedDate, resultsFileName } from './format';
import { readEvents } from './register';

/**
 * What the batch job publishes in its outbox after every run:
 * - the whole register as one export (REKAP_KUNJUNGAN.TXT), as file-exchange apps of its time fed
 *   other offices: every event, dates 'DDMMYYYY' and the time apart as 'HHMM', then a trailer
 *   'TRL;<count>;<DDMMYYYY>;<last NO_URUT>' that tells a whole export from one cut short;
 * - the kelurahan's results file (HASIL_<serial>.TXT): the door outcomes recorded since the last
 *   one, when there are any. Where it got to is kept in data/HASIL.SEQ.
 */
const SEQ_FILE = 'HASIL.SEQ';

export async function publishExport(folders: { data: string; outbox: string }, today: string): Promise<void> {
  const events = await readEvents(folders.data);
  const lines = events.map((e) => {
    const [date = '', time = ''] = e.TGL_STATUS.split(' ');
    const statusDate = parseDashedDate(date);
    const planned = parseDashedDate(e.TGL_RENCANA);
    return EXPORT_FIELDS.map((name) => {
      if (name === 'TGL_RENCANA') return planned ? compactDate(planned) : e.TGL_RENCANA;
      if (name === 'TGL_STATUS') return statusDate ? compactDate(statusDate) : date;
      if (name === 'JAM_STATUS') return time.replace(':', '');
      return e[name];
    });
  });
  const last = events.at(-1)?.NO_URUT ?? '0';
  await writeFileAtomic(join(folders.outbox, EXPORT_FILE), encodeLines([[...EXPORT_FIELDS], ...lines, [EXPORT_TRAILER, String(lines.length), compactDate(today), last]]));
}

export async function publishResults(folders: { data: string; outbox: string }): Promise<string | undefined> {
  const seqPath = join(folders.data, SEQ_FILE);
  const [lastPublished = 0, serial = 0] = (await readFile(seqPath, 'utf8').catch(() => '0;0')).split(';').map(Number);
  const events = await readEvents(folders.data);
  const outcomes = events.filter((e) => Number(e.NO_URUT) > lastPublished && (e.STATUS === STATUS.LAYANI || e.STATUS === STATUS.TIDAK_DI_RUMAH || e.STATUS === STATUS.ULANG));
  const newest = events.at(-1)?.NO_URUT ?? String(lastPublished);
  if (outcomes.length === 0) {
    await writeFile(seqPath, `${newest};${serial}`);
    return undefined;
  }
  const name = resultsFileName(serial + 1);
  const lines = outcomes.map((e) => [e.NO_KUNJUNGAN, e.NIK, e.KD_KEL, e.TGL_STATUS.slice(0, 10), e.STATUS, e.STATUS === STATUS.ULANG ? e.TGL_RENCANA : '', e.PETUGAS, e.KETERANGAN]);
  await writeFileAtomic(join(folders.outbox, name), encodeLines([[...RESULTS_FIELDS], ...lines]));
  await writeFile(seqPath, `${newest};${serial + 1}`);
  return name;
}
