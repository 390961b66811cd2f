import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { WSSecurity, createClientAsync, type Client } from 'soap';
import type { Deadline } from '@core/deadline';
import { LegacyFault, ResiliencePolicy, type LegacyHealth, type ResilienceSettings } from '../resilience';
import { faultFromSoapError, soapFaultOf, type SoapFaultDetail } from './faults';

/**
 * The shared base for every adapter of a SOAP legacy application: one client per app instance
 * (service URL, credentials, its own keep-alive connections and resilience policy), shared by all
 * requests of the process, built on the `soap` package.
 *
 * - The WSDL is read from `<url>?wsdl` on the first call and kept; a failed read is not kept (the
 *   next call reads again). Its download is shared by the calls waiting for it and bounded by the
 *   app timeout; each call still answers at its own deadline.
 * - Every call goes through the policy (../resilience): never sent once the deadline has passed or
 *   the caller left, bounded by min(app timeout, time left), behind the app's breaker, counted and
 *   timed. The per-attempt AbortSignal goes to the `soap` package, which hands it to its HTTP
 *   client (axios): the request is aborted on the wire, and the policy drops a late answer.
 * - Each operation is declared a read (tried again on the way failures) or a write (sent once).
 * - A soap:Fault becomes a LegacyFault (./faults.ts) with the app's code as `legacyStatus`, kept
 *   in the error's cause only; `callAccepting` hands back the faults a caller expects (e.g. E03,
 *   already exists) as answers instead.
 */
export type SoapOperationKind = 'read' | 'write';

export interface SoapClientOptions {
  /** The service URL, e.g. http://akta-kawin.internal:4311/ws (the WSDL is at `?wsdl`; calls go here whatever the WSDL says). */
  url: string;
  /** WS-Security UsernameToken (PasswordText), when the app requires one. */
  credentials?: { username: string; password: string };
  /** Every operation the adapter uses, as a read or a write. */
  operations: Readonly<Record<string, SoapOperationKind>>;
  /** A cheap read the app answers when it is up, for readiness. */
  pingOperation: string;
  resilience: ResilienceSettings;
  /** Connections kept open to the app (default 10). */
  maxSockets?: number;
}

export type SoapAnswer<T> = { body: T | null; fault?: undefined } | { body?: undefined; fault: SoapFaultDetail };

type AsyncOperation = (args: unknown, options: Record<string, unknown>) => Promise<[unknown, ...unknown[]]>;

export class SoapLegacyClient {
  readonly policy: ResiliencePolicy;
  private readonly agent: HttpAgent;
  private wsdlClient: Promise<Client> | undefined;

  constructor(
    readonly app: string,
    private readonly options: SoapClientOptions,
  ) {
    const keepAlive = { keepAlive: true, maxSockets: options.maxSockets ?? 10, keepAliveMsecs: 1_000 };
    this.agent = new URL(options.url).protocol === 'https:' ? new HttpsAgent(keepAlive) : new HttpAgent(keepAlive);
    this.policy = new ResiliencePolicy(app, options.resilience);
    if (options.operations[options.pingOperation] !== 'read') throw new Error(`${app}: the ping operation ${options.pingOperation} must be a declared read`);
  }

  /** Calls really sent (attempts, retries included) since the client was made; tests take differences. */
  get callCount(): number {
    return this.policy.callCount;
  }

  health(): LegacyHealth {
    return this.policy.health();
  }

  /** One operation; its response element's content (null when empty). Any soap:Fault is a failure. */
  async call<T>(operation: string, args: Record<string, unknown>, deadline: Deadline): Promise<T | null> {
    const answer = await this.callAccepting<T>(operation, args, deadline, []);
    return answer.body ?? null;
  }

  /** One operation; a soap:Fault whose code is in `accept` is an answer (`fault`), not a failure. */
  async callAccepting<T>(operation: string, args: Record<string, unknown>, deadline: Deadline, accept: readonly string[]): Promise<SoapAnswer<T>> {
    const kind = this.options.operations[operation];
    if (!kind) throw new Error(`${this.app}: operation ${operation} is not declared`);
    const attempt = (signal: AbortSignal) => this.send<T>(operation, args, signal, accept);
    return kind === 'read' ? this.policy.read(deadline, attempt) : this.policy.write(deadline, attempt);
  }

  /** Readiness: the app answers its ping operation. */
  async ping(deadline: Deadline): Promise<void> {
    await this.call(this.options.pingOperation, {}, deadline);
  }

  close(): void {
    this.agent.destroy();
    this.policy.dispose();
  }

  private async send<T>(operation: string, args: Record<string, unknown>, signal: AbortSignal, accept: readonly string[]): Promise<SoapAnswer<T>> {
    const client = await this.client();
    const method = (client as unknown as Record<string, AsyncOperation | undefined>)[`${operation}Async`];
    // The app's WSDL no longer offers what we were built against: it is unusable for us.
    if (typeof method !== 'function') throw new LegacyFault('unavailable', `${this.app}: the WSDL has no operation ${operation}`);
    if (signal.aborted) throw signal.reason as Error;
    try {
      const [result] = await method.call(client, args, { signal, httpAgent: this.agent, httpsAgent: this.agent });
      return { body: (result ?? null) as T | null };
    } catch (error) {
      // An abort is the policy's doing: it answers the caller with the reason itself.
      if (signal.aborted) throw signal.reason as Error;
      const fault = soapFaultOf(error);
      if (fault && accept.includes(fault.code)) return { fault };
      throw faultFromSoapError(error, `${this.app} ${operation}`) ?? error;
    }
  }

  /** The `soap` client from the app's WSDL: read once, shared; a failed read is forgotten. */
  private client(): Promise<Client> {
    if (!this.wsdlClient) {
      const wsdlUrl = `${this.options.url}?wsdl`;
      const pending = createClientAsync(wsdlUrl, {
        endpoint: this.options.url,
        disableCache: true,
        wsdl_options: { httpAgent: this.agent, httpsAgent: this.agent, signal: AbortSignal.timeout(this.options.resilience.timeoutMs) },
      }).then((client) => {
        const credentials = this.options.credentials;
        if (credentials) client.setSecurity(new WSSecurity(credentials.username, credentials.password, { passwordType: 'PasswordText', hasTimeStamp: false, hasTokenCreated: false }));
        return client;
      }, (error: unknown) => {
        throw faultFromSoapError(error, `${this.app} WSDL`) ?? new LegacyFault('unavailable', `${this.app}: unusable WSDL`, { cause: error });
      });
      this.wsdlClient = pending;
      pending.catch(() => {
        if (this.wsdlClient === pending) this.wsdlClient = undefined;
      });
    }
    return this.wsdlClient;
  }
}
