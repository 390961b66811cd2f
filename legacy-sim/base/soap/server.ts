import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { faultEnvelope, parseRequest, responseEnvelope, type ParsedRequest } from './envelope';
import { KODE, SoapFault } from './faults';
import { checkService, type SoapService } from './service';
import { wsdlFor } from './wsdl';

/**
 * The shared base of every SOAP legacy application's emulator: a node:http SOAP 1.1 server on the
 * app's own port. `GET <path>?wsdl` serves the WSDL generated from the app's description;
 * `POST <path>` takes one envelope, one operation per call, and answers with a namespaced
 * response envelope, or a soap:Fault with HTTP 500 as SOAP 1.1 does (./faults.ts). Optionally
 * requires a WS-Security UsernameToken (PasswordText), as these apps' vendors configured them.
 *
 * The same controls as the REST base for fault tests: slow every answer (or one operation's),
 * stop for real (open connections are cut), restart on the same port, count calls per operation.
 */
export interface SoapEmulatorOptions {
  /** 0 picks a free port (tests); `restart()` reuses the one first given. */
  port?: number;
  host?: string;
  /** Where the service listens (default '/ws'); the WSDL is at `<path>?wsdl`. */
  path?: string;
  /** When set, every call must carry this UsernameToken (fault E04 otherwise). */
  credentials?: { username: string; password: string };
  /** Added to every answer, in ms. */
  latencyMs?: number;
  /** Where operation failures (answered as E99) are reported; default stderr. */
  log?: (line: string) => void;
}

export interface SoapCallCounts {
  /** Calls received for an operation ('GetAktaPerkawinanByNikList'), 'WSDL' for WSDL downloads, whatever their answer. */
  of(operation: string): number;
  readonly total: number;
  snapshot(): Record<string, number>;
}

export interface RunningSoapEmulator {
  /** The service's URL, e.g. http://127.0.0.1:41234/ws */
  readonly url: string;
  /** `${url}?wsdl` */
  readonly wsdlUrl: string;
  readonly port: number;
  readonly calls: SoapCallCounts;
  /** Slows every answer by `ms` from now on (forgets per-operation settings); with `operation`, only that one's. */
  setLatency(ms: number, operation?: string): void;
  /** Stops listening and cuts every open connection; calls in progress get no answer. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
  readonly running: boolean;
}

export const WSDL_CALL = 'WSDL';
const UNKNOWN_OPERATION = 'UNKNOWN';
const MAX_BODY_BYTES = 1 << 20;

class Counts implements SoapCallCounts {
  private readonly byOperation = new Map<string, number>();
  private sum = 0;

  add(operation: string): void {
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
    this.sum += 1;
  }

  of(operation: string): number {
    return this.byOperation.get(operation) ?? 0;
  }

  get total(): number {
    return this.sum;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.byOperation);
  }
}

function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new SoapFault(KODE.TIDAK_VALID, 'PESAN TERLALU BESAR');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// Unref'd: a call waiting out its latency must not keep a stopped emulator's process (or a test run) alive.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export async function startSoapEmulator(service: SoapService, options: SoapEmulatorOptions = {}): Promise<RunningSoapEmulator> {
  checkService(service);
  const host = options.host ?? '127.0.0.1';
  const path = options.path ?? '/ws';
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const calls = new Counts();
  let latencyMs = options.latencyMs ?? 0;
  const operationLatency = new Map<string, number>();
  let port = options.port ?? 0;
  let server: Server | undefined;
  // Bumped at every stop: a call that was waiting out its latency when the server stopped is dropped.
  let generation = 0;
  const sockets = new Set<Socket>();
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = () => `http://${urlHost}:${port}${path}`;

  function send(response: ServerResponse, status: number, contentType: string, text: string): void {
    response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
    response.end(text);
  }

  async function soapCall(request: IncomingMessage): Promise<{ status: number; xml: string } | undefined> {
    const mine = generation;
    let parsed: ParsedRequest | undefined;
    let name = UNKNOWN_OPERATION;
    try {
      // The call is taken in whole before the app works on it: a caller who hangs up during the
      // wait does not stop the work (a write may land unanswered, as with the real application).
      const text = await readBody(request);
      try {
        parsed = parseRequest(service, text);
        name = parsed.operation.name;
      } finally {
        calls.add(name);
      }
      const delay = operationLatency.get(name) ?? latencyMs;
      if (delay > 0) await sleep(delay);
      if (mine !== generation) return undefined;
      if (options.credentials) {
        const given = parsed.credentials;
        if (!given || !same(given.username, options.credentials.username) || !same(given.password, options.credentials.password)) {
          throw new SoapFault(KODE.OTENTIKASI_GAGAL, 'OTENTIKASI GAGAL');
        }
      }
      if (parsed.operation.slowMs) await sleep(parsed.operation.slowMs);
      const value = await parsed.operation.handle({ operation: name, body: parsed.body, headers: request.headers });
      return { status: 200, xml: responseEnvelope(service, parsed.operation, value) };
    } catch (error) {
      if (error instanceof SoapFault) return { status: 500, xml: faultEnvelope(service, error) };
      log(`${service.app} emulator: ${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
      return { status: 500, xml: faultEnvelope(service, new SoapFault(KODE.KESALAHAN_SISTEM, 'KESALAHAN SISTEM')) };
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const mine = generation;
    const target = new URL(request.url ?? '/', 'http://emulator');
    if (target.pathname !== path) return send(response, 404, 'text/plain', 'Not Found');
    if (request.method === 'GET' && target.searchParams.has('wsdl')) {
      calls.add(WSDL_CALL);
      if (latencyMs > 0) await sleep(latencyMs);
      if (mine !== generation || response.destroyed) return;
      return send(response, 200, 'text/xml; charset=utf-8', wsdlFor(service, url()));
    }
    if (request.method !== 'POST') return send(response, 405, 'text/plain', 'Method Not Allowed');
    const answer = await soapCall(request);
    if (!answer || mine !== generation || response.destroyed) return;
    send(response, answer.status, 'text/xml; charset=utf-8', answer.xml);
  }

  async function listen(): Promise<void> {
    const next = createServer((request, response) => void handle(request, response));
    next.keepAliveTimeout = 5_000;
    next.on('connection', (socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, host, () => {
        next.off('error', reject);
        resolve();
      });
    });
    port = (next.address() as AddressInfo).port;
    server = next;
  }

  await listen();
  return {
    get url() {
      return url();
    },
    get wsdlUrl() {
      return `${url()}?wsdl`;
    },
    get port() {
      return port;
    },
    calls,
    setLatency(ms: number, operation?: string) {
      if (operation) {
        operationLatency.set(operation, Math.max(0, ms));
        return;
      }
      operationLatency.clear();
      latencyMs = Math.max(0, ms);
    },
    get running() {
      return server !== undefined;
    },
    async stop() {
      const current = server;
      if (!current) return;
      server = undefined;
      generation += 1;
      const closed = new Promise<void>((resolve) => current.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      await closed;
    },
    async restart() {
      if (server) return;
      await listen();
    },
  };
}
