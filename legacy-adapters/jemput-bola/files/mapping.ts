import { createHash } from 'node:crypto';
import { badUserInput } from '@core/errors';
import type { RequestStatus, ServiceKind, StatusChange } from '@core/domain/services';
import { cannotWrite } from '../../base/files/codec';
import type { OutreachReason, OutreachVisit, VisitOutcome, VisitRejection, VisitRequest } from '../port';

/**
 * jemput-bola's files to domain values and back. Everything legacy stops here: file names, field
 * lists, kelurahan codes without dots, '+'-joined three-letter service codes, letter statuses
 * (J U L T B X), A-codes, 'DD-MM-YYYY' in schedules but 'DDMMYYYY' + 'HHMM' in the export, and
 * what the format cannot carry.
 */
export const REQUEST_FIELDS = ['ID_KUNJUNGAN', 'NIK', 'NAMA', 'KD_KEL', 'ALAMAT', 'TGL_RENCANA', 'KD_LAYANAN', 'KD_SASARAN', 'NO_HP'] as const;
export const EXPORT_FILE = 'REKAP_KUNJUNGAN.TXT';
const EXPORT_FIELD_COUNT = 14;

const SERVICES: Record<string, ServiceKind> = { REK: 'FIRST_ID_CARD', KTP: 'ID_CARD_REPLACEMENT', KK: 'FAMILY_CARD_CHANGE', IKD: 'DIGITAL_ID_ACTIVATION', AKM: 'DEATH_REGISTRATION', KIA: 'CHILD_ID_CARD' };
const REASONS: Record<string, OutreachReason> = { L: 'ELDERLY', S: 'SICK', D: 'DISABLED' };
const STATUSES: Record<string, RequestStatus> = { J: 'SUBMITTED', U: 'SUBMITTED', L: 'COMPLETED', T: 'CANCELLED', B: 'CANCELLED', X: 'REJECTED' };
const OUTCOMES: Record<string, VisitOutcome> = { L: 'SERVED', T: 'NOT_AT_HOME', U: 'RESCHEDULED', B: 'CALLED_OFF' };
const REJECTIONS: Record<string, VisitRejection> = { A01: 'INVALID_NIK', A02: 'OUTSIDE_SERVICE_AREA', A03: 'INVALID_DATE', A04: 'UNKNOWN_SERVICE', A05: 'UNKNOWN_REASON', A06: 'DAY_FULL', A07: 'ALREADY_SCHEDULED', A09: 'MALFORMED' };

/** The line id (ID_KUNJUNGAN) for a caller's reference: fixed length, in the format's alphabet. */
export function requestIdFor(reference: string): string {
  return `G${createHash('sha256').update(reference).digest('hex').slice(0, 19).toUpperCase()}`;
}

/** One schedule file per submission: named after its first line, so a retry finds it. */
export function scheduleFileName(firstRequestId: string): string {
  return `JADWAL_${firstRequestId}.CSV`;
}

export function decodeServices(codes: string | undefined): ServiceKind[] {
  return (codes ?? '').toUpperCase().split('+').map((c) => SERVICES[c.trim()]).filter((s): s is ServiceKind => s !== undefined);
}

export function encodeServices(services: readonly ServiceKind[]): string {
  if (services.length === 0) throw badUserInput('services', 'NO_SERVICE', 'A visit is for at least one service.');
  return services.map((s) => {
    const code = Object.entries(SERVICES).find(([, kind]) => kind === s)?.[0];
    if (!code) throw badUserInput('services', 'NOT_OFFERED_AT_HOME', `The outreach team does not offer ${s} at home.`);
    return code;
  }).join('+');
}

export const decodeReason = (code: string | undefined): OutreachReason | null => REASONS[(code ?? '').trim().toUpperCase()] ?? null;
export const encodeReason = (reason: OutreachReason): string => Object.entries(REASONS).find(([, r]) => r === reason)![0];
export const decodeStatus = (code: string | undefined): RequestStatus | null => STATUSES[(code ?? '').trim().toUpperCase()] ?? null;
export const decodeRejection = (code: string | undefined): VisitRejection => REJECTIONS[(code ?? '').trim().toUpperCase()] ?? 'OTHER';

/** 'DDMMYYYY' (or 'DD-MM-YYYY') to ISO; null when blank or not a real date. */
export function isoDate(text: string | undefined): string | null {
  const m = /^(\d{2})-?(\d{2})-?(\d{4})$/.exec((text ?? '').trim());
  if (!m) return null;
  const iso = `${m[3]}-${m[2]}-${m[1]}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null;
}

/** Export 'DDMMYYYY' + 'HHMM' to 'YYYY-MM-DDTHH:mm:00'. */
export function isoDateTime(date: string | undefined, time: string | undefined): string | null {
  const day = isoDate(date);
  const m = /^([01]\d|2[0-3])([0-5]\d)$/.exec((time ?? '').trim());
  return day && m ? `${day}T${m[1]}:${m[2]}:00` : day && `${day}T00:00:00`;
}

export function dottedKelurahan(code: string | undefined): string | null {
  const c = (code ?? '').trim();
  return /^\d{10}$/.test(c) ? `${c.slice(0, 2)}.${c.slice(2, 4)}.${c.slice(4, 6)}.${c.slice(6)}` : null;
}

const blank = (text: string | undefined) => {
  const t = (text ?? '').replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
};

/** One export event as a step of the timeline. */
export function toStatusChange(event: Record<string, string>): StatusChange | null {
  const status = decodeStatus(event.STATUS);
  if (!status) return null;
  const code = (event.STATUS ?? '').toUpperCase();
  const planned = isoDate(event.TGL_RENCANA);
  const note = code === 'U' ? [`RESCHEDULED TO ${planned ?? '?'}`, blank(event.KETERANGAN)].filter(Boolean).join(': ')
    : code === 'T' ? [`NOT AT HOME`, blank(event.KETERANGAN)].filter(Boolean).join(': ')
      : blank(event.KETERANGAN);
  const by = blank(event.PETUGAS);
  return { status, at: isoDateTime(event.TGL_STATUS, event.JAM_STATUS) ?? '', note, by: by === 'BATCH' ? null : by };
}

/** A visit from its events (oldest first). */
export function toVisit(events: ReadonlyArray<Record<string, string>>): OutreachVisit {
  const first = events[0]!;
  const last = events.at(-1)!;
  const services = decodeServices(last.KD_LAYANAN);
  const code = (last.STATUS ?? '').toUpperCase();
  return {
    visitNumber: last.NO_KUNJUNGAN ?? '',
    applicantNik: (last.NIK ?? '').trim(),
    serviceKind: decodeServices((last.KD_LAYANAN ?? '').split('+')[0])[0] ?? null,
    services,
    channel: 'OFFLINE',
    servicePoint: { kind: 'OUTREACH', id: dottedKelurahan(last.KD_KEL) },
    reason: decodeReason(last.KD_SASARAN),
    plannedDate: isoDate(last.TGL_RENCANA),
    status: decodeStatus(code),
    outcome: OUTCOMES[code] ?? null,
    submittedAt: isoDateTime(first.TGL_STATUS, first.JAM_STATUS),
    rejection: code === 'X' ? decodeRejection(last.KD_ALASAN) : null,
    timeline: events.map(toStatusChange).filter((c): c is StatusChange => c !== null),
  };
}

/** A value for a schedule line, or BAD_USER_INPUT naming the argument when the format cannot carry it. */
export function writable(argument: string, value: string | null | undefined): string {
  const text = (value ?? '').replace(/\s+/g, ' ').trim();
  const problem = cannotWrite(text);
  if (problem === 'NOT_WINDOWS_1252') throw badUserInput(argument, problem, `${argument} contains characters the application cannot store (it accepts Latin letters, including accented ones).`);
  if (problem) throw badUserInput(argument, problem, `${argument} may not contain ';' or line breaks.`);
  return text;
}

export function toScheduleLine(request: VisitRequest): string[] {
  if (!/^\d{16}$/.test(request.nik)) throw badUserInput('nik', 'INVALID_NIK', 'A NIK is 16 digits.');
  if (!/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/.test(request.kelurahanCode)) throw badUserInput('kelurahanCode', 'INVALID_REGION', 'The kelurahan is a dotted code like 36.74.01.1001.');
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(request.plannedDate);
  if (!m) throw badUserInput('plannedDate', 'INVALID_DATE', 'The planned date is an ISO date YYYY-MM-DD.');
  return [
    requestIdFor(request.reference),
    request.nik,
    writable('name', request.name),
    request.kelurahanCode.replace(/\./g, ''),
    writable('address', request.address),
    `${m[3]}-${m[2]}-${m[1]}`,
    encodeServices(request.services),
    encodeReason(request.reason),
    writable('phone', request.phone),
  ];
}

/** The export is whole: its header, and a trailer whose count matches. Returns why not, or undefined. */
export function exportProblem(parsed: { header: string[]; records: unknown[]; malformed: string[][]; complete: boolean }): string | undefined {
  if (parsed.header.length !== EXPORT_FIELD_COUNT || parsed.header[0] !== 'NO_URUT') return 'unexpected export header';
  const trailer = parsed.malformed.find((fields) => fields[0] === 'TRL');
  if (!parsed.complete || !trailer) return 'export has no trailer (cut short?)';
  if (Number(trailer[1]) !== parsed.records.length) return `export trailer counts ${trailer[1]} lines, ${parsed.records.length} read`;
  return undefined;
}

/** Feed cursors: 'jemput-bola:<NO_URUT>'. */
export function cursorFor(sequence: number): string {
  return `jemput-bola:${sequence}`;
}

export function sequenceOf(cursor: string | null): number {
  if (cursor === null) return 0;
  const m = /^jemput-bola:(\d{1,12})$/.exec(cursor);
  if (!m) throw badUserInput('cursor', 'INVALID_CURSOR', 'This cursor was not given by the outreach feed; start again without one.');
  return Number(m[1]);
}
