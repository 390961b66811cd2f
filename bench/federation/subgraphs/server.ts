import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BadRequest, SubgraphExecutor } from './executor';
import type { BenchSubgraph } from './definition';

/**
 * One benchmark subgraph on plain node:http: `POST /graphql`, and `GET /count`, which answers
 * `{"requests": n}` (GraphQL requests served since start) so the bench can tell how many subgraph
 * calls each gateway made per query. `/healthz` and `/readyz` answer 200 for readiness probes.
 */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

function send(res: ServerResponse, status: number, json: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BadRequest('the body is too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function createSubgraphServer(subgraph: BenchSubgraph): Server {
  const executor = new SubgraphExecutor(subgraph);
  let served = 0;
  const error = (message: string) => JSON.stringify({ errors: [{ message }] });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/count') return send(res, 200, JSON.stringify({ subgraph: subgraph.name, requests: served }));
    if (req.method === 'GET' && (path === '/healthz' || path === '/readyz')) return send(res, 200, '{}');
    if (path !== '/graphql') return send(res, 404, error('not found'));
    if (req.method !== 'POST') return send(res, 405, error('POST a GraphQL request to /graphql'));
    served += 1;
    try {
      send(res, 200, await executor.answer(await readBody(req)));
    } catch (e) {
      if (e instanceof BadRequest) return send(res, 400, error(e.message));
      process.stderr.write(`${subgraph.name}: ${e instanceof Error ? e.message : String(e)}\n`);
      send(res, 500, error('internal error'));
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  // Gateways keep pooled connections open for a long time; do not drop them under their feet.
  server.keepAliveTimeout = 120_000;
  return server;
}
