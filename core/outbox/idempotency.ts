import { createHash, randomUUID } from 'node:crypto';
import { checkIdempotencyKey } from './errors';
import type { OutboxStore } from './store';
import type { NewOutboxMessage } from './types';

/**
 * Idempotency keys: "a repeat with the same key returns the first result and writes nothing".
 *
 * `begin` claims the key for this request (a row IN_PROGRESS, held until `claimTtlMs` from now)
 * or says why not. The request then does its work and `commit`s its result together with its
 * outbox messages in one transaction, or `release`s the key when it failed before recording
 * anything (so the client may try again with the same key). A request that crashed between begin
 * and commit leaves its claim to expire; the next request with the key then takes it over.
 *
 * The key is scoped to the tenant. A repeat must be the same operation, with the same input
 * (compared by `requestHash`) and from the same principal: anything else is a reused key, refused,
 * and never answered with another request's (or another officer's) result.
 */
export interface KeyRequest {
  tenant: string;
  /** The principal asking (user or service id); null for a caller without one. */
  principalId: string | null;
  key: string;
  /** The mutation, e.g. 'registerDeath'. */
  operation: string;
  /** `requestHash(operation, input)`. */
  requestHash: string;
}

export interface IdempotencyClaim {
  readonly tenant: string;
  readonly key: string;
  /** Records the result and the messages (one transaction); returns the messages' ids. */
  commit(result: unknown, messages?: readonly NewOutboxMessage[]): Promise<string[]>;
  /** Gives the key back: nothing was recorded. */
  release(): Promise<void>;
}

export type KeyBegin =
  | { kind: 'new'; claim: IdempotencyClaim }
  | { kind: 'replay'; result: unknown }
  | { kind: 'conflict' }
  | { kind: 'in-progress' };

/** Canonical JSON (object keys sorted), so the same input hashes the same whatever its key order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/** SHA-256 of the operation and its canonical input: what "the same request" means. */
export function requestHash(operation: string, input: unknown): string {
  return createHash('sha256').update(operation).update('\n').update(JSON.stringify(canonical(input)) ?? 'null').digest('hex');
}

export const DEFAULT_CLAIM_TTL_MS = 120_000;

export class IdempotencyKeys {
  constructor(
    private readonly store: OutboxStore,
    private readonly options: { claimTtlMs?: number } = {},
  ) {}

  async begin(request: KeyRequest): Promise<KeyBegin> {
    checkIdempotencyKey(request.key);
    const ttl = this.options.claimTtlMs ?? DEFAULT_CLAIM_TTL_MS;
    // A few rounds at most: the row can vanish between our insert and our read (released meanwhile).
    for (let round = 0; round < 3; round += 1) {
      const token = randomUUID();
      const now = Date.now();
      if (await this.store.insertClaim({ ...request, token, until: now + ttl, now })) return { kind: 'new', claim: this.claim(request, token) };
      const existing = await this.store.findKey(request.tenant, request.key);
      if (!existing) continue;
      const same = existing.operation === request.operation && existing.requestHash === request.requestHash && existing.principalId === request.principalId;
      if (!same) return { kind: 'conflict' };
      if (existing.state === 'COMPLETED') return { kind: 'replay', result: existing.result };
      if (existing.claimUntil !== null && existing.claimUntil < now && (await this.store.takeOverClaim(request.tenant, request.key, token, now + ttl, now))) {
        return { kind: 'new', claim: this.claim(request, token) };
      }
      return { kind: 'in-progress' };
    }
    return { kind: 'in-progress' };
  }

  private claim(request: KeyRequest, token: string): IdempotencyClaim {
    const store = this.store;
    return {
      tenant: request.tenant,
      key: request.key,
      commit: (result, messages = []) => store.complete(request.tenant, request.key, token, result, messages),
      release: () => store.releaseClaim(request.tenant, request.key, token),
    };
  }
}
