import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/**
 * The gateway's HTTP client for subgraph calls: node:http with a keep-alive pool per process.
 * Subgraph calls are the gateway's hot path (one or more per client request), and plain
 * node:http with pooled sockets costs less per call than a WHATWG fetch implementation.
 *
 * A call lives exactly as long as its signal: waiting for a pooled socket, sending, waiting for
 * the first byte and reading a trickling body all end when the request's deadline passes or its
 * caller leaves (a per-socket idle timer would let a subgraph that trickles hold a call forever).
 */
export interface SubgraphHttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface TransportOptions {
  /** Sockets per subgraph origin; requests beyond it wait in the pool (and that wait counts). */
  maxSockets: number;
}

export class Transport {
  private readonly agents: { 'http:': HttpAgent; 'https:': HttpsAgent };

  constructor(options: TransportOptions) {
    const agent = { keepAlive: true, maxSockets: options.maxSockets, scheduling: 'lifo' as const };
    this.agents = { 'http:': new HttpAgent(agent), 'https:': new HttpsAgent(agent) };
  }

  /**
   * POSTs `body` (a string, or exact bytes: a relayed callback's signature covers them); rejects
   * with the signal's reason as soon as it aborts, whatever stage the call is in.
   */
  postJson(url: URL, headers: Record<string, string>, body: string | Buffer, signal: AbortSignal): Promise<SubgraphHttpResponse> {
    const https = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        fn();
      };
      const req = (https ? httpsRequest : httpRequest)(
        url,
        {
          method: 'POST',
          agent: this.agents[https ? 'https:' : 'http:'],
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => settle(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })));
          res.on('error', (error) => settle(() => reject(error)));
          res.on('close', () => settle(() => reject(new Error('connection closed before the answer was complete'))));
        },
      );
      // Destroying the request also takes it out of the pool's queue if it was still waiting there.
      const onAbort = () => settle(() => {
        req.destroy();
        reject(signal.reason);
      });
      signal.addEventListener('abort', onAbort, { once: true });
      req.on('error', (error) => settle(() => reject(error)));
      req.end(body);
    });
  }

  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }
}
