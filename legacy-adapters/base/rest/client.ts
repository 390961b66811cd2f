import type { Agent } from 'node:http';
import type { Deadline } from '@core/deadline';
import { ResiliencePolicy, type LegacyHealth, type ResilienceSettings } from '../resilience';
import { decodeEnvelope, NOT_FOUND, type DecodedEnvelope } from './envelope';
import { exchange, keepAliveAgent } from './http';

/**
 * The shared base for every adapter of a REST legacy application: one client per app instance
 * (base URL, API key, its own keep-alive connections and resilience policy), shared by all
 * requests of the process. Every call goes through the policy (../resilience): bounded by the app
 * timeout and the request's deadline, counted, timed, behind the app's circuit breaker; reads are
 * tried again on the way failures, writes never. Answers are decoded from the estate's envelope
 * (./envelope.ts). Failures reach callers as LEGACY_UNAVAILABLE / LEGACY_TIMEOUT /
 * DEADLINE_EXCEEDED, with URL, status and payload only in the error's cause.
 */
export interface RestClientOptions {
  /** e.g. http://ktp-cetak.internal:8080 (a path prefix is kept). */
  baseUrl: string;
  apiKey: string;
  /** Header that carries the API key (default X-API-Key). */
  apiKeyHeader?: string;
  /** A cheap GET the app answers with status 00 when it is up, for readiness. */
  pingPath: string;
  resilience: ResilienceSettings;
  /** Connections kept open to the app (default 10). */
  maxSockets?: number;
}

export type QueryValue = string | number | readonly string[] | undefined;
export type Query = Record<string, QueryValue>;

export interface RestCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Query;
  body?: unknown;
  /**
   * A read (safe to send again): tried again on the way failures. A GET is always safe; a POST
   * search may say so. Anything that changes the app's data must not.
   */
  safe: boolean;
  /** Statuses besides '00' and '14' that are answers for this call (e.g. '51', already exists). */
  accept?: readonly string[];
}

export interface Page<T> {
  items: T[];
  halaman: number;
  perHalaman: number;
  /** As the app reports it; undefined when it does not. */
  total: number | undefined;
  hasNextPage: boolean;
}

export class RestLegacyClient {
  readonly policy: ResiliencePolicy;
  private readonly agent: Agent;
  private readonly base: URL;

  constructor(
    readonly app: string,
    private readonly options: RestClientOptions,
  ) {
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.agent = keepAliveAgent(this.base, options.maxSockets ?? 10);
    this.policy = new ResiliencePolicy(app, options.resilience);
  }

  /** Calls really sent (retries included) since the client was made; tests take differences. */
  get callCount(): number {
    return this.policy.callCount;
  }

  health(): LegacyHealth {
    return this.policy.health();
  }

  /** One call, decoded; throws for anything but '00', '14' and the statuses in `accept`. */
  async call<T>(call: RestCall, deadline: Deadline): Promise<DecodedEnvelope<T>> {
    const url = this.urlFor(call.path, call.query);
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const headers = { [this.options.apiKeyHeader ?? 'X-API-Key']: this.options.apiKey };
    const what = `${call.method} ${url.pathname}`;
    const attempt = async (signal: AbortSignal) => decodeEnvelope<T>(await exchange(this.agent, { method: call.method, url, headers, body }, signal), what, call.accept);
    return call.safe ? this.policy.read(deadline, attempt) : this.policy.write(deadline, attempt);
  }

  /** A GET's data; null when the app says '14' (not found). */
  async get<T>(path: string, query: Query, deadline: Deadline): Promise<T | null> {
    return (await this.call<T>({ method: 'GET', path, query, safe: true }, deadline)).data;
  }

  /** One page of a paged list (`?halaman=&per_halaman=`); '14' is an empty page. */
  async getPage<T>(path: string, query: Query, page: { halaman: number; perHalaman: number }, deadline: Deadline): Promise<Page<T>> {
    const answer = await this.call<T[]>({ method: 'GET', path, query: { ...query, halaman: page.halaman, per_halaman: page.perHalaman }, safe: true }, deadline);
    const items = answer.status === NOT_FOUND || !Array.isArray(answer.data) ? [] : answer.data;
    const total = answer.total;
    const seen = (page.halaman - 1) * page.perHalaman + items.length;
    return {
      items,
      halaman: answer.halaman ?? page.halaman,
      perHalaman: answer.perHalaman ?? page.perHalaman,
      total,
      // Without a total, a full page may be followed by another.
      hasNextPage: total !== undefined ? seen < total : items.length === page.perHalaman,
    };
  }

  /** A POST that changes something: sent at most once. Returns the decoded envelope (see `accept`). */
  async post<T>(path: string, body: unknown, deadline: Deadline, accept: readonly string[] = []): Promise<DecodedEnvelope<T>> {
    return this.call<T>({ method: 'POST', path, body, safe: false, accept }, deadline);
  }

  /** Readiness: the app answers its ping route with '00'. */
  async ping(deadline: Deadline): Promise<void> {
    await this.call({ method: 'GET', path: this.options.pingPath, safe: true }, deadline);
  }

  close(): void {
    this.agent.destroy();
    this.policy.dispose();
  }

  private urlFor(path: string, query: Query = {}): URL {
    const url = new URL(path.replace(/^\//, ''), this.base);
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      // Lists go as one comma-separated parameter, as these apps read them (nik=a,b,c).
      url.searchParams.set(key, Array.isArray(value) ? value.join(',') : String(value));
    }
    return url;
  }
}
