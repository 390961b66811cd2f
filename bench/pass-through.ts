/**
 * The `pass-through` target of `npm run bench`: the least a Node process in front of a Gerbang
 * subgraph must do per request, and nothing more. It takes the caller's request with node:http's
 * server and the gateway's body reader, signs the hop token the subgraph demands (with the development key, ES256, bound to the body), sends the body as
 * it came through the gateway's own subgraph transport (undici), and writes the answer as it came.
 * No authentication, query plan, access rules, deadlines, rate limits, metrics or logs.
 *
 * It is the floor under the gateway: `gateway / pass-through` is what Gerbang adds above a bare hop,
 * and `pass-through / direct` is what any Node gateway would cost on the same machine. Bench only:
 * it signs every call as the bench's administrator with the development key, which subgraphs trust
 * in development mode alone, and it listens on the loopback address.
 */
import { createServer } from 'node:http';
import { readBody } from '@core/http/read-body';
import { deadlineIn } from '@core/deadline';
import { Transport } from '../gateway/src/subgraph-transport';
import { loadBenchConfig } from './config';
import { benchHopHeader } from './hop';

// The bench's own settings (the bench starts this process with its environment).
const bench = loadBenchConfig();
const port = bench.BENCH_PASS_THROUGH_PORT;
const target = new URL(`http://127.0.0.1:${bench.BENCH_POPULATION_PORT}/graphql`);

const transport = new Transport({ maxSockets: 256 });
/** A deadline that never passes in a bench run (setTimeout's longest, about 24 days). */
const NO_DEADLINE = deadlineIn(2_147_483_647);
/** The gateway's default GATEWAY_MAX_BODY_BYTES. */
const MAX_BODY_BYTES = 1_000_000;

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/readyz') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ready');
    return;
  }
  readBody(req, MAX_BODY_BYTES)
    .then((body) => transport.postJson(target, benchHopHeader(body), body, NO_DEADLINE))
    .then(
      (answer) => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body),
      () => res.writeHead(502, { 'content-type': 'application/json' }).end('{"errors":[{"message":"no answer from the subgraph"}]}'),
    );
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1');

const stop = () => server.close(() => void transport.close().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
