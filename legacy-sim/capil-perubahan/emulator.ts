import { todayIn } from '@core/tenants';
import type { FileApp } from '../base/files/file-emulator';
import {
  REASONS, REGISTER_ACTIVE, REQUEST_FIELDS, REQUEST_FILE, RESULT_FIELDS, STATUS_ACCEPTED, STATUS_REJECTED,
  compactDate, dashedDate, resultFileName, type ReasonCode,
} from './format';
import { publishRegisterExport } from './publish';
import { appendRegister, readRegister } from './register';
import { checkRequest, nextAnnotationNumber } from './requests';
import { seedRegister } from './seed';

export interface CapilPerubahanOptions {
  /** Regency whose Dinas runs this instance: the first part of its annotation numbers. */
  regencyCode: string;
  /** The office's clock, for the dates it stamps. */
  timeZone: string;
}

export const CAPIL_PERUBAHAN = 'capil-perubahan';

/**
 * The court-ordered changes application (catalogue #10) as a file app: the batch job (base) hands
 * it each request line; it checks the line, records accepted changes in its register with a new
 * annotation number, and answers with that number or a rejection code. After each run it
 * publishes its register export (./publish.ts).
 */
export function createCapilPerubahanApp(options: CapilPerubahanOptions): FileApp {
  const today = (at: Date) => todayIn(options.timeZone, at);
  const rejected = (reason: ReasonCode, on: string) => [STATUS_REJECTED, '', reason, REASONS[reason], compactDate(on)];
  return {
    id: CAPIL_PERUBAHAN,
    requestFields: REQUEST_FIELDS,
    requestIdField: 'ID_PERMOHONAN',
    resultFields: RESULT_FIELDS,
    isRequestFile: (name) => REQUEST_FILE.test(name),
    resultFileName,
    unreadable: () => rejected('E09', today(new Date())),

    async handle(request, { folders, startedAt }) {
      const on = today(startedAt);
      const register = await readRegister(folders.data);
      // Already recorded by an interrupted run: the same answer, never a second annotation.
      const earlier = register.find((e) => e.ID_PERMOHONAN === request.ID_PERMOHONAN && request.ID_PERMOHONAN !== '');
      if (earlier) return [STATUS_ACCEPTED, earlier.NO_CATATAN, '', 'DICATAT', compactDate(on)];
      const verdict = checkRequest(request, on, register);
      if (!verdict.ok) return rejected(verdict.reason, on);
      const number = nextAnnotationNumber(options.regencyCode, on, register);
      await appendRegister(folders.data, [{
        NO_CATATAN: number,
        ID_PERMOHONAN: request.ID_PERMOHONAN!,
        NIK: request.NIK!,
        KD_JENIS: verdict.type,
        NAMA_LAMA: request.NAMA_LAMA!.toUpperCase(),
        NAMA_BARU: request.NAMA_BARU!.toUpperCase(),
        NIK_AYAH: request.NIK_AYAH!,
        NAMA_AYAH: request.NAMA_AYAH!.toUpperCase(),
        NO_PENETAPAN: request.NO_PENETAPAN!.toUpperCase(),
        NAMA_PN: request.NAMA_PN!.toUpperCase(),
        TGL_PENETAPAN: dashedDate(verdict.courtOrderDate),
        TGL_CATAT: dashedDate(on),
        STATUS: REGISTER_ACTIVE,
        PETUGAS: 'BATCH',
      }]);
      return [STATUS_ACCEPTED, number, '', 'DICATAT', compactDate(on)];
    },

    // Results name annotation numbers: the export shows them before any result does.
    async beforeAnswering({ folders, startedAt }) {
      await publishRegisterExport(folders, today(startedAt));
    },

    async afterRun({ folders, startedAt }) {
      await publishRegisterExport(folders, today(startedAt));
    },

    seed: seedRegister,
  };
}

