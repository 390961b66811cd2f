import type { Knex } from 'knex';
import type { Deadline } from '@core/deadline';
import { checkKk } from '@core/domain/kk';
import { checkNik } from '@core/domain/nik';
import { regions } from '@core/domain/regions';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { localDateTimeIn } from '@core/tenants';
import { cleanText, isoDateTime } from '@adapters/siak/sql/mapping';
import { registerDeedOnce } from '../../base/sql/register-once';
import { retryingAutoIncrementRace } from '../../base/sql/auto-increment-race';
import { decodeCursor, encodeCursor, legacyStamp } from '../../base/sql/cursors';
import type { SqlLegacyClient } from '../../base/sql/sql-client';
import {
  COUNTER_SERVICES,
  type ChangeBatch, type CounterRequest, type CounterStatusUpdate, type CounterSubmission, type KecamatanPort, type RecordedChange,
  type StatusCounts, type SubmittedRequest, type UpdatedRequest, type WorklistFilter, type WorklistPage, type WorklistQuery,
} from '../port';
import {
  ALLOWED_FROM, PERMOHONAN_COLUMNS, decodeService, decodeStatus, groupRequests, kecamatanCodeOf,
  officeColumns, registrationPrefix, serviceCode, statusWord, toPermohonanValues, type PermohonanRow, type PermohonanWithRiwayat,
} from './mapping';

/** Where this app runs: its regency (the offices it has) and its clock. */
export interface KecamatanSite {
  /** Dotted regency code, e.g. '36.74': submissions go to this regency's kecamatan offices only. */
  regencyCode: string;
  /** The app stamps local wall-clock time, e.g. 'Asia/Jakarta'. */
  timeZone: string;
  /**
   * How old a status change must be before changesSince hands it out (ms). A history row's id is
   * taken when it is inserted but may become visible after a later one's (concurrent writes on
   * MariaDB): waiting a little means none is skipped.
   */
  changeSettleMs: number;
}

const APP = 'kecamatan';
const P = 'kec_permohonan';
const R = 'kec_riwayat_status';
const MAX_PAGE = 100;
const MAX_CHANGES = 500;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.:-]{0,63}$/;
const NIP = /^\d{18}$/;

type WorklistCursor = [string, number];
const isWorklistCursor = (p: unknown[]): p is WorklistCursor => p.length === 2 && typeof p[0] === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(p[0]) && Number.isSafeInteger(p[1]);
type ChangeCursor = [number];
const isChangeCursor = (p: unknown[]): p is ChangeCursor => p.length === 1 && Number.isSafeInteger(p[0]) && (p[0] as number) >= 0;

interface ChangeRow {
  id_riwayat: number;
  status: string | null;
  nip_petugas: string | null;
  catatan: string | null;
  tgl_status: string | Date;
  no_registrasi: string;
  kd_layanan: number;
  nik_pemohon: string | null;
  no_prop: number;
  no_kab: number;
  no_kec: number;
}

function validateSubmission(s: CounterSubmission, regencyCode: string): void {
  const bad = (argument: string, message: string) => badUserInput(argument, 'INVALID', message);
  if (!REFERENCE.test(s.clientReference)) throw bad('clientReference', 'clientReference must be 1-64 letters, digits or / _ . : -');
  if (!(COUNTER_SERVICES as readonly string[]).includes(s.service)) throw badUserInput('service', 'NOT_A_COUNTER_SERVICE', `A kecamatan counter takes only ${COUNTER_SERVICES.join(', ')}.`);
  const office = regions().get(s.kecamatanCode);
  if (office?.level !== 'district' || !s.kecamatanCode.startsWith(`${regencyCode}.`)) {
    throw badUserInput('kecamatanCode', 'UNKNOWN_KECAMATAN', `kecamatanCode must be one of the regency's kecamatan, e.g. ${regencyCode}.01.`);
  }
  const nik = checkNik(s.applicantNik);
  if (!nik.ok) throw badUserInput('applicantNik', nik.problem, nik.message);
  if (s.familyCardNumber !== undefined) {
    const kk = checkKk(s.familyCardNumber);
    if (!kk.ok) throw badUserInput('familyCardNumber', kk.problem, kk.message);
  }
  const name = s.applicantName.replace(/\s+/g, ' ').trim();
  if (name === '' || name.length > 80) throw bad('applicantName', 'applicantName must be 1-80 characters.');
  if (s.counterStaffNip !== undefined && !NIP.test(s.counterStaffNip)) throw bad('counterStaffNip', 'counterStaffNip must be an 18-digit NIP.');
}

/** The kecamatan counter app through its own tables: one statement per read, whatever the number of keys. */
export class KecamatanSqlAdapter implements KecamatanPort {
  constructor(
    private readonly sql: SqlLegacyClient,
    private readonly site: KecamatanSite,
  ) {}

  /** Requests (from `from`, aliased P) with their history rows, in the given order then history order. */
  private withHistory(from: Knex.QueryBuilder | string, order: Array<{ column: string; order?: 'asc' | 'desc' }>): Knex.QueryBuilder {
    const db = this.sql.db;
    return db
      .select([...PERMOHONAN_COLUMNS.map((c) => `P.${c}`), 'H.id_riwayat as r_id', 'H.status as r_status', 'H.nip_petugas as r_nip', 'H.catatan as r_catatan', 'H.tgl_status as r_tgl'])
      .from(typeof from === 'string' ? { P: from } : from.as('P'))
      .leftJoin({ H: R }, 'H.id_permohonan', 'P.id_permohonan')
      .orderBy([...order, { column: 'H.id_riwayat' }]);
  }

  private async lookup(column: 'no_registrasi' | 'ref_gerbang' | 'nik_pemohon', keys: readonly string[], deadline: Deadline): Promise<CounterRequest[]> {
    const wanted = [...new Set(keys.map((k) => k.trim()).filter((k) => k !== ''))];
    if (wanted.length === 0) return [];
    const rows = await this.sql.query<PermohonanWithRiwayat>(
      this.withHistory(P, [{ column: 'P.tgl_daftar', order: 'desc' }, { column: 'P.id_permohonan', order: 'desc' }]).whereIn(`P.${column}`, wanted),
      deadline,
    );
    return groupRequests(rows);
  }

  async requestsByNumber(registrationNumbers: readonly string[], deadline: Deadline): Promise<Map<string, CounterRequest>> {
    return new Map((await this.lookup('no_registrasi', registrationNumbers, deadline)).map((r) => [r.registrationNumber, r]));
  }

  async requestsByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, CounterRequest>> {
    return new Map((await this.lookup('ref_gerbang', references, deadline)).map((r) => [r.reference!, r]));
  }

  async requestsByApplicant(niks: readonly string[], deadline: Deadline): Promise<Map<string, CounterRequest[]>> {
    const found = new Map<string, CounterRequest[]>();
    for (const request of await this.lookup('nik_pemohon', niks, deadline)) {
      const list = found.get(request.applicantNik!) ?? [];
      list.push(request);
      found.set(request.applicantNik!, list);
    }
    return found;
  }

  /** The filter's conditions on P; false when it can match nothing (a status or service the counter does not have). */
  private filtered(query: Knex.QueryBuilder, filter: WorklistFilter): boolean {
    if (filter.channels !== undefined && !filter.channels.includes('OFFLINE')) return false;
    if (filter.kecamatanCode !== undefined) {
      const office = officeColumns(filter.kecamatanCode);
      if (!office) throw badUserInput('kecamatanCode', 'INVALID_REGION', 'kecamatanCode must be a dotted kecamatan code, e.g. 36.74.01.');
      query.where({ 'P.no_prop': office.no_prop, 'P.no_kab': office.no_kab, 'P.no_kec': office.no_kec });
    }
    if (filter.statuses !== undefined) {
      const words = filter.statuses.flatMap((s) => statusWord(s) ?? []);
      if (words.length === 0) return false;
      query.whereRaw(`UPPER(TRIM(P.status)) IN (${words.map(() => '?').join(', ')})`, words);
    }
    if (filter.services !== undefined) {
      const codes = filter.services.flatMap((s) => serviceCode(s) ?? []);
      if (codes.length === 0) return false;
      query.whereIn('P.kd_layanan', codes);
    }
    if (filter.submittedFrom !== undefined) query.where('P.tgl_daftar', '>=', legacyStamp(filter.submittedFrom, 'submittedFrom'));
    if (filter.submittedBefore !== undefined) query.where('P.tgl_daftar', '<', legacyStamp(filter.submittedBefore, 'submittedBefore'));
    return true;
  }

  async worklist(query: WorklistQuery, deadline: Deadline): Promise<WorklistPage> {
    if (!Number.isInteger(query.first) || query.first < 1 || query.first > MAX_PAGE) throw badUserInput('first', 'INVALID_PAGE_SIZE', `first must be 1-${MAX_PAGE}.`);
    const page = this.sql.db({ P }).select(PERMOHONAN_COLUMNS.map((c) => `P.${c}`));
    if (!this.filtered(page, query)) return { requests: [], endCursor: null, hasNextPage: false };
    if (query.after !== undefined) {
      const [at, id] = decodeCursor(query.after, 'kecamatan-worklist', 'after', isWorklistCursor);
      page.where((w) => w.where('P.tgl_daftar', '>', at).orWhere((same) => same.where('P.tgl_daftar', at).andWhere('P.id_permohonan', '>', id)));
    }
    // One row more than asked says whether there is a next page; the page's requests and all
    // their history rows come in one statement.
    page.orderBy([{ column: 'P.tgl_daftar' }, { column: 'P.id_permohonan' }]).limit(query.first + 1);
    const rows = await this.sql.query<PermohonanWithRiwayat>(this.withHistory(page, [{ column: 'P.tgl_daftar' }, { column: 'P.id_permohonan' }]), deadline);
    const requests = groupRequests(rows);
    const hasNextPage = requests.length > query.first;
    const shown = requests.slice(0, query.first);
    const last = shown.at(-1);
    const lastRow = last && rows.find((r) => r.no_registrasi.trim() === last.registrationNumber);
    return {
      requests: shown,
      endCursor: lastRow ? encodeCursor('kecamatan-worklist', last.submittedAt.replace('T', ' '), Number(lastRow.id_permohonan)) : null,
      hasNextPage,
    };
  }

  async countByStatus(filter: Omit<WorklistFilter, 'statuses'>, deadline: Deadline): Promise<StatusCounts> {
    const counts: StatusCounts = { byStatus: {}, unknown: 0, total: 0 };
    const query = this.sql.db({ P }).select(this.sql.db.raw('UPPER(TRIM(P.status)) AS word'), this.sql.db.raw('COUNT(*) AS n')).groupBy(this.sql.db.raw('UPPER(TRIM(P.status))'));
    if (!this.filtered(query, filter)) return counts;
    for (const row of await this.sql.query<{ word: string | null; n: number | string }>(query, deadline)) {
      const n = Number(row.n);
      const status = decodeStatus(row.word);
      if (status) counts.byStatus[status] = (counts.byStatus[status] ?? 0) + n;
      else counts.unknown += n;
      counts.total += n;
    }
    return counts;
  }

  async changesSince(cursor: string | null, limit: number, deadline: Deadline): Promise<ChangeBatch> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CHANGES) throw badUserInput('limit', 'INVALID_LIMIT', `limit must be 1-${MAX_CHANGES}.`);
    const [after] = cursor === null ? [0] : decodeCursor(cursor, 'kecamatan-changes', 'cursor', isChangeCursor);
    const settled = localDateTimeIn(this.site.timeZone, new Date(Date.now() - this.site.changeSettleMs)).replace(' ', 'T');
    const rows = await this.sql.query<ChangeRow>(
      this.sql.db({ H: R })
        .join({ P }, 'P.id_permohonan', 'H.id_permohonan')
        .select('H.id_riwayat', 'H.status', 'H.nip_petugas', 'H.catatan', 'H.tgl_status', 'P.no_registrasi', 'P.kd_layanan', 'P.nik_pemohon', 'P.no_prop', 'P.no_kab', 'P.no_kec')
        .where('H.id_riwayat', '>', after)
        .orderBy('H.id_riwayat')
        .limit(limit),
      deadline,
    );
    const changes: RecordedChange[] = [];
    let next = cursor;
    for (const row of rows) {
      const at = isoDateTime(row.tgl_status) ?? '';
      // Ids are handed out in order; stop at the first change too young to be sure nothing before it is still being written.
      if (at > settled) break;
      next = encodeCursor('kecamatan-changes', Number(row.id_riwayat));
      const status = decodeStatus(row.status);
      if (!status) continue; // a word this port does not know: nothing to tell, but not to be read again
      changes.push({
        changeId: `${row.no_registrasi.trim()}#${Number(row.id_riwayat)}`,
        cursor: next,
        registrationNumber: row.no_registrasi.trim(),
        service: decodeService(row.kd_layanan),
        servicePoint: { kind: 'KECAMATAN', id: kecamatanCodeOf(row) },
        applicantNik: cleanText(row.nik_pemohon),
        change: { status, at, note: cleanText(row.catatan), by: cleanText(row.nip_petugas) },
      });
    }
    return { changes, cursor: next };
  }

  async latestCursor(deadline: Deadline): Promise<string | null> {
    const [row] = await this.sql.query<{ last: number | string | null }>(this.sql.db({ H: R }).max({ last: 'H.id_riwayat' }), deadline);
    return row?.last === null || row?.last === undefined ? null : encodeCursor('kecamatan-changes', Number(row.last));
  }

  async submitRequest(submission: CounterSubmission, deadline: Deadline): Promise<SubmittedRequest> {
    validateSubmission(submission, this.site.regencyCode);
    const stamp = localDateTimeIn(this.site.timeZone);
    const values = toPermohonanValues(submission, stamp);
    // The app numbers requests per office and day; the reference column is unique. A request
    // belongs to no "one per person" rule, so the reference stands in for the person.
    const outcome = await registerDeedOnce<PermohonanRow & Record<string, unknown>>(
      this.sql,
      {
        table: P,
        numberColumn: 'no_registrasi',
        numberPrefix: registrationPrefix(submission.kecamatanCode, stamp.slice(0, 10)),
        referenceColumn: 'ref_gerbang',
        reference: submission.clientReference,
        personColumn: 'ref_gerbang',
        person: submission.clientReference,
        values,
      },
      (query) => query.select(PERMOHONAN_COLUMNS.map((c) => `D.${c}`)),
      deadline,
    );
    const row = outcome.row;
    if (outcome.kind !== 'created' && (row.nik_pemohon?.trim() !== submission.applicantNik || Number(row.kd_layanan) !== values.kd_layanan || kecamatanCodeOf(row) !== submission.kecamatanCode)) {
      throw new GerbangError(ErrorCode.CONFLICT, 'This reference was already used for another request.', { argument: 'clientReference', reason: 'REFERENCE_IN_USE' });
    }
    // The counter writes "received" into the history with the request.
    if (outcome.kind === 'created') await this.writeReceived(Number(row.id_permohonan), deadline);
    let read = await this.readByReference(submission.clientReference, deadline);
    if (!read.hasHistory) {
      // A first attempt stopped between its two statements: the retry completes it.
      await this.writeReceived(Number(row.id_permohonan), deadline);
      read = await this.readByReference(submission.clientReference, deadline);
    }
    return { request: read.request, created: outcome.kind === 'created' };
  }

  /** The history's "received" row, unless the request has history already. */
  private async writeReceived(id: number, deadline: Deadline): Promise<void> {
    await retryingAutoIncrementRace(APP, () => this.sql.execute(
      this.sql.db.raw(
        "INSERT INTO ?? (id_permohonan, status, nip_petugas, catatan, tgl_status) SELECT P.id_permohonan, 'DITERIMA', P.nip_petugas, NULL, P.tgl_daftar FROM ?? P WHERE P.id_permohonan = ? AND NOT EXISTS (SELECT 1 FROM ?? H WHERE H.id_permohonan = P.id_permohonan)",
        [R, P, id, R],
      ),
      deadline,
    ));
  }

  private async readByReference(reference: string, deadline: Deadline): Promise<{ request: CounterRequest; hasHistory: boolean }> {
    const rows = await this.sql.query<PermohonanWithRiwayat>(this.withHistory(P, [{ column: 'P.id_permohonan' }]).where('P.ref_gerbang', reference), deadline);
    const [request] = groupRequests(rows);
    if (!request) throw new GerbangError(ErrorCode.LEGACY_UNAVAILABLE, 'The kecamatan application lost a request it had just taken; try again.', { app: APP, retryable: true });
    return { request, hasHistory: rows.some((r) => r.r_id !== null) };
  }

  async updateStatus(update: CounterStatusUpdate, deadline: Deadline): Promise<UpdatedRequest> {
    const from = ALLOWED_FROM[update.status];
    if (!from) throw badUserInput('status', 'NOT_A_COUNTER_STATUS', 'status must be IN_PROCESS, COMPLETED or REJECTED.');
    if (!NIP.test(update.counterStaffNip)) throw badUserInput('counterStaffNip', 'INVALID', 'counterStaffNip must be an 18-digit NIP.');
    const note = update.note?.replace(/\s+/g, ' ').trim().toUpperCase() || null;
    if (update.status === 'REJECTED' && !note) throw badUserInput('note', 'REASON_REQUIRED', 'A rejection needs its reason (note).');
    if ((note?.length ?? 0) > 200) throw badUserInput('note', 'INVALID', 'note must be at most 200 characters.');
    const word = statusWord(update.status)!;
    const stamp = localDateTimeIn(this.site.timeZone);
    const number = update.registrationNumber.trim();
    // Only from a status the counter screen allows it from: checked and set in one statement.
    const { changes } = await this.sql.execute(
      this.sql.db(P).where('no_registrasi', number).whereRaw(`UPPER(TRIM(status)) IN (${from.map(() => '?').join(', ')})`, [...from])
        .update({ status: word, nip_petugas: update.counterStaffNip, keterangan: note, tgl_update: stamp }),
      deadline,
    );
    if (changes === 1) {
      await retryingAutoIncrementRace(APP, () => this.sql.execute(
        this.sql.db.raw('INSERT INTO ?? (id_permohonan, status, nip_petugas, catatan, tgl_status) SELECT P.id_permohonan, ?, ?, ?, ? FROM ?? P WHERE P.no_registrasi = ?', [R, word, update.counterStaffNip, note, stamp, P, number]),
        deadline,
      ));
    }
    const request = (await this.requestsByNumber([number], deadline)).get(number);
    if (!request) throw new GerbangError(ErrorCode.NOT_FOUND, 'No kecamatan counter request has this number.', { argument: 'registrationNumber', reason: 'UNKNOWN_REQUEST' });
    if (changes === 1) return { request, changed: true };
    if (request.status === update.status) return { request, changed: false };
    throw new GerbangError(ErrorCode.CONFLICT, `A ${request.status ?? 'unknown'} request cannot become ${update.status} at the counter.`, { reason: 'STATUS_CHANGE_NOT_ALLOWED', current: request.status });
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.sql.ping(deadline);
  }
}
