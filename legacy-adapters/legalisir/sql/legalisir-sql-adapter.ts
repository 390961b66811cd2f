import type { Knex } from 'knex';
import type { Deadline } from '@core/deadline';
import { checkNik } from '@core/domain/nik';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { localDateTimeIn } from '@core/tenants';
import { isoDate, isoDateTime } from '@adapters/siak/sql/mapping';
import { decodeCursor, encodeCursor, legacyStamp } from '../../base/sql/cursors';
import { registerDeedOnce } from '../../base/sql/register-once';
import type { SqlLegacyClient } from '../../base/sql/sql-client';
import {
  LEGALISED_DOCUMENTS, MAX_COPIES,
  type ChangeBatch, type DocumentCheck, type LegalisationRequest, type LegalisationStatusUpdate, type LegalisationSubmission, type LegalisedDocument,
  type LegalisirPort, type RecordedChange, type StatusCounts, type SubmittedRequest, type UpdatedRequest, type WorklistFilter, type WorklistPage, type WorklistQuery,
} from '../port';
import {
  ALLOWED_FROM, LGS_COLUMNS, STEPS, decodeSource, decodeStatus, documentCode, requestPrefix, statusLetter, stepsOf, toLegalisationRequest, toLgsValues, type LgsRow,
} from './mapping';

/** Where this app runs: the regency whose requests it numbers, and its clock. */
export interface LegalisirSite {
  /** Dotted regency code, e.g. '36.74': part of every request number. */
  regencyCode: string;
  /** The app stamps local wall-clock time, e.g. 'Asia/Jakarta'. */
  timeZone: string;
  /** How old a step must be before changesSince hands it out (ms; the current second always waits). */
  changeSettleMs: number;
}

const APP = 'legalisir';
const T = 'LGS_PERMOHONAN';
const REF = 'LGS_REF_DOKUMEN';
const MAX_PAGE = 100;
const MAX_CHANGES = 500;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.:-]{0,63}$/;
const OFFICER = /^[A-Za-z0-9._-]{1,30}$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const STAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
/** Source letters by channel and by service point. */
const SOURCE_OF_CHANNEL: Record<string, string> = { OFFLINE: 'L', ONLINE: 'O' };
const SOURCE_OF_POINT: Record<string, string> = { DINAS: 'L', ONLINE_PORTAL: 'O' };
/** The step date column each status stamps. */
const STEP_COLUMN: Record<string, string> = Object.fromEntries(STEPS.map(([letter, column]) => [letter, column]));

type WorklistCursor = [string, number];
const isWorklistCursor = (p: unknown[]): p is WorklistCursor => p.length === 2 && typeof p[0] === 'string' && STAMP.test(p[0]) && Number.isSafeInteger(p[1]);
type ChangeCursor = [string];
const isChangeCursor = (p: unknown[]): p is ChangeCursor => p.length === 1 && typeof p[0] === 'string' && STAMP.test(p[0]);

function validateSubmission(s: LegalisationSubmission): void {
  const bad = (argument: string, message: string) => badUserInput(argument, 'INVALID', message);
  if (!REFERENCE.test(s.clientReference)) throw bad('clientReference', 'clientReference must be 1-64 letters, digits or / _ . : -');
  if (s.channel !== 'ONLINE' && s.channel !== 'OFFLINE') throw bad('channel', 'channel must be ONLINE or OFFLINE.');
  const nik = checkNik(s.applicantNik);
  if (!nik.ok) throw badUserInput('applicantNik', nik.problem, nik.message);
  const name = s.applicantName.replace(/\s+/g, ' ').trim();
  if (name === '' || name.length > 80) throw bad('applicantName', 'applicantName must be 1-80 characters.');
  if (!(LEGALISED_DOCUMENTS as readonly string[]).includes(s.document.kind)) throw badUserInput('document.kind', 'UNKNOWN_DOCUMENT', `document.kind must be one of ${LEGALISED_DOCUMENTS.join(', ')}.`);
  if (!/^[A-Za-z0-9/.\- ]{1,40}$/.test(s.document.number.trim())) throw bad('document.number', 'document.number must be 1-40 letters, digits or / . -');
  if (!ISO_DAY.test(s.document.issuedOn) || isoDate(s.document.issuedOn) === null) throw badUserInput('document.issuedOn', 'INVALID_DATE', 'document.issuedOn must be an ISO date.');
  if (!Number.isInteger(s.copies) || s.copies < 1 || s.copies > MAX_COPIES) throw badUserInput('copies', 'TOO_MANY_COPIES', `The office stamps 1 to ${MAX_COPIES} copies per request.`);
}

/** The legalisation app through its own tables: one statement per read, whatever the number of keys. */
export class LegalisirSqlAdapter implements LegalisirPort {
  constructor(
    private readonly sql: SqlLegacyClient,
    private readonly site: LegalisirSite,
  ) {}

  private select(query: Knex.QueryBuilder): Knex.QueryBuilder {
    return query.select(LGS_COLUMNS.map((c) => `D.${c}`));
  }

  private async lookup(column: 'NO_PERMOHONAN' | 'REF_GERBANG' | 'NIK_PEMOHON', keys: readonly string[], deadline: Deadline): Promise<LegalisationRequest[]> {
    const wanted = [...new Set(keys.map((k) => k.trim()).filter((k) => k !== ''))];
    if (wanted.length === 0) return [];
    const rows = await this.sql.query<LgsRow>(this.select(this.sql.db({ D: T })).whereIn(`D.${column}`, wanted).orderBy([{ column: 'D.TGL_MASUK', order: 'desc' }, { column: 'D.ID', order: 'desc' }]), deadline);
    return rows.map(toLegalisationRequest);
  }

  async requestsByNumber(requestNumbers: readonly string[], deadline: Deadline): Promise<Map<string, LegalisationRequest>> {
    return new Map((await this.lookup('NO_PERMOHONAN', requestNumbers, deadline)).map((r) => [r.requestNumber, r]));
  }

  async requestsByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, LegalisationRequest>> {
    return new Map((await this.lookup('REF_GERBANG', references, deadline)).map((r) => [r.reference!, r]));
  }

  async requestsByApplicant(niks: readonly string[], deadline: Deadline): Promise<Map<string, LegalisationRequest[]>> {
    const found = new Map<string, LegalisationRequest[]>();
    for (const request of await this.lookup('NIK_PEMOHON', niks, deadline)) found.set(request.applicantNik, [...(found.get(request.applicantNik) ?? []), request]);
    return found;
  }

  async checkDocument(kind: LegalisedDocument, issuedOn: string, deadline: Deadline): Promise<DocumentCheck> {
    if (!(LEGALISED_DOCUMENTS as readonly string[]).includes(kind)) throw badUserInput('kind', 'UNKNOWN_DOCUMENT', `kind must be one of ${LEGALISED_DOCUMENTS.join(', ')}.`);
    if (!ISO_DAY.test(issuedOn) || isoDate(issuedOn) === null) throw badUserInput('issuedOn', 'INVALID_DATE', 'issuedOn must be an ISO date.');
    const [type] = await this.sql.query<{ TTE_SEJAK: string | Date | null }>(this.sql.db({ R: REF }).select('R.TTE_SEJAK').where('R.KD_DOK', documentCode(kind)), deadline);
    if (!type) return { legalisable: false, reason: 'UNKNOWN_DOCUMENT', eSignedSince: null };
    const since = isoDate(type.TTE_SEJAK);
    const signed = since !== null && issuedOn >= since;
    return { legalisable: !signed, reason: signed ? 'E_SIGNED' : null, eSignedSince: since };
  }

  /** The filter's conditions; false when it can match nothing (a status, service or source the app does not have). */
  private filtered(query: Knex.QueryBuilder, filter: WorklistFilter): boolean {
    const letters = (list: readonly string[], table: Record<string, string>) => [...new Set(list.flatMap((v) => table[v] ?? []))];
    if (filter.services !== undefined && !filter.services.includes('LEGALISATION')) return false;
    for (const sources of [filter.channels && letters(filter.channels, SOURCE_OF_CHANNEL), filter.servicePoints && letters(filter.servicePoints, SOURCE_OF_POINT)]) {
      if (sources === undefined) continue;
      if (sources.length === 0) return false;
      query.whereIn('D.SUMBER', sources);
    }
    if (filter.statuses !== undefined) {
      const wanted = filter.statuses.flatMap((s) => statusLetter(s) ?? []);
      if (wanted.length === 0) return false;
      query.whereIn('D.STATUS', wanted);
    }
    if (filter.submittedFrom !== undefined) query.where('D.TGL_MASUK', '>=', legacyStamp(filter.submittedFrom, 'submittedFrom'));
    if (filter.submittedBefore !== undefined) query.where('D.TGL_MASUK', '<', legacyStamp(filter.submittedBefore, 'submittedBefore'));
    return true;
  }

  async worklist(query: WorklistQuery, deadline: Deadline): Promise<WorklistPage> {
    if (!Number.isInteger(query.first) || query.first < 1 || query.first > MAX_PAGE) throw badUserInput('first', 'INVALID_PAGE_SIZE', `first must be 1-${MAX_PAGE}.`);
    const page = this.select(this.sql.db({ D: T }));
    if (!this.filtered(page, query)) return { requests: [], endCursor: null, hasNextPage: false };
    if (query.after !== undefined) {
      const [at, id] = decodeCursor(query.after, 'legalisir-worklist', 'after', isWorklistCursor);
      page.where((w) => w.where('D.TGL_MASUK', '>', at).orWhere((same) => same.where('D.TGL_MASUK', at).andWhere('D.ID', '>', id)));
    }
    // One row more than asked says whether there is a next page.
    const rows = await this.sql.query<LgsRow>(page.orderBy([{ column: 'D.TGL_MASUK' }, { column: 'D.ID' }]).limit(query.first + 1), deadline);
    const shown = rows.slice(0, query.first);
    const last = shown.at(-1);
    return {
      requests: shown.map(toLegalisationRequest),
      endCursor: last ? encodeCursor('legalisir-worklist', isoDateTime(last.TGL_MASUK)!.replace('T', ' '), Number(last.ID)) : null,
      hasNextPage: rows.length > query.first,
    };
  }

  async countByStatus(filter: Omit<WorklistFilter, 'statuses'>, deadline: Deadline): Promise<StatusCounts> {
    const counts: StatusCounts = { byStatus: {}, unknown: 0, total: 0 };
    const query = this.sql.db({ D: T }).select(this.sql.db.raw('UPPER(TRIM(D.STATUS)) AS letter'), this.sql.db.raw('COUNT(*) AS n')).groupBy(this.sql.db.raw('UPPER(TRIM(D.STATUS))'));
    if (!this.filtered(query, filter)) return counts;
    for (const row of await this.sql.query<{ letter: string | null; n: number | string }>(query, deadline)) {
      const n = Number(row.n);
      const status = decodeStatus(row.letter);
      if (status) counts.byStatus[status] = (counts.byStatus[status] ?? 0) + n;
      else counts.unknown += n;
      counts.total += n;
    }
    return counts;
  }

  /** Steps up to here are settled: older than the settle time, and never in the current second (more may still come in it). */
  private settledUntil(): string {
    return localDateTimeIn(this.site.timeZone, new Date(Date.now() - Math.max(this.site.changeSettleMs, 1_000)));
  }

  async changesSince(cursor: string | null, limit: number, deadline: Deadline): Promise<ChangeBatch> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CHANGES) throw badUserInput('limit', 'INVALID_LIMIT', `limit must be 1-${MAX_CHANGES}.`);
    const [after] = cursor === null ? ['0000-01-01 00:00:00'] : decodeCursor(cursor, 'legalisir-changes', 'cursor', isChangeCursor);
    const until = this.settledUntil();
    if (until <= after) return { changes: [], cursor: encodeCursor('legalisir-changes', after) };
    // The app has no history table, only a date per step. The cursor is a moment: every step at or
    // before it was handed out. A row's first step after the cursor (steps happen in the order of
    // STEPS) orders the rows; TGL_UBAH, its latest step, finds them by index.
    const nextStep = `CASE ${STEPS.map(() => 'WHEN ?? > ? THEN ??').join(' ')} END`;
    const nextBindings = STEPS.flatMap(([, column]) => [`D.${column}`, after, `D.${column}`]);
    const fetch = (upTo: Knex.Raw | string, exactly: boolean, rowLimit?: number) => {
      const query = this.select(this.sql.db({ D: T }))
        .select(this.sql.db.raw(`${nextStep} AS NEXT_STEP`, nextBindings))
        .where('D.TGL_UBAH', '>', after)
        .whereRaw(`${nextStep} ${exactly ? '=' : '<='} ?`, [...nextBindings, upTo])
        .orderBy([{ column: 'NEXT_STEP' }, { column: 'D.ID' }]);
      return this.sql.query<LgsRow & { NEXT_STEP: string | Date }>(rowLimit === undefined ? query : query.limit(rowLimit), deadline);
    };
    let rows = await fetch(until, false, limit);
    // A full batch ends at its last row's step: steps of that very second in rows not fetched yet
    // would be skipped if the cursor went past it, so the batch ends just before that second; when
    // the whole batch is in one second, that second is fetched whole (one more statement).
    let end = until;
    if (rows.length === limit) {
      const first = isoDateTime(rows[0]!.NEXT_STEP)!.replace('T', ' ');
      const last = isoDateTime(rows.at(-1)!.NEXT_STEP)!.replace('T', ' ');
      if (first === last) rows = await fetch(last, true);
      end = first === last ? last : secondBefore(last);
    }
    const changes: RecordedChange[] = [];
    for (const row of rows) {
      const { servicePoint } = decodeSource(row.SUMBER);
      for (const step of stepsOf(row)) {
        const at = step.at.replace('T', ' ');
        if (at <= after || at > end) continue;
        const { letter, ...change } = step;
        changes.push({ changeId: `${row.NO_PERMOHONAN.trim()}#${letter}`, requestNumber: row.NO_PERMOHONAN.trim(), servicePoint, applicantNik: row.NIK_PEMOHON.trim(), change });
      }
    }
    changes.sort((a, b) => (a.change.at < b.change.at ? -1 : a.change.at > b.change.at ? 1 : 0));
    return { changes, cursor: encodeCursor('legalisir-changes', end) };
  }

  async latestCursor(_deadline: Deadline): Promise<string> {
    return encodeCursor('legalisir-changes', this.settledUntil());
  }

  async submitRequest(submission: LegalisationSubmission, deadline: Deadline): Promise<SubmittedRequest> {
    validateSubmission(submission);
    // The app's entry screen checks its document table first and writes nothing for an e-signed document.
    const check = await this.checkDocument(submission.document.kind, submission.document.issuedOn, deadline);
    if (check.reason === 'E_SIGNED') {
      throw new GerbangError(ErrorCode.CONFLICT, `This document carries an electronic signature (TTE): its printout is valid as it is and needs no legalisation.`, {
        app: APP, reason: 'DOCUMENT_E_SIGNED', documentKind: submission.document.kind, eSignedSince: check.eSignedSince,
      });
    }
    if (check.reason === 'UNKNOWN_DOCUMENT') {
      throw new GerbangError(ErrorCode.CONFLICT, 'The legalisation office does not take this kind of document.', { app: APP, reason: 'DOCUMENT_NOT_TAKEN', documentKind: submission.document.kind });
    }
    const stamp = localDateTimeIn(this.site.timeZone);
    const values = toLgsValues(submission, stamp);
    // Numbered per day by the app; the reference column is unique. No "one per person" rule: the
    // reference stands in for the person.
    const outcome = await registerDeedOnce<LgsRow & Record<string, unknown>>(
      this.sql,
      {
        table: T, numberColumn: 'NO_PERMOHONAN', numberPrefix: requestPrefix(this.site.regencyCode, stamp.slice(0, 10)),
        referenceColumn: 'REF_GERBANG', reference: submission.clientReference, personColumn: 'REF_GERBANG', person: submission.clientReference, values,
      },
      (query) => this.select(query),
      deadline,
    );
    const request = toLegalisationRequest(outcome.row);
    if (outcome.kind !== 'created' && (request.applicantNik !== values.NIK_PEMOHON || outcome.row.KD_DOK !== values.KD_DOK || request.document.number !== values.NO_DOK)) {
      throw new GerbangError(ErrorCode.CONFLICT, 'This reference was already used for another request.', { argument: 'clientReference', reason: 'REFERENCE_IN_USE' });
    }
    return { request, created: outcome.kind === 'created' };
  }

  async updateStatus(update: LegalisationStatusUpdate, deadline: Deadline): Promise<UpdatedRequest> {
    const from = ALLOWED_FROM[update.status];
    if (!from) throw badUserInput('status', 'NOT_A_LEGALISATION_STATUS', 'status must be VERIFYING, READY, COMPLETED or REJECTED.');
    if (!OFFICER.test(update.officer)) throw badUserInput('officer', 'INVALID', 'officer must be the officer\'s user name in the app (1-30 letters, digits or . _ -).');
    const note = update.note?.replace(/\s+/g, ' ').trim().toUpperCase() || null;
    if (update.status === 'REJECTED' && !note) throw badUserInput('note', 'REASON_REQUIRED', 'A rejection needs its reason (note).');
    if ((note?.length ?? 0) > 200) throw badUserInput('note', 'INVALID', 'note must be at most 200 characters.');
    const letter = statusLetter(update.status)!;
    const stamp = localDateTimeIn(this.site.timeZone);
    const number = update.requestNumber.trim();
    // Checked and set in one statement: the step's own date column, the last officer, TGL_UBAH.
    const { changes } = await this.sql.execute(
      this.sql.db(T).where('NO_PERMOHONAN', number).whereIn('STATUS', [...from])
        .update({ STATUS: letter, [STEP_COLUMN[letter]!]: stamp, PETUGAS: update.officer.toUpperCase(), TGL_UBAH: stamp, ...(letter === 'T' ? { ALASAN_TOLAK: note } : {}) }),
      deadline,
    );
    const request = (await this.requestsByNumber([number], deadline)).get(number);
    if (!request) throw new GerbangError(ErrorCode.NOT_FOUND, 'No legalisation request has this number.', { argument: 'requestNumber', reason: 'UNKNOWN_REQUEST' });
    if (changes === 1) return { request, changed: true };
    if (request.status === update.status) return { request, changed: false };
    throw new GerbangError(ErrorCode.CONFLICT, `A ${request.status ?? 'unknown'} request cannot become ${update.status}.`, { reason: 'STATUS_CHANGE_NOT_ALLOWED', current: request.status });
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.sql.ping(deadline);
  }
}

/** 'YYYY-MM-DD hh:mm:ss' one second earlier (wall-clock arithmetic, no zone involved). */
function secondBefore(stamp: string): string {
  return new Date(Date.parse(`${stamp.replace(' ', 'T')}Z`) - 1_000).toISOString().slice(0, 19).replace('T', ' ');
}
