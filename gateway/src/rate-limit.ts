import { isIPv4, isIPv6 } from 'node:net';
import type { ServerResponse } from 'node:http';
import { Redis } from 'ioredis';
import cluster from 'node:cluster';
import { RateLimiterCluster, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Principal } from '@core/context/request-context';
import type { Logger } from '@core/log';

/**
 * Rate limits per principal and per address, checked once per GraphQL request before it runs.
 *
 * With a Redis URL the counters live in Redis (rate-limiter-flexible's RateLimiterRedis over
 * ioredis), so every gateway replica counts against the same limit; without one they live in this
 * process's memory (RateLimiterMemory), which is right for one process and for tests.
 *
 * A gateway running as several worker processes (gateway/src/cluster.ts) without Redis counts in
 * its primary process (RateLimiterCluster over IPC), so the workers share one limit.
 *
 * When Redis cannot be reached (down at start, gone later, or slower than `redisCommandTimeoutMs`)
 * each limit falls back to an in-memory "insurance" limiter with the same points and duration:
 * requests are still limited, but per replica, so N replicas allow up to N times the limit until
 * Redis is back. Requests are never held waiting for Redis (no offline queue; a command that
 * does not answer in time fails over), and never refused because Redis is down. The switch both
 * ways is logged once, not per request.
 *
 * Counting is a fixed window per key, starting with the key's first request. Anonymous callers are
 * counted by address only; an authenticated principal by principal and by address. Every key
 * carries the tenant, so one regency's callers never use up another's allowance.
 */
export interface RateLimitRule {
  /** Requests allowed per window. */
  points: number;
  /** The window, in whole seconds. */
  durationS: number;
}

export interface RateLimitSettings {
  /** Per authenticated principal (user or service) within a tenant; null: no such limit. */
  perPrincipal: RateLimitRule | null;
  /** Per client address (IPv6: per /64) within a tenant; null: no such limit. */
  perAddress: RateLimitRule | null;
  /** Shared counters across replicas (redis:// or rediss://); unset: this process's memory. */
  redisUrl?: string;
  /** Prefix of every key (in Redis: keep it apart from other users of the same server). */
  keyPrefix: string;
  /** How long one Redis command may take before the in-memory insurance answers instead. */
  redisCommandTimeoutMs?: number;
}

export interface RateLimitRequest {
  /** From `principalKeyOf(principal)`: undefined for an anonymous caller. */
  principalKey: string | undefined;
  /** The caller's address (req.socket.remoteAddress, or the trusted proxy's client address). */
  address: string | undefined;
  tenant: string;
}

export type RateLimitKind = 'principal' | 'address';

export type RateLimitRefusal = { allowed: false; retryAfterS: number; limit: RateLimitKind };
export type RateLimitDecision = { allowed: true } | RateLimitRefusal;

export interface RateLimits {
  /** Where the counters are: 'redis' (shared, with memory insurance) or 'memory' (this process). */
  readonly store: 'redis' | 'memory';
  /**
   * True once counting is shared (the Redis connection is ready; at once for 'memory'), false if
   * that has not happened within `timeoutMs`: e.g. to log at start which way the gateway counts.
   */
  connected(timeoutMs?: number): Promise<boolean>;
  /** Counts one request against every limit that applies and says whether it may run. */
  consume(request: RateLimitRequest): Promise<RateLimitDecision>;
  /** Closes the Redis connection, if any (after the listeners are closed). */
  close(): Promise<void>;
}

export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 250;

/** The answer when no limit is on: one promise, shared (a decision is never changed by its reader). */
const ALLOWED: Promise<RateLimitDecision> = Promise.resolve(Object.freeze({ allowed: true as const }));

/** The key of a principal within its tenant; undefined for an anonymous caller. */
export function principalKeyOf(principal: Principal): string | undefined {
  return principal.kind === 'anonymous' ? undefined : `${principal.kind}:${principal.id}`;
}

function ipv6Groups(address: string): number[] | undefined {
  let text = address.split('%')[0]!.toLowerCase();
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail].map((g) => parseInt(g, 16));
  return groups.some((g) => Number.isNaN(g) || g < 0 || g > 0xffff) ? undefined : groups;
}

/**
 * The address a caller is counted by: IPv4 as it is (also when it arrives IPv4-mapped,
 * `::ffff:10.0.0.1`), IPv6 by its /64 (one subscriber's network: a client can change the last 64
 * bits at will), anything else as given, or 'unknown'.
 */
export function addressKeyOf(address: string | undefined): string {
  if (!address) return 'unknown';
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return address;
  const groups = ipv6Groups(address);
  if (!groups) return address;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/** `600/60s`, `600/1m`, `10000/1h`, `5/30` (seconds), or `off`: a rule, null for off, undefined if malformed. */
export function parseRateLimitRule(text: string): RateLimitRule | null | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'off') return null;
  const match = /^(\d{1,9})\s*\/\s*(\d{1,6})\s*(s|m|h)?$/.exec(trimmed);
  if (!match) return undefined;
  const points = Number(match[1]);
  const durationS = Number(match[2]) * ({ s: 1, m: 60, h: 3600 } as const)[(match[3] ?? 's') as 's' | 'm' | 'h'];
  if (points < 1 || durationS < 1 || durationS > 86_400) return undefined;
  return { points, durationS };
}

const part = (value: string) => encodeURIComponent(value);

/** A Redis URL without its password, for logs and messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

function validRule(name: string, rule: RateLimitRule | null): void {
  if (rule === null) return;
  if (!Number.isInteger(rule.points) || rule.points < 1) throw new Error(`rate limit ${name}: points must be a whole number from 1`);
  if (!Number.isInteger(rule.durationS) || rule.durationS < 1) throw new Error(`rate limit ${name}: durationS must be a whole number of seconds from 1`);
}

function redisClient(url: string, commandTimeoutMs: number, logger: Logger | undefined): Redis {
  const client = new Redis(url, {
    // Never hold a request while Redis is away: fail at once, and the insurance limiter answers.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2_000,
    // After close(), a socket still open is destroyed this soon (ioredis's 2 s holds the process up at exit).
    disconnectTimeout: 300,
    // Keep trying to come back, at most every 2 s.
    retryStrategy: (times) => Math.min(times * 100, 2_000),
  });
  let state: 'starting' | 'up' | 'down' = 'starting';
  const where = redactedUrl(url);
  client.on('ready', () => {
    if (state === 'down') logger?.info('rate limits: Redis is back; counting is shared across replicas again', { redis: where });
    state = 'up';
  });
  // An 'error' listener is required (ioredis prints unhandled ones); log the outage once, not per retry.
  client.on('error', (error: unknown) => {
    if (state === 'down') return;
    state = 'down';
    logger?.warn('rate limits: Redis cannot be reached; each replica counts on its own (memory) until it is back', { redis: where, error });
  });
  return client;
}

interface Limiter {
  kind: RateLimitKind;
  limiter: RateLimiterAbstract;
}

function buildLimiter(kind: RateLimitKind, rule: RateLimitRule, keyPrefix: string, client: Redis | undefined): Limiter {
  const options = { keyPrefix: `${keyPrefix}:${kind}`, points: rule.points, duration: rule.durationS };
  // Workers of one gateway count in their primary, so that N workers allow the limit, not N times it.
  if (!client) return { kind, limiter: cluster.isWorker ? new RateLimiterCluster({ ...options, timeoutMs: 1_000 }) : new RateLimiterMemory(options) };
  return {
    kind,
    limiter: new RateLimiterRedis({
      ...options,
      storeClient: client,
      // Not connected (yet, or any more): go to the insurance at once instead of failing a command.
      rejectIfRedisNotReady: true,
      // A caller over its limit is refused from memory for the rest of its window: a flood costs no Redis round trips.
      inMemoryBlockOnConsumed: rule.points,
      insuranceLimiter: new RateLimiterMemory(options),
    }),
  };
}

type Outcome = { ok: true } | { ok: false; kind: RateLimitKind; msBeforeNext: number };

export function createRateLimits(settings: RateLimitSettings, options: { logger?: Logger } = {}): RateLimits {
  validRule('perPrincipal', settings.perPrincipal);
  validRule('perAddress', settings.perAddress);
  const logger = options.logger;
  const client = settings.redisUrl ? redisClient(settings.redisUrl, settings.redisCommandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS, logger) : undefined;
  const perPrincipal = settings.perPrincipal ? buildLimiter('principal', settings.perPrincipal, settings.keyPrefix, client) : undefined;
  const perAddress = settings.perAddress ? buildLimiter('address', settings.perAddress, settings.keyPrefix, client) : undefined;

  const count = async ({ kind, limiter }: Limiter, key: string): Promise<Outcome> => {
    try {
      await limiter.consume(key, 1);
      return { ok: true };
    } catch (result) {
      if (result instanceof RateLimiterRes) return { ok: false, kind, msBeforeNext: result.msBeforeNext };
      // Both Redis and the memory insurance failed: an error of ours, not the caller's; let it through.
      logger?.error('rate limits: counting failed; request allowed', { limit: kind, error: result });
      return { ok: true };
    }
  };

  const consume = async ({ principalKey, address, tenant }: RateLimitRequest): Promise<RateLimitDecision> => {
    const checks: Promise<Outcome>[] = [];
    if (perAddress) checks.push(count(perAddress, `${part(tenant)}:${part(addressKeyOf(address))}`));
    if (perPrincipal && principalKey !== undefined) checks.push(count(perPrincipal, `${part(tenant)}:${part(principalKey)}`));
    let refusal: RateLimitRefusal | undefined;
    for (const outcome of await Promise.all(checks)) {
      if (outcome.ok) continue;
      const retryAfterS = Math.max(1, Math.ceil(outcome.msBeforeNext / 1000));
      // Refused by both: the caller has to wait for the later one.
      if (!refusal || retryAfterS > refusal.retryAfterS) refusal = { allowed: false, retryAfterS, limit: outcome.kind };
    }
    return refusal ?? { allowed: true };
  };

  return {
    store: client ? 'redis' : 'memory',
    connected(timeoutMs = 2_000) {
      if (!client || client.status === 'ready') return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (value: boolean) => {
          clearTimeout(timer);
          client.off('ready', onReady);
          resolve(value);
        };
        const onReady = () => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        client.on('ready', onReady);
      });
    },
    consume(request) {
      // Both limits off (a deployment that limits in front of the gateway): nothing to count.
      return perAddress || perPrincipal ? consume(request) : ALLOWED;
    },
    async close() {
      if (!client || client.status === 'end') return;
      // QUIT lets commands under way finish; without a connection there is nothing to wait for
      // (and disconnect() also stops the pending reconnection).
      if (client.status !== 'ready') return client.disconnect();
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}

export interface RateLimitedAnswer {
  status: 429;
  headers: Record<string, string>;
  body: { errors: [{ message: string; extensions: { code: 'RATE_LIMITED'; retryAfterS: number; limit: RateLimitKind } }] };
}

/** The HTTP answer to a refused request: 429, Retry-After and a GraphQL-shaped error body. */
export function rateLimitedAnswer(refusal: RateLimitRefusal): RateLimitedAnswer {
  const who = refusal.limit === 'principal' ? 'this account' : 'this address';
  return {
    status: 429,
    headers: { 'retry-after': String(refusal.retryAfterS), 'content-type': 'application/json; charset=utf-8' },
    body: {
      errors: [
        {
          message: `Too many requests from ${who}; try again in ${refusal.retryAfterS} s.`,
          extensions: { code: 'RATE_LIMITED', retryAfterS: refusal.retryAfterS, limit: refusal.limit },
        },
      ],
    },
  };
}

/** Writes `rateLimitedAnswer(refusal)` to a node:http response. */
export function sendRateLimited(res: ServerResponse, refusal: RateLimitRefusal): void {
  const answer = rateLimitedAnswer(refusal);
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
