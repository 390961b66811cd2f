import type { IncomingMessage, ServerResponse } from 'node:http';
import { CallCounter, Latency, RestartableServer, readBodyText, sameSecret, sleep, type CallCounts } from '../emulator-http';
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

/** Calls received per operation ('GetAktaPerkawinanByNikList'), 'WSDL' for WSDL downloads, whatever their answer. */
export type SoapCallCounts = CallCounts;

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

const readBody = (request: IncomingMessage) => readBodyText(request, MAX_BODY_BYTES, () => new SoapFault(KODE.TIDAK_VALID, 'PESAN TERLALU BESAR'));


export async function startSoapEmulator(service: SoapService, options: SoapEmulatorOptions = {}): Promise<RunningSoapEmulator> {
  checkService(service);
  const host = options.host ?? '127.0.0.1';
  const path = options.path ?? '/ws';
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const calls = new CallCounter();
  const latency = new Latency(options.latencyMs ?? 0);
  // A call that was waiting out its latency when the server stopped is dropped (generation).
  const server = new RestartableServer((request, response) => void handle(request, response), options.port ?? 0, host);
  const url = () => `http://${server.urlHost}:${server.boundPort}${path}`;

  function send(response: ServerResponse, status: number, contentType: string, text: string): void {
    response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
    response.end(text);
  }

  async function soapCall(request: IncomingMessage): Promise<{ status: number; xml: string } | undefined> {
    const mine = server.generation;
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
      const delay = latency.for(name);
      if (delay > 0) await sleep(delay);
      if (mine !== server.generation) return undefined;
      if (options.credentials) {
        const given = parsed.credentials;
        if (!given || !sameSecret(given.username, options.credentials.username) || !sameSecret(given.password, options.credentials.password)) {
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
    const mine = server.generation;
    const target = new URL(request.url ?? '/', 'http://emulator');
    if (target.pathname !== path) return send(response, 404, 'text/plain', 'Not Found');
    if (request.method === 'GET' && target.searchParams.has('wsdl')) {
      calls.add(WSDL_CALL);
      const delay = latency.for();
      if (delay > 0) await sleep(delay);
      if (mine !== server.generation || response.destroyed) return;
      return send(response, 200, 'text/xml; charset=utf-8', wsdlFor(service, url()));
    }
    if (request.method !== 'POST') return send(response, 405, 'text/plain', 'Method Not Allowed');
    const answer = await soapCall(request);
    if (!answer || mine !== server.generation || response.destroyed) return;
    send(response, answer.status, 'text/xml; charset=utf-8', answer.xml);
  }

  await server.listen();
  return {
    get url() {
      return url();
    },
    get wsdlUrl() {
      return `${url()}?wsdl`;
    },
    get port() {
      return server.boundPort;
    },
    calls,
    setLatency: (ms: number, operation?: string) => latency.set(ms, operation),
    get running() {
      return server.running;
    },
    stop: () => server.stop(),
    restart: () => server.listen(),
  };
}
