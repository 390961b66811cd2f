import { z } from 'zod';
import { legacyStorageFrom, legacyStorageSchema, type LegacyStorage } from '@core/config/shared';
import { DEFAULT_DISPATCHER, type DispatcherSettings } from './dispatcher';
import { DEFAULT_CLAIM_TTL_MS } from './idempotency';
import type { OutboxMutationOptions } from './mutations';

/**
 * The outbox's settings, to spread into a writing subgraph's config schema (`...outboxConfigSchema`).
 * The database is located like the legacy apps' (MYSQL_URL, GERBANG_MYSQL_DB_PREFIX, GERBANG_DATA_DIR).
 */
const ms = (fallback: number, min = 0, max = 86_400_000) => z.coerce.number().int().min(min).max(max).default(fallback);

export const outboxConfigSchema = {
  ...legacyStorageSchema,
  /** How long a mutation waits for its first delivery before answering PENDING, ms. */
  GERBANG_OUTBOX_WAIT_MS: ms(3_000, 0, 60_000),
  /** Deadline of one delivery attempt, ms. */
  GERBANG_OUTBOX_DELIVERY_TIMEOUT_MS: ms(DEFAULT_DISPATCHER.deliveryTimeoutMs, 100, 600_000),
  /** How long a replica's claim on a message lasts (must exceed the delivery timeout), ms. */
  GERBANG_OUTBOX_LEASE_MS: ms(DEFAULT_DISPATCHER.leaseMs, 200, 3_600_000),
  /** How often the background loop looks for due messages, ms. */
  GERBANG_OUTBOX_POLL_MS: ms(DEFAULT_DISPATCHER.pollIntervalMs, 10, 600_000),
  /** First retry pause, ms (doubling, with jitter, up to the max). */
  GERBANG_OUTBOX_BACKOFF_INITIAL_MS: ms(DEFAULT_DISPATCHER.backoff.initialMs, 10),
  GERBANG_OUTBOX_BACKOFF_MAX_MS: ms(DEFAULT_DISPATCHER.backoff.maxMs, 10),
  /** Give a transiently failing message up after this many attempts; 0: never (deliver until accepted). */
  GERBANG_OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULT_DISPATCHER.maxAttempts),
  /** Deliveries in flight at once per replica. */
  GERBANG_OUTBOX_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(DEFAULT_DISPATCHER.concurrency),
  /** How long a crashed request's claim on its idempotency key lasts, ms. */
  GERBANG_IDEMPOTENCY_CLAIM_TTL_MS: ms(DEFAULT_CLAIM_TTL_MS, 1_000),
};

export interface OutboxSettings {
  storage: LegacyStorage;
  dispatcher: DispatcherSettings;
  mutations: OutboxMutationOptions;
}

export function outboxSettingsFrom(env: z.infer<z.ZodObject<typeof outboxConfigSchema>>): OutboxSettings {
  const problems: string[] = [];
  if (env.GERBANG_OUTBOX_LEASE_MS <= env.GERBANG_OUTBOX_DELIVERY_TIMEOUT_MS) problems.push('GERBANG_OUTBOX_LEASE_MS must be longer than GERBANG_OUTBOX_DELIVERY_TIMEOUT_MS');
  if (env.GERBANG_OUTBOX_BACKOFF_MAX_MS < env.GERBANG_OUTBOX_BACKOFF_INITIAL_MS) problems.push('GERBANG_OUTBOX_BACKOFF_MAX_MS must be at least GERBANG_OUTBOX_BACKOFF_INITIAL_MS');
  if (problems.length > 0) throw new Error(problems.join('; '));
  return {
    storage: legacyStorageFrom(env),
    dispatcher: {
      ...DEFAULT_DISPATCHER,
      leaseMs: env.GERBANG_OUTBOX_LEASE_MS,
      deliveryTimeoutMs: env.GERBANG_OUTBOX_DELIVERY_TIMEOUT_MS,
      pollIntervalMs: env.GERBANG_OUTBOX_POLL_MS,
      concurrency: env.GERBANG_OUTBOX_CONCURRENCY,
      backoff: { initialMs: env.GERBANG_OUTBOX_BACKOFF_INITIAL_MS, maxMs: env.GERBANG_OUTBOX_BACKOFF_MAX_MS },
      maxAttempts: env.GERBANG_OUTBOX_MAX_ATTEMPTS,
    },
    mutations: { waitForDeliveryMs: env.GERBANG_OUTBOX_WAIT_MS, claimTtlMs: env.GERBANG_IDEMPOTENCY_CLAIM_TTL_MS },
  };
}
