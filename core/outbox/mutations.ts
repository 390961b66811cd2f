import { throwIfCancelled, type Deadline } from '@core/deadline';
import type { OutboxDispatcher } from './dispatcher';
import { idempotencyKeyInProgress, idempotencyKeyReused } from './errors';
import { IdempotencyKeys, requestHash } from './idempotency';
import type { OutboxStore } from './store';
import type { MutationStatus, NewOutboxMessage } from './types';

/**
 * A mutation's way through the outbox, in one call:
 *   key → (replay | refuse | plan) → one transaction (result + messages) → deliver now → answer.
 *
 * The plan runs once per key: it checks the input, reads what it needs and says what the result
 * is and which applications to write to; it writes nothing itself. The messages are delivered at
 * once, and the mutation waits for them at most `waitForDeliveryMs` (and never past its request's
 * deadline): a healthy estate answers with every message DELIVERED; an application that is down
 * leaves its message PENDING, delivered later in the background, and the client follows it with
 * `status`. A repeat with the same key answers the first result and writes nothing.
 */
export interface MutationRequest {
  tenant: string;
  principalId: string | null;
  /** The client's idempotency key. */
  key: string;
  operation: string;
  /** The mutation's input as the client sent it: a repeat must send the same. */
  input: unknown;
}

export interface MutationPlan<R> {
  result: R;
  messages: readonly NewOutboxMessage[];
}

export interface MutationOutcome<R> {
  result: R;
  /** True when this was a repeat: the first result, nothing written. */
  replayed: boolean;
  /** Where each of its writes stands now. */
  status: MutationStatus;
}

export interface OutboxMutationOptions {
  /** Longest a mutation waits for its first delivery, ms (default 3000). */
  waitForDeliveryMs?: number;
  /** Time kept back from the request's deadline to answer after waiting, ms (default 250). */
  answerReserveMs?: number;
  claimTtlMs?: number;
}

export class OutboxMutations {
  readonly keys: IdempotencyKeys;
  private readonly waitForDeliveryMs: number;
  private readonly answerReserveMs: number;

  constructor(
    readonly store: OutboxStore,
    private readonly dispatcher: OutboxDispatcher,
    options: OutboxMutationOptions = {},
  ) {
    this.keys = new IdempotencyKeys(store, { claimTtlMs: options.claimTtlMs });
    this.waitForDeliveryMs = options.waitForDeliveryMs ?? 3_000;
    this.answerReserveMs = options.answerReserveMs ?? 250;
  }

  async run<R>(request: MutationRequest, plan: () => Promise<MutationPlan<R>>, deadline: Deadline): Promise<MutationOutcome<R>> {
    throwIfCancelled(deadline, 'outbox');
    const begun = await this.keys.begin({ ...request, requestHash: requestHash(request.operation, request.input) });
    if (begun.kind === 'conflict') throw idempotencyKeyReused();
    if (begun.kind === 'in-progress') throw idempotencyKeyInProgress();
    if (begun.kind === 'replay') return { result: begun.result as R, replayed: true, status: await this.statusOf(request) };

    let ids: string[];
    let result: R;
    try {
      const planned = await plan();
      result = planned.result;
      // Nobody will read the answer: record nothing, and leave the key to the client's retry.
      throwIfCancelled(deadline, 'outbox');
      ids = await begun.claim.commit(result, planned.messages);
    } catch (error) {
      await begun.claim.release().catch(() => undefined);
      throw error;
    }
    await this.waitBriefly(this.dispatcher.deliver(ids), deadline);
    return { result, replayed: false, status: await this.statusOf(request) };
  }

  /** The mutation recorded under the key (for a "follow your request" query), or undefined. */
  status(tenant: string, key: string): Promise<MutationStatus | undefined> {
    return this.store.status(tenant, key);
  }

  private async statusOf(request: MutationRequest): Promise<MutationStatus> {
    const status = await this.store.status(request.tenant, request.key);
    if (!status) throw new Error('the idempotency key vanished after it was recorded');
    return status;
  }

  /** Waits for the first delivery, but not past waitForDeliveryMs nor the deadline (less a reserve to answer). */
  private async waitBriefly(delivering: Promise<unknown>, deadline: Deadline): Promise<void> {
    const ms = Math.min(this.waitForDeliveryMs, deadline.remaining() - this.answerReserveMs);
    if (ms <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([delivering.catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }
}
