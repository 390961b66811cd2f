import { deadlineIn } from '@core/deadline';
import type { DeliveredEvent, EventFlow, Subscription } from '@core/events';
import type { Logger } from '@core/log';
import type { OutboxMutations } from '@core/outbox';
import { parseRequestId } from '../ids';
import type { Sources } from '../loaders';
import type { ServiceRouting } from '../routing/routing';
import { STATUS_CHANGED } from '../feed/publisher';
import { fulfils } from './scope';
import type { FulfilmentWriter } from './writer';

/**
 * Writes a finished request into the register it concerns (the tenant's `fulfilment` rules in its
 * services file): a subscriber of the `services` event flow that, on a request's COMPLETED, records
 * the register's write in the outbox under a key of its own per request (`fulfil:<request id>`).
 * The flow delivers at least once and the key makes the write once, whoever finished the request
 * (an officer through the API or in the application's own screen) and however often it is seen.
 */
export const FULFILMENT_SUBSCRIPTION = 'fulfilment';
export const FULFIL_OPERATION = 'fulfilRequest';

export const fulfilmentKey = (requestId: string): string => `fulfil:${requestId}`;

export interface FulfilmentDeps {
  flow: EventFlow;
  sources: Sources;
  mutations: OutboxMutations;
  routings: ReadonlyMap<string, ServiceRouting>;
  /** The registers this process reaches, each with its writer (a rule naming another is left for later). */
  writers: readonly FulfilmentWriter[];
  logger: Logger;
}

interface StatusChangedPayload {
  requestId: string;
  application: string;
  service: string | null;
  status: string | null;
}

export function startFulfilment(deps: FulfilmentDeps): Subscription {
  const writers = new Map(deps.writers.map((w) => [w.register, w]));
  const handle = async (event: DeliveredEvent) => {
    if (event.type !== STATUS_CHANGED) return;
    const change = event.payload as StatusChangedPayload;
    if (change.status !== 'COMPLETED') return;
    const routing = deps.routings.get(event.tenant);
    const rule = routing?.fulfilmentOf(change.service as Parameters<ServiceRouting['fulfilmentOf']>[0], change.application);
    const writer = rule && writers.get(rule.register);
    if (!rule || !writer) return;
    const ref = parseRequestId(change.requestId);
    const deadline = deadlineIn(15_000);
    // The request as its application holds it now: the applicant and the office (read by the system, not given out).
    const record = (await deps.sources.get(ref.app)?.byIds([ref.localId], deadline))?.get(ref.localId);
    if (!record?.applicantNik) {
      deps.logger.warn('finished request not found for fulfilment; skipped', { app: ref.app });
      return;
    }
    if (!fulfils(rule, record)) return;
    await deps.mutations.run(
      { tenant: event.tenant, principalId: null, key: fulfilmentKey(change.requestId), operation: FULFIL_OPERATION, input: { requestId: change.requestId } },
      async () => ({ result: { register: rule.register }, messages: [writer.order(rule, event.tenant, change.requestId, record)] }),
      deadline,
    );
  };
  return deps.flow.subscribe(FULFILMENT_SUBSCRIPTION, handle);
}
