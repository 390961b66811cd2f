import { Pool, type Dispatcher } from 'undici';
import type { Deadline } from '@core/deadline';

/**
 * The gateway's HTTP client for subgraph calls: undici, a keep-alive pool per subgraph origin.
 * Subgraph calls are the gateway's hot path (one or more per client request). Through its handler
 * interface (dispatch: no body stream per call) undici's pool costs 0.54–0.62 of the CPU per call
 * of node:http's client with a keep-alive agent (`npm run bench:transport`, docs/benchmarks.md:
 * 100–132 against 54–81 µs for a 3 KB answer), and that CPU is taken from the subgraphs when they
 * share the machine.
 *
 * A call lives exactly as long as its deadline: waiting for a pooled connection, sending, waiting for
 * the first byte and reading a trickling body all end when the request's deadline passes or its
 * caller leaves (a per-socket idle timer would let a subgraph that trickles hold a call forever).
 * It then rejects with the deadline's Cancelled, whatever stage the call was in. It listens through
 * `Deadline.onCancel`, not an AbortSignal: no AbortController or EventTarget listener per call.
 */
export interface SubgraphHttpResponse {
  status: number;
  /** The answer's bytes as received: the single-fetch path writes them on as they are, without decoding. */
  body: Buffer;
}

export interface TransportOptions {
  /** Connections per subgraph origin; calls beyond it wait in the pool (and that wait counts). */
  maxSockets: number;
}

export class Transport {
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly options: TransportOptions) {}

  /**
   * POSTs `body` (a string, or exact bytes: a relayed callback's signature covers them).
   *
   * A 408 is sent again once, on another connection. Node's HTTP server answers 408 (and closes the
   * connection) when a request has not fully arrived in time (headersTimeout, requestTimeout), and
   * HTTP lets the client repeat such a request (RFC 9110 §15.5.9). A subgraph runs an operation only
   * once its whole body has arrived, so nothing can have been done twice; the hop token is single-use
   * besides. It came to 12 calls at one instant of a long `npm run bench` run, each of which the
   * caller would otherwise have seen as the subgraph being unavailable.
   */
  async postJson(url: URL, headers: Record<string, string>, body: string | Buffer, deadline: Deadline): Promise<SubgraphHttpResponse> {
    const first = await this.post(url, headers, body, deadline);
    return first.status === 408 ? this.post(url, headers, body, deadline) : first;
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.destroy()));
  }

  private post(url: URL, headers: Record<string, string>, body: string | Buffer, deadline: Deadline): Promise<SubgraphHttpResponse> {
    return new Promise((resolve, reject) => {
      if (deadline.cancelled) return reject(deadline.cancelled);
      // undici's handler interface, not its request(): no body stream per call, one listener on the deadline.
      this.poolOf(url).dispatch(
        { path: url.pathname + url.search, method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body },
        new Call(deadline, resolve, reject),
      );
    });
  }

  private poolOf(url: URL): Pool {
    let pool = this.pools.get(url.origin);
    if (!pool) {
      pool = new Pool(url.origin, { connections: this.options.maxSockets, pipelining: 1 });
      this.pools.set(url.origin, pool);
    }
    return pool;
  }
}

/**
 * One call's handler for undici: collects the answer and settles once, on the answer, an error or
 * the deadline ending. Methods on a class, not closures per call (the gateway's hot path).
 */
class Call implements Dispatcher.DispatchHandlers {
  private status = 0;
  private readonly chunks: Buffer[] = [];
  private settled = false;
  private abortCall: ((reason: Error) => void) | undefined;
  private readonly stopListening: () => void;

  constructor(
    private readonly deadline: Deadline,
    private readonly resolve: (answer: SubgraphHttpResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    // A call still queued for a connection is answered at once; it ends as it gets one (onConnect).
    this.stopListening = deadline.onCancel((reason) => {
      if (!this.settle()) return;
      this.abortCall?.(reason);
      reject(reason);
    });
  }

  onConnect(abort: (reason: Error) => void): void {
    if (this.settled) abort(this.deadline.cancelled ?? new Error('the call has ended'));
    else this.abortCall = abort;
  }

  onHeaders(statusCode: number): boolean {
    this.status = statusCode;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.settle()) this.resolve({ status: this.status, body: Buffer.concat(this.chunks) });
  }

  onError(error: Error): void {
    if (this.settle()) this.reject(error);
  }

  /** True the first time: the call is settled from now on and stops listening to its deadline. */
  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.stopListening();
    return true;
  }
}
