/**
 * `npm run bench:transport`: the CPU one subgraph call costs the gateway's process, with the
 * gateway's Transport (undici's pool) against node:http's client with a keep-alive agent (what the
 * gateway used before), in alternating rounds. The subgraph is a separate process answering a
 * search page (about 3 KB) at once, so the figure is the client's own cost: request, headers, body,
 * socket reads and writes. Printed as CPU µs per call of this process and calls per second.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { startDeadline, type Deadline } from '@core/deadline';
import { Transport } from '../gateway/src/subgraph-transport';
import { median } from './federation/report';

const CALLS = 20_000;
const CONCURRENCY = 16;
const ROUNDS = 3;

/** The subgraph stand-in: answers every POST with the same JSON once the body is read. */
const SERVER = `
const body = JSON.stringify({ data: { residents: { edges: Array.from({ length: 20 }, (_, i) => ({ node: { nik: '36740112345600' + String(i).padStart(2, '0'), name: 'Budi Santoso ' + i, birthDate: '1990-01-01', family: { number: '3674010101090' + String(i).padStart(3, '0') } } })), pageInfo: { hasNextPage: true, endCursor: 'abc' } } } });
require('node:http').createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body));
}).listen(0, '127.0.0.1', function () { process.send(this.address().port); });
`;

const payload = JSON.stringify({ query: 'query ($name: String!, $region: String!) { residents(filter: { name: $name, regionCode: $region }, first: 20) { edges { node { nik name birthDate family { number } } } pageInfo { hasNextPage endCursor } } }', variables: { name: 'budi', region: '36.74.01' } });
// A hop token's size: the header is part of every call.
const headers = { 'x-gerbang-context': 'h'.repeat(700) };

/** The client the gateway used before (its Transport until 2026-11-30): node:http with a keep-alive agent, bounded by the signal. */
function nodeHttpClient(url: URL): (deadline: Deadline) => Promise<string> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256, scheduling: 'lifo' });
  return (deadline) =>
    new Promise((resolve, reject) => {
      const signal = deadline.signal;
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        fn();
      };
      const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => settle(() => resolve(Buffer.concat(chunks).toString('utf8'))));
        res.on('error', (error) => settle(() => reject(error)));
        res.on('close', () => settle(() => reject(new Error('connection closed before the answer was complete'))));
      });
      const onAbort = () => settle(() => {
        req.destroy();
        reject(signal.reason);
      });
      signal.addEventListener('abort', onAbort, { once: true });
      req.on('error', (error) => settle(() => reject(error)));
      req.end(payload);
    });
}

/** Every call has a deadline of its own, as each gateway request has. */
async function measure(call: (deadline: Deadline) => Promise<unknown>): Promise<{ cpuMicros: number; perSecond: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let sent = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (sent++ < CALLS) {
      const deadline = startDeadline(10_000);
      await call(deadline.deadline).finally(deadline.dispose);
    }
  }));
  const used = process.cpuUsage(cpu);
  return { cpuMicros: (used.user + used.system) / CALLS, perSecond: CALLS / ((performance.now() - started) / 1000) };
}

async function main(): Promise<void> {
  const server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => server.once('message', (m) => resolve(Number(m))));
  const url = new URL(`http://127.0.0.1:${port}/graphql`);
  const transport = new Transport({ maxSockets: 256 });
  const clients = {
    'node:http (before)': nodeHttpClient(url),
    'Transport (undici)': (deadline: Deadline) => transport.postJson(url, headers, payload, deadline),
  };
  const results: Record<string, number[]> = {};
  try {
    for (const call of Object.values(clients)) await measure(call); // warm-up
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, call] of Object.entries(clients)) {
        const { cpuMicros, perSecond } = await measure(call);
        (results[name] ??= []).push(cpuMicros);
        process.stderr.write(`round ${round}, ${name}: ${cpuMicros.toFixed(1)} µs CPU per call, ${Math.round(perSecond)} calls/s\n`);
      }
    }
  } finally {
    await transport.close();
    server.kill();
  }
  const [before, after] = Object.values(results).map(median);
  process.stdout.write(`\n| client | CPU µs per call (median of ${ROUNDS}) |\n|---|---:|\n`);
  for (const [name, values] of Object.entries(results)) process.stdout.write(`| ${name} | ${median(values).toFixed(1)} |\n`);
  process.stdout.write(`\nTransport / node:http: ${(after! / before!).toFixed(2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
