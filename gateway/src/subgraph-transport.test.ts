import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transport } from './subgraph-transport';
import { Cancelled, deadlineIn, startDeadline } from '@core/deadline';

/** A subgraph stand-in that answers each call with the next status of `statuses` (the last one repeats). */
async function subgraphAnswering(statuses: number[]): Promise<{ url: URL; calls: string[]; server: Server }> {
  const calls: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      calls.push(Buffer.concat(chunks).toString('utf8'));
      const status = statuses[Math.min(calls.length, statuses.length) - 1]!;
      // As Node's own request-timeout answer: no body, and the connection closed.
      if (status === 408) res.writeHead(408, { connection: 'close' }).end();
      else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { call: calls.length } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`), calls, server };
}

describe('Transport', () => {
  let transport: Transport;
  let server: Server | undefined;
  beforeEach(() => (transport = new Transport({ maxSockets: 4 })));
  afterEach(async () => {
    await transport.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it('sends a call again once when the subgraph answered 408 (it never handled it), with the same body', async () => {
    const subgraph = await subgraphAnswering([408, 200]);
    server = subgraph.server;
    const answer = await transport.postJson(subgraph.url, { 'x-test': '1' }, '{"query":"{ a }"}', deadlineIn(5_000));
    expect(answer.status).toBe(200);
    expect(answer.body.toString('utf8')).toBe('{"data":{"call":2}}');
    expect(subgraph.calls).toEqual(['{"query":"{ a }"}', '{"query":"{ a }"}']);
  });

  it('sends it again only once: a second 408 is the answer', async () => {
    const subgraph = await subgraphAnswering([408]);
    server = subgraph.server;
    const answer = await transport.postJson(subgraph.url, {}, '{}', deadlineIn(5_000));
    expect(answer.status).toBe(408);
    expect(subgraph.calls).toHaveLength(2);
  });

  it('never sends again on any other answer: a 500 may have been handled', async () => {
    const subgraph = await subgraphAnswering([500, 200]);
    server = subgraph.server;
    const answer = await transport.postJson(subgraph.url, {}, '{}', deadlineIn(5_000));
    expect(answer.status).toBe(500);
    expect(subgraph.calls).toHaveLength(1);
  });

  it('ends a call the moment its deadline ends, whatever the subgraph is doing', async () => {
    const silent = createServer(() => undefined); // takes the call and never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    server = silent;
    const url = new URL(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/graphql`);
    const slow = startDeadline(10_000);
    const call = transport.postJson(url, {}, '{}', slow.deadline);
    setTimeout(() => slow.callerLeft(), 50);
    await expect(call).rejects.toEqual(new Cancelled('CALLER_LEFT'));
    await expect(transport.postJson(url, {}, '{}', deadlineIn(30))).rejects.toEqual(new Cancelled('DEADLINE_EXCEEDED'));
    silent.closeAllConnections();
  });
});
