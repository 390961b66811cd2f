import type { Knex } from 'knex';
import type { CourierInfo, CourierJobKind, CourierOrderStatus, CourierPlace, ProofOfDelivery } from '@adapters/ojol';
import type { LegacyStorage } from '@core/config/shared';
import { ensureAppDatabase, locateAppDatabase, openAppDatabase, type AppDatabaseLocation } from '@core/sql/app-database';

/**
 * The delivery subgraph's own database (`delivery`, beside its outbox; never the partner's): what
 * Gerbang knows of each courier order it placed (which service request and applicant it is for, the
 * latest status it accepted, courier and proof), every partner event id it has taken (callbacks and
 * polled changes alike, so a double is recognised whichever way it came), and the cursor of the
 * partner's change feed. Tables are created when missing, as the outbox's are.
 */
export const DELIVERY_DATABASE = 'delivery';
export const ORDER_TABLE = 'COURIER_ORDER';
export const EVENT_TABLE = 'COURIER_EVENT';
export const FEED_TABLE = 'COURIER_FEED';

/** Gerbang's own states before the partner has the order; then the partner's statuses. */
export type OrderStatus = 'REQUESTED' | 'NOT_PLACED' | CourierOrderStatus;

export function locateDeliveryDatabase(storage: LegacyStorage): AppDatabaseLocation {
  return locateAppDatabase(DELIVERY_DATABASE, storage);
}

/** A courier order as Gerbang keeps it. */
export interface StoredOrder {
  /** Gerbang's reference at the partner (per tenant and idempotency key); also the order's API id. */
  reference: string;
  tenant: string;
  serviceRequestId: string;
  applicantNik: string;
  kind: CourierJobKind;
  status: OrderStatus;
  partnerOrderId: string | null;
  feeRupiah: number | null;
  courier: CourierInfo | null;
  proof: ProofOfDelivery | null;
  reason: string | null;
  origin: CourierPlace;
  destination: CourierPlace;
  item: string;
  /** Why placing waits or failed (the outbox's last error), until placed. */
  placementError: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TimelineStep {
  status: CourierOrderStatus;
  at: string | null;
}

async function createTables(db: Knex): Promise<void> {
  const create = async (table: string, build: (t: Knex.CreateTableBuilder) => void) => {
    if (await db.schema.hasTable(table)) return;
    await db.schema.createTable(table, build).catch(async (error: unknown) => {
      // Another replica created it meanwhile.
      if (!(await db.schema.hasTable(table))) throw error;
    });
  };
  await create(ORDER_TABLE, (t) => {
    t.string('reference', 40).primary();
    t.string('tenant', 40).notNullable();
    t.string('service_request_id', 200).notNullable();
    t.string('applicant_nik', 16).notNullable();
    t.string('kind', 10).notNullable();
    t.string('status', 24).notNullable();
    t.string('partner_order_id', 40).nullable();
    t.integer('fee_rupiah').nullable();
    t.text('courier').nullable();
    /** The assigned courier's phone as the partner gives it (+62…): a courier's token names it. */
    t.string('courier_phone', 20).nullable();
    t.text('proof').nullable();
    t.string('reason', 200).nullable();
    t.text('origin').notNullable();
    t.text('destination').notNullable();
    t.string('item', 100).notNullable();
    t.string('placement_error', 64).nullable();
    t.string('created_by', 200).nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['tenant', 'service_request_id'], 'COURIER_ORDER_REQUEST');
    t.index(['partner_order_id'], 'COURIER_ORDER_PARTNER');
    t.index(['courier_phone', 'status'], 'COURIER_ORDER_COURIER');
  });
  await create(EVENT_TABLE, (t) => {
    /** The partner's change id (its log id): the same in a callback and in the feed. */
    t.string('event_id', 40).primary();
    t.string('reference', 60).notNullable();
    t.string('status', 24).nullable();
    t.bigInteger('status_at').nullable();
    /** callback | poll | order */
    t.string('source', 10).notNullable();
    /** 1 when it moved the order on; 0 when it came late (or for an order Gerbang did not place). */
    t.integer('applied').notNullable();
    t.bigInteger('received_at').notNullable();
    /** 0 while the resident's notice of an applied change is not yet ordered (notifications/courier.ts); 1 after, and for every other event. */
    t.integer('noticed').notNullable().defaultTo(1);
    t.index(['reference'], 'COURIER_EVENT_REFERENCE');
    t.index(['noticed'], 'COURIER_EVENT_NOTICED');
  });
  // A database from before the notices: its events count as told (history is not notified).
  if (!(await db.schema.hasColumn(EVENT_TABLE, 'noticed'))) {
    await db.schema.alterTable(EVENT_TABLE, (t) => {
      t.integer('noticed').notNullable().defaultTo(1);
      t.index(['noticed'], 'COURIER_EVENT_NOTICED');
    }).catch(async (error: unknown) => {
      if (!(await db.schema.hasColumn(EVENT_TABLE, 'noticed'))) throw error;
    });
  }
  await create(FEED_TABLE, (t) => {
    t.string('tenant', 40).primary();
    t.string('cursor', 200).notNullable();
    t.bigInteger('updated_at').notNullable();
  });
}

export async function openDeliveryDatabase(storage: LegacyStorage): Promise<Knex> {
  const location = locateDeliveryDatabase(storage);
  await ensureAppDatabase(location);
  const db = openAppDatabase(location);
  await createTables(db);
  return db;
}

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));
const parsed = <T>(text: unknown): T | null => (typeof text === 'string' && text !== '' ? (JSON.parse(text) as T) : null);
const iso = (ms: unknown): string => new Date(Number(ms)).toISOString();

export function orderFromRow(row: Record<string, unknown>): StoredOrder {
  return {
    reference: String(row.reference),
    tenant: String(row.tenant),
    serviceRequestId: String(row.service_request_id),
    applicantNik: String(row.applicant_nik),
    kind: row.kind as CourierJobKind,
    status: row.status as OrderStatus,
    partnerOrderId: (row.partner_order_id as string | null) ?? null,
    feeRupiah: row.fee_rupiah === null || row.fee_rupiah === undefined ? null : Number(row.fee_rupiah),
    courier: parsed<CourierInfo>(row.courier),
    proof: parsed<ProofOfDelivery>(row.proof),
    reason: (row.reason as string | null) ?? null,
    origin: parsed<CourierPlace>(row.origin)!,
    destination: parsed<CourierPlace>(row.destination)!,
    item: String(row.item),
    placementError: (row.placement_error as string | null) ?? null,
    createdBy: (row.created_by as string | null) ?? null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export interface NewOrder {
  reference: string;
  tenant: string;
  serviceRequestId: string;
  applicantNik: string;
  kind: CourierJobKind;
  origin: CourierPlace;
  destination: CourierPlace;
  item: string;
  createdBy: string | null;
}

/** Plain reads and writes of the order table (the status rule lives in ./status-events.ts). */
export class OrderStore {
  constructor(readonly db: Knex) {}

  /** Records an order before it is sent to the partner; a second call for the reference changes nothing. */
  async recordRequested(order: NewOrder, now = Date.now()): Promise<void> {
    const existing = await this.db(ORDER_TABLE).where({ reference: order.reference }).first('reference');
    if (existing) return;
    await this.db(ORDER_TABLE)
      .insert({
        reference: order.reference,
        tenant: order.tenant,
        service_request_id: order.serviceRequestId,
        applicant_nik: order.applicantNik,
        kind: order.kind,
        status: 'REQUESTED',
        origin: json(order.origin),
        destination: json(order.destination),
        item: order.item,
        created_by: order.createdBy,
        created_at: now,
        updated_at: now,
      })
      .onConflict('reference')
      .ignore();
  }

  async byReferences(references: readonly string[]): Promise<Map<string, StoredOrder>> {
    if (references.length === 0) return new Map();
    const rows = (await this.db(ORDER_TABLE).whereIn('reference', [...new Set(references)])) as Array<Record<string, unknown>>;
    return new Map(rows.map((r) => [String(r.reference), orderFromRow(r)]));
  }

  /** Per service request id, its orders oldest first. */
  async byServiceRequests(tenant: string, ids: readonly string[]): Promise<Map<string, StoredOrder[]>> {
    const out = new Map<string, StoredOrder[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return out;
    const rows = (await this.db(ORDER_TABLE).where({ tenant }).whereIn('service_request_id', [...new Set(ids)]).orderBy([{ column: 'created_at' }, { column: 'reference' }])) as Array<Record<string, unknown>>;
    for (const row of rows) out.get(String(row.service_request_id))?.push(orderFromRow(row));
    return out;
  }

  /** A courier's open jobs: assigned to their phone, not yet final. */
  async openJobsOf(tenant: string, courierPhone: string): Promise<StoredOrder[]> {
    const rows = (await this.db(ORDER_TABLE).where({ tenant, courier_phone: courierPhone }).whereIn('status', ['COURIER_ASSIGNED', 'PICKED_UP']).orderBy('updated_at').limit(50)) as Array<Record<string, unknown>>;
    return rows.map(orderFromRow);
  }

  /** The partner refused the order for good: it will never be placed. */
  async markNotPlaced(reference: string, code: string, now = Date.now()): Promise<void> {
    await this.db(ORDER_TABLE).where({ reference, status: 'REQUESTED' }).update({ status: 'NOT_PLACED', placement_error: code.slice(0, 64), reason: null, updated_at: now });
  }

  /** Why placing still waits (shown until it is placed). */
  async notePlacementError(reference: string, code: string | null, now = Date.now()): Promise<void> {
    await this.db(ORDER_TABLE).where({ reference, status: 'REQUESTED' }).update({ placement_error: code?.slice(0, 64) ?? null, updated_at: now });
  }

  /** Each order's status changes, in the order they happened (rank, then time), each once. */
  async timelines(references: readonly string[]): Promise<Map<string, TimelineStep[]>> {
    const out = new Map<string, TimelineStep[]>(references.map((r) => [r, []]));
    if (references.length === 0) return out;
    const rows = (await this.db(EVENT_TABLE).whereIn('reference', [...new Set(references)]).whereNotNull('status').select('reference', 'status', 'status_at', 'event_id')) as Array<{ reference: string; status: CourierOrderStatus; status_at: number | string | null; event_id: string }>;
    for (const row of rows.sort((a, b) => Number(a.event_id) - Number(b.event_id))) {
      const steps = out.get(row.reference);
      if (!steps || steps.some((s) => s.status === row.status)) continue;
      steps.push({ status: row.status, at: row.status_at === null ? null : iso(row.status_at) });
    }
    return out;
  }

  async feedCursor(tenant: string): Promise<string | undefined> {
    const row = (await this.db(FEED_TABLE).where({ tenant }).first()) as { cursor: string } | undefined;
    return row?.cursor;
  }

  async setFeedCursor(tenant: string, cursor: string): Promise<void> {
    await this.db(FEED_TABLE).insert({ tenant, cursor, updated_at: Date.now() }).onConflict('tenant').merge(['cursor', 'updated_at']);
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}
