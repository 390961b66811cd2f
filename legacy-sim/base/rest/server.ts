import type { IncomingMessage, ServerResponse } from 'node:http';
import { CallCounter, Latency, RestartableServer, readBodyText, sameSecret, sleep, type CallCounts } from '../emulator-http';
import { LegacyRequestError, STATUS, gagal, type RestAnswer } from './envelope';
import { matchRoute, routeName, type HttpMethod, type MatchedRoute, type RestRoute } from './routes';

/**
 * The shared base of every REST legacy application's emulator: a node:http server on the app's
 * own port serving the routes the app declares, with the estate's REST conventions (envelope and
 * status codes in ./envelope.ts, API key header, optional rate limit) and the controls fault tests
 * need: slow every answer, stop the server for real (open connections are cut, as when the
 * application's host goes down), start it again on the same port, and count the calls per route.
 */
export type { CallCounts };

export interface RestEmulatorOptions {
  /** Catalogue id, for log lines. */
  app: string;
  /** 0 picks a free port (tests); `restart()` reuses the one first given. */
  port?: number;
  host?: string;
  apiKey: string;
  /** Header carrying the API key (default X-API-Key). */
  apiKeyHeader?: string;
  /** Added to every answer, in ms. */
  latencyMs?: number;
  /** At most `requests` per `windowMs` per API key; beyond that HTTP 429, status 91, Retry-After. */
  rateLimit?: { requests: number; windowMs: number };
  /** Where route failures (answered as status 96) are reported; default stderr. */
  log?: (line: string) => void;
}

export interface RunningRestEmulator {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly port: number;
  readonly calls: CallCounts;
  /**
   * Slows every answer by `ms` from now on (and forgets per-route settings); with `route`
   * ('POST /api/cetak'), only that route's answers.
   */
  setLatency(ms: number, route?: string): void;
  /** Stops listening and cuts every open connection; requests in progress get no answer. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
  readonly running: boolean;
}

const MAX_BODY_BYTES = 1 << 20;
const UNKNOWN_ROUTE = 'UNKNOWN';

/** Fixed windows per API key, as the old gateways in front of these apps counted. */
class RateLimiter {
  private readonly windows = new Map<string, { started: number; used: number }>();

  constructor(private readonly limit: { requests: number; windowMs: number }) {}

  /** undefined when the call may go ahead, else seconds until the window ends (at least 1). */
  check(key: string): number | undefined {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || now - window.started >= this.limit.windowMs) {
      window = { started: now, used: 0 };
      this.windows.set(key, window);
    }
    window.used += 1;
    if (window.used <= this.limit.requests) return undefined;
    return Math.max(1, Math.ceil((window.started + this.limit.windowMs - now) / 1000));
  }
}

const readBody = (request: IncomingMessage) => readBodyText(request, MAX_BODY_BYTES, () => new LegacyRequestError(STATUS.PERMINTAAN_TIDAK_VALID, 'PESAN TERLALU BESAR'));


export async function startRestEmulator(options: RestEmulatorOptions, routes: readonly RestRoute[]): Promise<RunningRestEmulator> {
  const host = options.host ?? '127.0.0.1';
  const keyHeader = (options.apiKeyHeader ?? 'X-API-Key').toLowerCase();
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const limiter = options.rateLimit ? new RateLimiter(options.rateLimit) : undefined;
  const calls = new CallCounter();
  const latency = new Latency(options.latencyMs ?? 0);
  // A request that was waiting out its latency when the server stopped is dropped (generation).
  const server = new RestartableServer((request, response) => void handle(request, response), options.port ?? 0, host);

  async function answer(request: IncomingMessage, url: URL, method: HttpMethod, matched: MatchedRoute | undefined, text: string): Promise<RestAnswer> {
    const given = request.headers[keyHeader];
    if (typeof given !== 'string' || !sameSecret(given, options.apiKey)) return gagal(STATUS.API_KEY_TIDAK_VALID, 'API KEY TIDAK VALID', 401);
    const retryAfterS = limiter?.check(given);
    if (retryAfterS !== undefined) return gagal(STATUS.SIBUK, 'LAYANAN SEDANG SIBUK, COBA LAGI NANTI', 429, { 'retry-after': String(retryAfterS) });
    if (!matched) return gagal(STATUS.LAYANAN_TIDAK_DIKENAL, 'LAYANAN TIDAK DIKENAL', 404);
    let body: unknown;
    if (method === 'POST' || method === 'PUT') {
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        return gagal(STATUS.FORMAT_SALAH, 'FORMAT PESAN SALAH');
      }
    }
    if (matched.route.slowMs) await sleep(matched.route.slowMs);
    return matched.route.handle({ method, path: url.pathname, params: matched.params, query: url.searchParams, body, headers: request.headers });
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const mine = server.generation;
    let result: RestAnswer;
    try {
      const url = new URL(request.url ?? '/', 'http://emulator');
      const method = (request.method ?? 'GET').toUpperCase() as HttpMethod;
      const matched = matchRoute(routes, method, url.pathname);
      const name = matched ? routeName(matched.route) : UNKNOWN_ROUTE;
      calls.add(name);
      // The request is taken in whole before the app gets to it: a caller who hangs up during the
      // wait does not stop the work (as with the real application, a write may land unanswered).
      const text = method === 'POST' || method === 'PUT' ? await readBody(request) : '';
      const delay = latency.for(name);
      if (delay > 0) await sleep(delay);
      if (mine !== server.generation) return;
      result = await answer(request, url, method, matched, text);
    } catch (error) {
      if (error instanceof LegacyRequestError) result = gagal(error.status, error.pesan);
      else {
        log(`${options.app} emulator: ${request.method} ${request.url} failed: ${error instanceof Error ? error.stack : String(error)}`);
        result = gagal(STATUS.KESALAHAN_SISTEM, 'KESALAHAN SISTEM');
      }
    }
    if (mine !== server.generation || response.destroyed) return;
    const text = JSON.stringify(result.envelope);
    response.writeHead(result.http, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...result.headers });
    response.end(text);
  }

  await server.listen();
  return {
    get url() {
      return `http://${server.urlHost}:${server.boundPort}`;
    },
    get port() {
      return server.boundPort;
    },
    calls,
    setLatency: (ms: number, route?: string) => latency.set(ms, route),
    get running() {
      return server.running;
    },
    stop: () => server.stop(),
    restart: () => server.listen(),
  };
}
