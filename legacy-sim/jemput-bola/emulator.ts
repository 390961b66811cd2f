import { localDateTimeIn, todayIn } from '@core/tenants';
import type { FileApp } from '../base/files/file-emulator';
import { REASONS, REQUEST_FIELDS, REQUEST_FILE, RESULT_FIELDS, STATUS, compactDate, dashedDate, dashedStamp, resultFileName, type ReasonCode } from './format';
import { publishExport, publishResults } from './publish';
import { appendEvents, currentVisits, readEvents } from './register';
import { checkLine, nextVisitNumber } from './schedule';
import { seedVisits } from './seed';

export interface JemputBolaOptions {
  /** Regency whose Dinas runs this instance: the kelurahan it serves and its visit numbers. */
  regencyCode: string;
  /** The office's clock, for the dates it stamps. */
  timeZone: string;
}

export const JEMPUT_BOLA = 'jemput-bola';

/**
 * The outreach application (catalogue #21) as a file app: the batch job (base) hands it each line
 * of a weekly schedule; it checks the line and registers it — a visit number and status J, or a
 * rejection (status X with its code) — and answers. After each run it publishes its register
 * export and, when the team recorded door outcomes, a results file (./publish.ts).
 */
export function createJemputBolaApp(options: JemputBolaOptions): FileApp {
  const today = (at: Date) => todayIn(options.timeZone, at);
  return {
    id: JEMPUT_BOLA,
    requestFields: REQUEST_FIELDS,
    requestIdField: 'ID_KUNJUNGAN',
    resultFields: RESULT_FIELDS,
    isRequestFile: (name) => REQUEST_FILE.test(name),
    resultFileName,
    unreadable: () => ['0', '', 'A09', compactDate(today(new Date()))],

    async handle(line, { folders, startedAt }) {
      const on = today(startedAt);
      const events = await readEvents(folders.data);
      // Registered already (an interrupted run, or the same line sent again): the same answer.
      const earlier = line.ID_KUNJUNGAN ? events.find((e) => e.ID_KUNJUNGAN === line.ID_KUNJUNGAN) : undefined;
      if (earlier) return earlier.STATUS === STATUS.TOLAK ? ['0', earlier.NO_KUNJUNGAN, earlier.KD_ALASAN, compactDate(on)] : ['1', earlier.NO_KUNJUNGAN, '', compactDate(on)];
      const verdict = checkLine(line, on, options.regencyCode, [...currentVisits(events).values()]);
      const number = nextVisitNumber(options.regencyCode, on, events);
      const reason: ReasonCode | '' = verdict.ok ? '' : verdict.reason;
      await appendEvents(folders.data, [{
        NO_KUNJUNGAN: number,
        ID_KUNJUNGAN: line.ID_KUNJUNGAN!,
        NIK: line.NIK!,
        NAMA: (line.NAMA ?? '').toUpperCase(),
        KD_KEL: line.KD_KEL!,
        ALAMAT: (line.ALAMAT ?? '').toUpperCase(),
        KD_LAYANAN: (line.KD_LAYANAN ?? '').toUpperCase(),
        KD_SASARAN: (line.KD_SASARAN ?? '').toUpperCase(),
        TGL_RENCANA: verdict.ok ? dashedDate(verdict.plannedOn) : line.TGL_RENCANA ?? '',
        STATUS: verdict.ok ? STATUS.JADWAL : STATUS.TOLAK,
        KD_ALASAN: reason,
        TGL_STATUS: dashedStamp(localDateTimeIn(options.timeZone, startedAt)),
        PETUGAS: 'BATCH',
        KETERANGAN: reason ? REASONS[reason] : '',
      }], events);
      return verdict.ok ? ['1', number, '', compactDate(on)] : ['0', number, reason, compactDate(on)];
    },

    // Results name visit numbers: the export shows them before any result does.
    async beforeAnswering({ folders, startedAt }) {
      await publishExport(folders, today(startedAt));
    },

    async afterRun({ folders, startedAt }) {
      await publishResults(folders);
      await publishExport(folders, today(startedAt));
    },

    seed: (folders, world) => seedVisits(folders, world),
  };
}
