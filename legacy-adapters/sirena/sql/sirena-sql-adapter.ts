import type { Knex } from 'knex';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import type { SqlLegacyClient } from '../../base/sql/sql-client';
import type { BatchFiling, ChangeFeedPage, FiledBatch, KelurahanBatch, KelurahanRequest, RequestFilter, RequestPage, SirenaPort, StatusCount, WorklistQuery } from '../port';
import { writeBatch } from './filing';
import { ITEM_COLUMNS, nextDay, decodeCursor, decodeKind, decodeStatus, encodeCursor, groupRequests, kindCodes, parseRequestId, rejectionReason, statusCodes, type ItemJoinedRow } from './mapping';

/** Where this Sirena runs: its office's clock. */
export interface SirenaSite {
  /** The app stamps local wall-clock time, e.g. 'Asia/Jakarta'. */
  timeZone: string;
}

const BATCHES = 'SIRENA_BATCH';
const ITEMS = 'SIRENA_ITEM';
const HISTORY = 'SIRENA_RIWAYAT';
const MAX_PER_PAGE = 100;
const MAX_FEED = 500;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HISTORY_COLUMNS = ['H.ID_RIWAYAT as H_ID', 'H.STATUS as H_STATUS', 'H.CATATAN as H_CATATAN', 'H.PETUGAS as H_PETUGAS', 'H.TGL as H_TGL'];

function checkDate(value: string | undefined, argument: string): void {
  if (value !== undefined && (!ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))) throw badUserInput(argument, 'INVALID_DATE', `${argument} must be an ISO date (YYYY-MM-DD).`);
}

/** True when the filter cannot match a Sirena request (another point or channel, statuses or kinds it lacks): answered without asking. */
function matchesNothing(filter: RequestFilter): boolean {
  checkDate(filter.submittedFrom, 'submittedFrom');
  checkDate(filter.submittedTo, 'submittedTo');
  const point = filter.servicePoint;
  if (point && (point.kind !== 'KELURAHAN' || (point.id !== null && !/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/.test(point.id)))) return true;
  if (filter.channel && filter.channel !== 'OFFLINE') return true;
  if (filter.statuses?.length && statusCodes(filter.statuses).length === 0) return true;
  if (filter.serviceKinds?.length && kindCodes(filter.serviceKinds).length === 0) return true;
  return false;
}

/** The filter on items I joined with their batch B. */
function applyFilter(query: Knex.QueryBuilder, filter: RequestFilter): Knex.QueryBuilder {
  if (filter.servicePoint?.id) {
    const [prop, kab, kec, kel] = filter.servicePoint.id.split('.').map(Number);
    query.where({ 'B.NO_PROP': prop, 'B.NO_KAB': kab, 'B.NO_KEC': kec, 'B.NO_KEL': kel });
  }
  if (filter.statuses?.length) query.whereIn('I.STATUS', statusCodes(filter.statuses));
  if (filter.serviceKinds?.length) query.whereIn('I.JENIS_BERKAS', kindCodes(filter.serviceKinds));
  if (filter.submittedFrom) query.where('B.TGL_KIRIM', '>=', `${filter.submittedFrom} 00:00:00`);
  if (filter.submittedTo) query.where('B.TGL_KIRIM', '<', `${nextDay(filter.submittedTo)} 00:00:00`);
  return query;
}

/** Sirena through its own tables: one statement per read, whatever the number of keys or the page size. */
export class SirenaSqlAdapter implements SirenaPort {
  constructor(
    private readonly sql: SqlLegacyClient,
    private readonly site: SirenaSite,
  ) {}

  /** Items with their batch and history rows, in one statement. */
  private joined(): Knex.QueryBuilder {
    return this.sql.db({ I: ITEMS })
      .join({ B: BATCHES }, 'B.ID_BATCH', 'I.ID_BATCH')
      .leftJoin({ H: HISTORY }, 'H.ID_ITEM', 'I.ID_ITEM')
      .select([...ITEM_COLUMNS, ...HISTORY_COLUMNS]);
  }

  private async batchesWhere(column: 'NO_BATCH' | 'REF_GERBANG', keys: readonly string[], deadline: Deadline): Promise<KelurahanBatch[]> {
    const unique = [...new Set(keys.map((k) => k.trim()))].filter((k) => k !== '');
    if (unique.length === 0) return [];
    const rows = await this.sql.query<ItemJoinedRow & { PETUGAS_KEL: string; REF_GERBANG: string | null }>(
      this.joined().select('B.PETUGAS_KEL', 'B.REF_GERBANG').whereIn(`B.${column}`, unique).orderBy([{ column: 'I.ID_BATCH', order: 'desc' }, { column: 'I.NO_URUT' }, { column: 'H.ID_RIWAYAT' }]),
      deadline,
    );
    const batches = new Map<string, KelurahanBatch>();
    const meta = new Map(rows.map((r) => [r.NO_BATCH.trim(), r]));
    for (const request of groupRequests(rows)) {
      const row = meta.get(request.batchNumber)!;
      const batch = batches.get(request.batchNumber) ?? { batchNumber: request.batchNumber, kelurahanCode: request.servicePoint.id!, operator: row.PETUGAS_KEL, sentAt: request.submittedAt, items: [], reference: row.REF_GERBANG };
      batch.items.push(request);
      batches.set(request.batchNumber, batch);
    }
    return [...batches.values()];
  }

  async requestsById(ids: readonly string[], deadline: Deadline): Promise<Map<string, KelurahanRequest>> {
    const parsed = new Map(ids.flatMap((id) => { const p = parseRequestId(id); return p ? [[id, p] as const] : []; }));
    // One statement for the batches the ids name; the items asked for are picked from them.
    const batches = await this.batchesWhere('NO_BATCH', [...parsed.values()].map((p) => p.batchNumber), deadline);
    const items = new Map(batches.flatMap((b) => b.items).map((r) => [r.id, r]));
    return new Map([...parsed.keys()].flatMap((id) => { const r = items.get(id.trim()); return r ? [[id, r] as const] : []; }));
  }

  async requestsByApplicant(niks: readonly string[], deadline: Deadline): Promise<Map<string, KelurahanRequest[]>> {
    const unique = [...new Set(niks.map((n) => n.trim()))].filter((n) => n !== '');
    if (unique.length === 0) return new Map();
    const rows = await this.sql.query<ItemJoinedRow>(this.joined().whereIn('I.NIK_PEMOHON', unique).orderBy([{ column: 'I.ID_ITEM', order: 'desc' }, { column: 'H.ID_RIWAYAT' }]), deadline);
    const result = new Map<string, KelurahanRequest[]>();
    for (const r of groupRequests(rows)) result.set(r.applicantNik!, [...(result.get(r.applicantNik!) ?? []), r]);
    return result;
  }

  async batchesByNumber(batchNumbers: readonly string[], deadline: Deadline): Promise<Map<string, KelurahanBatch>> {
    return new Map((await this.batchesWhere('NO_BATCH', batchNumbers, deadline)).map((b) => [b.batchNumber, b]));
  }

  async batchesByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, KelurahanBatch>> {
    return new Map((await this.batchesWhere('REF_GERBANG', references, deadline)).map((b) => [b.reference!, b]));
  }

  async worklist(query: WorklistQuery, deadline: Deadline): Promise<RequestPage> {
    const perPage = Math.min(Math.max(1, Math.trunc(query.perPage)), MAX_PER_PAGE);
    const page = Math.max(1, Math.trunc(query.page));
    if (matchesNothing(query)) return { requests: [], total: 0, hasNextPage: false };
    const db = this.sql.db;
    // The page of items (with the filtered total) as a derived table, batch and history joined beside it: one statement.
    const inner = applyFilter(db({ I: ITEMS }).join({ B: BATCHES }, 'B.ID_BATCH', 'I.ID_BATCH'), query)
      .select('I.ID_ITEM', 'B.TGL_KIRIM as SORT_AT', db.raw('COUNT(*) OVER () AS TOTAL_ROWS'))
      .orderBy([{ column: 'B.TGL_KIRIM' }, { column: 'I.ID_ITEM' }])
      .offset((page - 1) * perPage)
      .limit(perPage);
    const rows = await this.sql.query<ItemJoinedRow & { TOTAL_ROWS: number | string }>(
      this.joined().join(inner.as('PG'), 'PG.ID_ITEM', 'I.ID_ITEM').select('PG.TOTAL_ROWS').orderBy([{ column: 'PG.SORT_AT' }, { column: 'I.ID_ITEM' }, { column: 'H.ID_RIWAYAT' }]),
      deadline,
    );
    let total: number;
    if (rows.length > 0) total = Number(rows[0]!.TOTAL_ROWS);
    else if (page === 1) total = 0;
    else {
      const [count] = await this.sql.query<{ n: number | string }>(applyFilter(db({ I: ITEMS }).join({ B: BATCHES }, 'B.ID_BATCH', 'I.ID_BATCH'), query).count({ n: '*' }), deadline);
      total = Number(count?.n ?? 0);
    }
    return { requests: groupRequests(rows), total, hasNextPage: page * perPage < total };
  }

  async countByStatus(filter: RequestFilter, deadline: Deadline): Promise<StatusCount[]> {
    if (matchesNothing(filter)) return [];
    const rows = await this.sql.query<{ STATUS: string; n: number | string }>(
      applyFilter(this.sql.db({ I: ITEMS }).join({ B: BATCHES }, 'B.ID_BATCH', 'I.ID_BATCH'), filter).select('I.STATUS').count({ n: '*' }).groupBy('I.STATUS').orderBy('I.STATUS'),
      deadline,
    );
    return rows.map((r) => ({ status: decodeStatus(r.STATUS), count: Number(r.n) }));
  }

  async changesSince(cursor: string | null, limit: number, deadline: Deadline): Promise<ChangeFeedPage> {
    const after = decodeCursor(cursor);
    const size = Math.min(Math.max(1, Math.trunc(limit)), MAX_FEED);
    const rows = await this.sql.query<{ ID_RIWAYAT: number; STATUS: string; CATATAN: string | null; PETUGAS: string | null; TGL: string; NO_BATCH: string; NO_URUT: number; NIK_PEMOHON: string | null; JENIS_BERKAS: number | null }>(
      this.sql.db({ H: HISTORY }).join({ I: ITEMS }, 'I.ID_ITEM', 'H.ID_ITEM').join({ B: BATCHES }, 'B.ID_BATCH', 'I.ID_BATCH')
        .select('H.ID_RIWAYAT', 'H.STATUS', 'H.CATATAN', 'H.PETUGAS', 'H.TGL', 'B.NO_BATCH', 'I.NO_URUT', 'I.NIK_PEMOHON', 'I.JENIS_BERKAS')
        .where('H.ID_RIWAYAT', '>', after).orderBy('H.ID_RIWAYAT').limit(size),
      deadline,
    );
    const changes = rows.flatMap((r) => {
      const status = decodeStatus(r.STATUS);
      if (!status) return [];
      return [{
        cursor: encodeCursor(Number(r.ID_RIWAYAT)), requestId: `${r.NO_BATCH.trim()}/${Number(r.NO_URUT)}`, applicantNik: r.NIK_PEMOHON?.trim() || null, serviceKind: decodeKind(r.JENIS_BERKAS),
        change: { status, at: String(r.TGL).replace(' ', 'T').slice(0, 19), note: r.CATATAN?.trim() || null, by: r.PETUGAS?.trim() || null },
      }];
    });
    const last = rows[rows.length - 1];
    return { changes, cursor: encodeCursor(last ? Number(last.ID_RIWAYAT) : after) };
  }

  async latestChangeCursor(deadline: Deadline): Promise<string> {
    const [row] = await this.sql.query<{ n: number | string | null }>(this.sql.db(HISTORY).max({ n: 'ID_RIWAYAT' }), deadline);
    return encodeCursor(Number(row?.n ?? 0));
  }

  async fileBatch(filing: BatchFiling, deadline: Deadline): Promise<FiledBatch> {
    const { created } = await writeBatch(this.sql, this.site.timeZone, filing, deadline);
    const batch = (await this.batchesByReference([filing.clientReference], deadline)).get(filing.clientReference);
    if (!batch) throw new GerbangError(ErrorCode.LEGACY_UNAVAILABLE, 'Sirena did not keep the batch.', { app: 'sirena' });
    const items = batch.items.map((r) => {
      // Rejected on arrival means by the app's check; a later rejection is the Dinas's, with its own words.
      const rejected = r.status === 'REJECTED';
      return { itemNumber: r.itemNumber, requestId: r.id, accepted: !rejected, rejection: rejected ? { reason: rejectionReason(r.rejectionReason), message: r.rejectionReason ?? '' } : null };
    });
    return { batch, items, created };
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.sql.ping(deadline);
  }
}
