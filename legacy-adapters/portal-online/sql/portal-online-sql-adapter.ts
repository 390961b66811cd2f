import type { Knex } from 'knex';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { localDateTimeIn } from '@core/tenants';
import type { SqlLegacyClient } from '../../base/sql/sql-client';
import type {
  ApplicationFilter, ApplicationPage, ApplicationStatusChange, ApplicationSubmission, Attachment, ChangeFeedPage, OnlineApplication,
  PortalOnlinePort, StatusCount, StatusUpdate, SubmittedApplication, WorklistQuery,
} from '../port';
import {
  PERMOHONAN_COLUMNS, allowedFrom, decodeChannel, decodeCursor, decodeService, decodeStatus, encodeCursor, groupApplications, statusCode,
  toAttachment, type JoinedLogRow, type LampiranRow, type PermohonanRow,
} from './mapping';
import { writeSubmission } from './submit';
import { filtersMatchNothing, applyFilter } from './filters';

/** Where this portal runs: the regency whose numbers it gives out, and its office's clock. */
export interface PortalOnlineSite {
  /** Dotted regency code, e.g. '36.74': the first part of every registration number. */
  regencyCode: string;
  /** The portal stamps local wall-clock time, e.g. 'Asia/Jakarta'. */
  timeZone: string;
}

const APPLICATIONS = 'permohonan';
const ATTACHMENTS = 'permohonan_lampiran';
const LOG = 'permohonan_log';
const SERVICES = 'ref_layanan';
const MAX_PER_PAGE = 100;
const MAX_FEED = 500;
const NIP = /^[0-9A-Za-z.\- ]{1,30}$/;

type JoinedRow = PermohonanRow & JoinedLogRow;

/** The portal through its own tables: one statement per read, whatever the number of keys or the page size. */
export class PortalOnlineSqlAdapter implements PortalOnlinePort {
  constructor(
    private readonly sql: SqlLegacyClient,
    private readonly site: PortalOnlineSite,
  ) {}

  /** Applications (aliased P) with their service and log rows beside them, in one statement. */
  private withLog(from: Knex.QueryBuilder): Knex.QueryBuilder {
    return from
      .select([
        ...PERMOHONAN_COLUMNS.map((c) => `P.${c}`), 'R.kode', 'R.nama_layanan', 'R.sla_hari',
        'L.id_log as log_id', 'L.status_lama as log_status_lama', 'L.status_baru as log_status_baru', 'L.keterangan as log_keterangan', 'L.petugas as log_petugas', 'L.tgl_log as log_tgl',
      ])
      .leftJoin({ R: SERVICES }, 'R.id_layanan', 'P.id_layanan')
      .leftJoin({ L: LOG }, 'L.id_permohonan', 'P.id_permohonan');
  }

  private async where(column: 'no_registrasi' | 'nik_pemohon' | 'ref_klien', keys: readonly string[], deadline: Deadline): Promise<OnlineApplication[]> {
    const unique = [...new Set(keys.map((k) => k.trim()))].filter((k) => k !== '');
    if (unique.length === 0) return [];
    const rows = await this.sql.query<JoinedRow>(
      this.withLog(this.sql.db({ P: APPLICATIONS })).whereIn(`P.${column}`, unique).orderBy([{ column: 'P.id_permohonan', order: 'desc' }, { column: 'L.id_log' }]),
      deadline,
    );
    return groupApplications(rows);
  }

  async applicationsByNumber(registrationNumbers: readonly string[], deadline: Deadline): Promise<Map<string, OnlineApplication>> {
    const found = new Map((await this.where('no_registrasi', registrationNumbers, deadline)).map((a) => [a.registrationNumber, a]));
    return new Map(registrationNumbers.flatMap((n) => (found.has(n.trim()) ? [[n, found.get(n.trim())!] as const] : [])));
  }

  async applicationsByApplicant(niks: readonly string[], deadline: Deadline): Promise<Map<string, OnlineApplication[]>> {
    const result = new Map<string, OnlineApplication[]>();
    for (const application of await this.where('nik_pemohon', niks, deadline)) {
      result.set(application.applicantNik, [...(result.get(application.applicantNik) ?? []), application]);
    }
    return result;
  }

  async applicationsByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, OnlineApplication>> {
    return new Map((await this.where('ref_klien', references, deadline)).map((a) => [a.reference!, a]));
  }

  async attachmentsOf(registrationNumbers: readonly string[], deadline: Deadline): Promise<Map<string, Attachment[]>> {
    const unique = [...new Set(registrationNumbers.map((n) => n.trim()))].filter((n) => n !== '');
    if (unique.length === 0) return new Map();
    const rows = await this.sql.query<LampiranRow>(
      this.sql.db({ A: ATTACHMENTS }).join({ P: APPLICATIONS }, 'P.id_permohonan', 'A.id_permohonan')
        .select('P.no_registrasi', 'A.jenis_dokumen', 'A.id_arsip', 'A.nama_file', 'A.tgl_unggah')
        .whereIn('P.no_registrasi', unique).orderBy('A.id_lampiran'),
      deadline,
    );
    const result = new Map<string, Attachment[]>();
    for (const row of rows) result.set(row.no_registrasi, [...(result.get(row.no_registrasi) ?? []), toAttachment(row)]);
    return result;
  }

  async worklist(query: WorklistQuery, deadline: Deadline): Promise<ApplicationPage> {
    const perPage = Math.min(Math.max(1, Math.trunc(query.perPage)), MAX_PER_PAGE);
    const page = Math.max(1, Math.trunc(query.page));
    if (filtersMatchNothing(query)) return { applications: [], total: 0, hasNextPage: false };
    const db = this.sql.db;
    // The page (with the filtered total in a window count) as a derived table, its log rows joined
    // beside it: one statement whatever the page size.
    const inner = applyFilter(db, db({ P: APPLICATIONS }), query)
      .select([...PERMOHONAN_COLUMNS.map((c) => `P.${c}`), db.raw('COALESCE(P.tgl_pengajuan, P.tgl_dibuat) AS sort_at'), db.raw('COUNT(*) OVER () AS total_rows')])
      .orderBy([{ column: 'sort_at' }, { column: 'P.id_permohonan' }])
      .offset((page - 1) * perPage)
      .limit(perPage);
    const rows = await this.sql.query<JoinedRow & { total_rows: number | string }>(
      this.withLog(db.from(inner.as('P'))).select('P.total_rows').orderBy([{ column: 'P.sort_at' }, { column: 'P.id_permohonan' }, { column: 'L.id_log' }]),
      deadline,
    );
    let total: number;
    if (rows.length > 0) total = Number(rows[0]!.total_rows);
    else if (page === 1) total = 0;
    else {
      // Past the last page: no row carries the total, so count.
      const [count] = await this.sql.query<{ n: number | string }>(applyFilter(db, db({ P: APPLICATIONS }), query).count({ n: '*' }), deadline);
      total = Number(count?.n ?? 0);
    }
    return { applications: groupApplications(rows), total, hasNextPage: page * perPage < total };
  }

  async countByStatus(filter: ApplicationFilter, deadline: Deadline): Promise<StatusCount[]> {
    if (filtersMatchNothing(filter)) return [];
    const rows = await this.sql.query<{ status: number | string; antar_ojol: number | string; n: number | string }>(
      applyFilter(this.sql.db, this.sql.db({ P: APPLICATIONS }), filter).select('P.status', 'P.antar_ojol').count({ n: '*' }).groupBy('P.status', 'P.antar_ojol').orderBy(['P.status', 'P.antar_ojol']),
      deadline,
    );
    return rows.map((r) => ({ status: decodeStatus(r.status), channel: decodeChannel(r.antar_ojol), count: Number(r.n) }));
  }

  async changesSince(cursor: string | null, limit: number, deadline: Deadline): Promise<ChangeFeedPage> {
    const after = decodeCursor(cursor);
    const size = Math.min(Math.max(1, Math.trunc(limit)), MAX_FEED);
    const rows = await this.sql.query<{ id_log: number; status_lama: number | null; status_baru: number; keterangan: string | null; petugas: string | null; tgl_log: string; no_registrasi: string; nik_pemohon: string; kode: string | null }>(
      this.sql.db({ L: LOG })
        .join({ P: APPLICATIONS }, 'P.id_permohonan', 'L.id_permohonan')
        .leftJoin({ R: SERVICES }, 'R.id_layanan', 'P.id_layanan')
        .select('L.id_log', 'L.status_lama', 'L.status_baru', 'L.keterangan', 'L.petugas', 'L.tgl_log', 'P.no_registrasi', 'P.nik_pemohon', 'R.kode')
        .where('L.id_log', '>', after)
        .orderBy('L.id_log')
        .limit(size),
      deadline,
    );
    const changes: ApplicationStatusChange[] = rows.flatMap((r) => {
      const status = decodeStatus(r.status_baru);
      // A code this port does not know is skipped, not published as something else.
      if (!status) return [];
      return [{
        cursor: encodeCursor(Number(r.id_log)),
        registrationNumber: r.no_registrasi.trim(),
        applicantNik: r.nik_pemohon.trim(),
        serviceKind: decodeService(r.kode),
        previous: decodeStatus(r.status_lama),
        change: { status, at: String(r.tgl_log).replace(' ', 'T').slice(0, 19), note: r.keterangan?.trim() || null, by: r.petugas?.trim() || null },
      }];
    });
    const last = rows[rows.length - 1];
    return { changes, cursor: last ? encodeCursor(Number(last.id_log)) : encodeCursor(after) };
  }

  async latestChangeCursor(deadline: Deadline): Promise<string> {
    const [row] = await this.sql.query<{ n: number | string | null }>(this.sql.db(LOG).max({ n: 'id_log' }), deadline);
    return encodeCursor(Number(row?.n ?? 0));
  }

  async submit(submission: ApplicationSubmission, deadline: Deadline): Promise<SubmittedApplication> {
    const { reference, created } = await writeSubmission(this.sql, this.site, submission, deadline);
    const application = (await this.applicationsByReference([reference], deadline)).get(reference);
    if (!application) throw new GerbangError(ErrorCode.LEGACY_UNAVAILABLE, 'The portal did not keep the application.', { app: 'portal-online' });
    return { application, created };
  }

  async changeStatus(update: StatusUpdate, deadline: Deadline): Promise<OnlineApplication> {
    const target = statusCode(update.status);
    const from = allowedFrom(update.status);
    if (target === undefined || from.length === 0) throw badUserInput('status', 'STATUS_NOT_SETTABLE', `The portal does not let an officer set ${update.status}.`);
    if (!NIP.test(update.officer)) throw badUserInput('officer', 'INVALID', 'officer must be an NIP or user name of 1-30 characters.');
    if ((update.note?.length ?? 0) > 255) throw badUserInput('note', 'TOO_LONG', 'note must be at most 255 characters.');
    const number = update.registrationNumber.trim();
    const current = (await this.applicationsByNumber([number], deadline)).get(number);
    if (!current) throw new GerbangError(ErrorCode.NOT_FOUND, 'No such application.', { app: 'portal-online', reason: 'APPLICATION_NOT_FOUND' });
    // Asked again after it was done (a retry): nothing more to write.
    if (current.status === update.status) return current;
    const currentCode = current.status === null ? undefined : statusCode(current.status);
    if (currentCode === undefined || !from.includes(currentCode)) {
      throw new GerbangError(ErrorCode.CONFLICT, `The application is ${current.status ?? 'in an unknown state'}; it cannot become ${update.status}.`, { app: 'portal-online', reason: 'INVALID_TRANSITION' });
    }
    const stamp = localDateTimeIn(this.site.timeZone);
    // Guarded by the status just read: an officer's change in between makes this one a CONFLICT, not an overwrite.
    const { changes } = await this.sql.execute(
      this.sql.db(APPLICATIONS).where({ no_registrasi: number, status: currentCode }).update({ status: target, tgl_update: stamp }),
      deadline,
    );
    if (changes !== 1) throw new GerbangError(ErrorCode.CONFLICT, 'The application was changed meanwhile; read it again.', { app: 'portal-online', reason: 'CHANGED_MEANWHILE' });
    await this.sql.execute(
      this.sql.db.raw(`INSERT INTO ?? (id_permohonan, status_lama, status_baru, keterangan, petugas, tgl_log) SELECT id_permohonan, ?, ?, ?, ?, ? FROM ?? WHERE no_registrasi = ?`, [
        LOG, currentCode, target, update.note?.trim() || null, update.officer.trim(), stamp, APPLICATIONS, number,
      ]),
      deadline,
    );
    return (await this.applicationsByNumber([number], deadline)).get(number)!;
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.sql.ping(deadline);
  }
}
