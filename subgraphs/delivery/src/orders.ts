import { recordAccess, type AuditWriter } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
import { ErrorCode, GerbangError } from '@core/errors';
import { checkIdempotencyKey, pendingErrorCode, type MutationStatus, type OutboxMutations } from '@core/outbox';
import type { CourierJobKind, CourierPlace, CourierPlaceRequest, FeeQuote, GeoPoint, OjolPort } from '@adapters/ojol';
import type { SiakPort } from '@adapters/siak';
import { familyMembers, type OrderRows } from './row-access';
import { mergeOrderSnapshot } from './status-events';
import type { NewOrder, OrderStore, StoredOrder, TimelineStep } from './store';
import { orderReference, requireApplicant, requireLocation, requireOrderId, requirePhone, requireQuoteId, requireServiceRequestId, requireText } from './validation';

/**
 * Courier orders for one request: reads row-checked and audited (the applicant's NIK), the order
 * written through the outbox, cancel and quote asked of the partner at once.
 */
export const PLACE_ORDER = 'placeCourierOrder';
export const OJOL = 'ojol';

/** The office's counter for couriers: one end of every job. */
export type OfficePlace = CourierPlaceRequest;

export interface RequestCourierInput {
  serviceRequestId: string;
  applicantNik: string;
  kind: CourierJobKind;
  quoteId: string;
  address: string;
  location: { latitude: number; longitude: number };
  contactName: string;
  contactPhone: string;
  item: string;
  note?: string | null;
}

/** What the outbox carries to the partner (and what the handler records first). */
export interface PlacementPayload {
  reference: string;
  tenant: string;
  serviceRequestId: string;
  applicantNik: string;
  kind: CourierJobKind;
  quoteId: string;
  origin: CourierPlaceRequest;
  destination: CourierPlaceRequest;
  item: string;
  note: string | null;
  createdBy: string | null;
}

export type DeliveryStateView = 'PENDING' | 'DELIVERED' | 'FAILED';

export interface PlacementView {
  idempotencyKey: string;
  replayed: boolean;
  state: DeliveryStateView;
  errorCode: string | null;
  reference: string;
}

export type HandoverCheck = 'OWNER' | 'FAMILY_MEMBER' | 'NOT_FAMILY' | 'NOT_APPLICABLE';

export interface OrderReads {
  byId(id: string): Promise<StoredOrder | null>;
  ofServiceRequest(serviceRequestId: string): Promise<StoredOrder[]>;
  timeline(reference: string): Promise<TimelineStep[]>;
  /** Whether the receiver the courier recorded may receive the document (SIAK's family card). */
  receiverCheck(order: StoredOrder): Promise<HandoverCheck>;
  /** The signed-in courier's open jobs. */
  courierJobs(): Promise<StoredOrder[]>;
}

export interface OrderWrites {
  quote(kind: CourierJobKind, location: { latitude: number; longitude: number }): Promise<FeeQuote>;
  request(input: RequestCourierInput, idempotencyKey: string): Promise<PlacementView>;
  cancel(id: string, reason: string | null | undefined): Promise<StoredOrder>;
}

export interface OrderDeps {
  store: OrderStore;
  ojol: OjolPort;
  siak: SiakPort;
  mutations: OutboxMutations;
  audit: AuditWriter;
  office: OfficePlace;
}

const MAX_BATCH = 200;
const names = (name: string) => name.normalize('NFKD').replace(/[^A-Za-z ]/g, '').replace(/\s+/g, ' ').trim().toUpperCase();

/** The resident's end and the office's, in the partner's order (from → to). */
function endsOf(kind: CourierJobKind, resident: CourierPlaceRequest, office: OfficePlace): { origin: CourierPlaceRequest; destination: CourierPlaceRequest } {
  return kind === 'PICKUP' ? { origin: resident, destination: office } : { origin: office, destination: resident };
}

const stateOf = (s: MutationStatus['delivery']): DeliveryStateView => s;

function placementViewOf(status: MutationStatus, replayed: boolean): PlacementView {
  const result = status.result as { reference: string };
  return { idempotencyKey: status.idempotencyKey, replayed, state: stateOf(status.delivery), errorCode: pendingErrorCode(status.messages[0]), reference: result.reference };
}

export function orderReads(deps: OrderDeps, rows: OrderRows, request: RequestContext, deadline: Deadline): OrderReads {
  const record = (operation: string, orders: Iterable<StoredOrder>) => recordAccess(deps.audit, request, { operation, niks: [...orders].map((o) => o.applicantNik) });
  const visible = async (orders: StoredOrder[]): Promise<StoredOrder[]> => {
    const allowed = await rows.visibleApplicants(orders.map((o) => o.applicantNik), deadline);
    return orders.filter((o) => o.tenant === request.tenant && allowed.has(o.applicantNik));
  };
  const byReference = requestLoader<string, StoredOrder | null>(deadline, async (references) => {
    rows.guard();
    throwIfCancelled(deadline, 'delivery');
    const found = await deps.store.byReferences(references);
    const shown = await visible([...found.values()]);
    await record('delivery.courierOrder', shown);
    const ok = new Set(shown.map((o) => o.reference));
    return references.map((r) => (ok.has(r) ? found.get(r)! : null));
  }, { maxBatchSize: MAX_BATCH });
  const byRequest = requestLoader<string, StoredOrder[]>(deadline, async (ids) => {
    rows.guard();
    throwIfCancelled(deadline, 'delivery');
    const found = await deps.store.byServiceRequests(request.tenant, ids);
    const shown = new Set((await visible([...found.values()].flat())).map((o) => o.reference));
    const out = ids.map((id) => (found.get(id) ?? []).filter((o) => shown.has(o.reference)));
    await record('delivery.courierOrdersOfRequest', out.flat());
    return out;
  }, { maxBatchSize: MAX_BATCH });
  const timelines = requestLoader<string, TimelineStep[]>(deadline, async (references) => {
    const found = await deps.store.timelines(references);
    return references.map((r) => found.get(r) ?? []);
  }, { maxBatchSize: MAX_BATCH });

  return {
    async byId(id) {
      const reference = requireOrderId(id);
      const order = await byReference.load(reference);
      if (order) return order;
      // Tell "not yours" from "none": an order withheld by the row rules is FORBIDDEN.
      const exists = (await deps.store.byReferences([reference])).get(reference);
      if (exists && exists.tenant === request.tenant) throw rows.refusal();
      return null;
    },
    ofServiceRequest: (id) => byRequest.load(id),
    timeline: (reference) => timelines.load(reference),
    async receiverCheck(order) {
      if (order.kind === 'PICKUP' || !order.proof) return 'NOT_APPLICABLE';
      const receiver = names(order.proof.receiverName);
      const members = await familyMembers(deps.siak, order.applicantNik, deadline);
      const owner = members.find((m) => m.nik === order.applicantNik);
      if (owner && names(owner.name) === receiver) return 'OWNER';
      return members.some((m) => names(m.name) === receiver) ? 'FAMILY_MEMBER' : 'NOT_FAMILY';
    },
    async courierJobs() {
      const principal = request.principal;
      if (principal.kind !== 'user' || !principal.roles.includes('COURIER')) throw new GerbangError(ErrorCode.FORBIDDEN, 'Only couriers have jobs.', { reason: 'NO_ACCESS' });
      // A courier's token names them by the phone the partner registered them with.
      let phone: string;
      try {
        phone = requirePhone(principal.id, 'sub');
      } catch {
        return [];
      }
      return await deps.store.openJobsOf(request.tenant, phone);
    },
  };
}

export function orderWrites(deps: OrderDeps, rows: OrderRows, request: RequestContext, deadline: Deadline): OrderWrites {
  const principalId = request.principal.kind === 'anonymous' ? null : request.principal.id;
  const recordWrite = (operation: string, nik: string) => recordAccess(deps.audit, request, { operation, niks: [nik], access: 'write' });
  const officeTo = (kind: CourierJobKind, at: GeoPoint) => (kind === 'PICKUP' ? { origin: at, destination: deps.office.location } : { origin: deps.office.location, destination: at });

  return {
    // No personal data and nothing written: the resident needs the price now, so it is asked at once.
    async quote(kind, location) {
      rows.guard();
      const at = requireLocation(location, 'location');
      return await deps.ojol.quote({ kind, ...officeTo(kind, at) }, deadline);
    },

    async request(input, idempotencyKey) {
      checkIdempotencyKey(idempotencyKey);
      const reference = orderReference(request.tenant, principalId ?? '', idempotencyKey);
      const outcome = await deps.mutations.run(
        { tenant: request.tenant, principalId, key: idempotencyKey, operation: PLACE_ORDER, input },
        async () => {
          const serviceRequestId = requireServiceRequestId(input.serviceRequestId, 'input.serviceRequestId');
          const applicantNik = requireApplicant(input.applicantNik, 'input.applicantNik');
          const resident: CourierPlaceRequest = {
            address: requireText(input.address, 'input.address', 10, 200),
            location: requireLocation(input.location, 'input.location'),
            contactName: requireText(input.contactName, 'input.contactName', 1, 60),
            contactPhone: requirePhone(input.contactPhone, 'input.contactPhone'),
          };
          const quoteId = requireQuoteId(input.quoteId, 'input.quoteId');
          const item = requireText(input.item, 'input.item', 1, 100);
          const note = input.note === undefined || input.note === null || input.note.trim() === '' ? null : requireText(input.note, 'input.note', 1, 200);
          await rows.mayOrderFor(applicantNik, deadline);
          await recordWrite(`delivery.${PLACE_ORDER}`, applicantNik);
          const payload: PlacementPayload = { reference, tenant: request.tenant, serviceRequestId, applicantNik, kind: input.kind, quoteId, ...endsOf(input.kind, resident, deps.office), item, note, createdBy: principalId };
          return { result: { reference }, messages: [{ target: OJOL, operation: PLACE_ORDER, payload }] };
        },
        deadline,
      );
      // Committed: the order is Gerbang's from now on, shown as REQUESTED until the partner has it
      // (the handler records it too, for a process that stopped right after the commit).
      const placement = outcome.status.messages.find((m) => m.operation === PLACE_ORDER)?.payload as PlacementPayload | undefined;
      if (placement) await deps.store.recordRequested(newOrderOf(placement));
      return placementViewOf(outcome.status, outcome.replayed);
    },

    /**
     * Synchronous on purpose: whether the order is cancelled is the partner's answer (a courier may
     * already have the item), and the resident needs it now. The partner down: LEGACY_UNAVAILABLE.
     */
    async cancel(id, reason) {
      const reference = requireOrderId(id);
      const why = reason === undefined || reason === null || reason.trim() === '' ? null : requireText(reason, 'reason', 3, 200);
      rows.guard();
      const order = (await deps.store.byReferences([reference])).get(reference);
      if (!order || order.tenant !== request.tenant) throw new GerbangError(ErrorCode.NOT_FOUND, 'There is no courier order with this id.', { argument: 'id', reason: 'UNKNOWN_ORDER' });
      if (!(await rows.visibleApplicants([order.applicantNik], deadline)).has(order.applicantNik)) throw rows.refusal();
      if (order.status === 'CANCELLED') return order;
      if (!order.partnerOrderId) {
        throw new GerbangError(ErrorCode.CONFLICT, order.status === 'NOT_PLACED' ? 'The partner never took this order.' : 'The order is not placed with the partner yet; try again shortly.', { argument: 'id', reason: order.status === 'NOT_PLACED' ? 'NOT_PLACED' : 'NOT_YET_PLACED' });
      }
      await recordWrite('delivery.cancelCourier', order.applicantNik);
      const cancelled = await deps.ojol.cancel(order.partnerOrderId, why, deadline);
      await mergeOrderSnapshot(deps.store.db, cancelled);
      return (await deps.store.byReferences([reference])).get(reference)!;
    },
  };
}

/** The order row a placement starts as (the places as Gerbang sent them, phones as +62…). */
export function newOrderOf(p: PlacementPayload): NewOrder {
  const place = (r: CourierPlaceRequest): CourierPlace => ({ address: r.address, location: r.location, contactName: r.contactName, contactPhone: r.contactPhone });
  return { reference: p.reference, tenant: p.tenant, serviceRequestId: p.serviceRequestId, applicantNik: p.applicantNik, kind: p.kind, origin: place(p.origin), destination: place(p.destination), item: p.item, createdBy: p.createdBy };
}

/** The courier's view of where to go: the resident's end of the job. */
export function residentEnd(order: StoredOrder): CourierPlace {
  return order.kind === 'PICKUP' ? order.origin : order.destination;
}
