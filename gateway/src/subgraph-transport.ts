import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/**
 * The gateway's HTTP client for subgraph calls: node:http with a keep-alive pool per process.
 * Subgraph calls are the gateway's hot path (one or more per client request), and plain
 * node:http with pooled sockets costs less per call than a WHATWG fetch implementation.
 */
export interface SubgraphHttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const agents = {
  'http:': new HttpAgent({ keepAlive: true, maxSockets: 256, scheduling: 'lifo' }),
  'https:': new HttpsAgent({ keepAlive: true, maxSockets: 256, scheduling: 'lifo' }),
};

export class SubgraphTimeout extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'SubgraphTimeout';
  }
}

export function postJson(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<SubgraphHttpResponse> {
  const https = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)(
      url,
      {
        method: 'POST',
        agent: agents[https ? 'https:' : 'http:'],
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new SubgraphTimeout(timeoutMs)));
    req.on('error', reject);
    req.end(body);
  });
}
