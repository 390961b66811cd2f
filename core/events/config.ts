import { z } from 'zod';
import { legacyStorageFrom, legacyStorageSchema } from '@core/config/shared';
import { optionalString } from '@core/config/load';
import { DEFAULT_EXCHANGE } from './amqp';
import { DEFAULT_CONSUMER } from './consumer';
import type { EventFlowOptions } from './flow';

/**
 * The event flow's settings, to spread into a subgraph's config schema (`...eventsConfigSchema`).
 * The database is located like the legacy apps' and the outbox's (MYSQL_URL, GERBANG_MYSQL_DB_PREFIX,
 * GERBANG_DATA_DIR).
 */
const ms = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

export const eventsConfigSchema = {
  ...legacyStorageSchema,
  /** RabbitMQ, e.g. amqp://user:password@rabbit:5672/vhost; unset: the embedded flow (database only). */
  AMQP_URL: optionalString.pipe(z.string().regex(/^amqps?:\/\/[^\s]+$/, 'AMQP_URL must be a URL like amqp://guest:guest@127.0.0.1:5672').optional()),
  /** The topic exchange events are published to. */
  GERBANG_EVENTS_EXCHANGE: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, 'letters, digits and . _ - only').default(DEFAULT_EXCHANGE),
  /** How often an idle subscription (or relay) looks for new events, ms (a publish in-process wakes it at once). */
  GERBANG_EVENTS_POLL_MS: ms(DEFAULT_CONSUMER.pollIntervalMs, 10, 60_000),
  /** How long a process's hold on a subscription lasts without renewal, ms (a killed consumer's events wait this long). */
  GERBANG_EVENTS_LEASE_MS: ms(DEFAULT_CONSUMER.leaseMs, 500, 3_600_000),
  /** Most events read (or relayed) at once. */
  GERBANG_EVENTS_BATCH: z.coerce.number().int().min(1).max(1_000).default(DEFAULT_CONSUMER.batchSize),
  /** Pauses before a failed handler (or relay) tries again: doubling from the first to the max, ms. */
  GERBANG_EVENTS_BACKOFF_INITIAL_MS: ms(DEFAULT_CONSUMER.backoff.initialMs, 10, 600_000),
  GERBANG_EVENTS_BACKOFF_MAX_MS: ms(DEFAULT_CONSUMER.backoff.maxMs, 10, 3_600_000),
  /** A file with the 32-byte key (base64) personal data in events is sealed with (seal.ts); shared by the publisher and the entitled consumers. */
  GERBANG_EVENT_SEAL_KEY_FILE: optionalString,
};

export type EventsEnv = z.infer<z.ZodObject<typeof eventsConfigSchema>>;

/** Options for openEventFlow from the validated environment (add `logger` and `subscriptions`). */
export function eventsSettingsFrom(env: EventsEnv): EventFlowOptions {
  if (env.GERBANG_EVENTS_BACKOFF_MAX_MS < env.GERBANG_EVENTS_BACKOFF_INITIAL_MS) throw new Error('GERBANG_EVENTS_BACKOFF_MAX_MS must be at least GERBANG_EVENTS_BACKOFF_INITIAL_MS');
  return {
    storage: legacyStorageFrom(env),
    amqpUrl: env.AMQP_URL,
    exchange: env.GERBANG_EVENTS_EXCHANGE,
    consumer: {
      pollIntervalMs: env.GERBANG_EVENTS_POLL_MS,
      leaseMs: env.GERBANG_EVENTS_LEASE_MS,
      batchSize: env.GERBANG_EVENTS_BATCH,
      backoff: { initialMs: env.GERBANG_EVENTS_BACKOFF_INITIAL_MS, maxMs: env.GERBANG_EVENTS_BACKOFF_MAX_MS },
    },
  };
}
