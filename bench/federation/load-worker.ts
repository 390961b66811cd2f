/**
 * The load generator as a process of its own, so it can be pinned apart from the gateway:
 * `node --import tsx bench/federation/load-worker.ts '<json LoadSpec>'`. Sends the benchmark's
 * request on N keep-alive connections for D seconds with autocannon and prints one JSON line.
 * An answer that is not 200 or carries GraphQL errors counts as a failure, as in the benchmark's
 * k6 checks ("response code was 200", "no graphql errors").
 */
import autocannon from 'autocannon';
import { BENCHMARK_BODY } from './query';
import type { LoadResult, LoadSpec } from './load';

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '') as LoadSpec;
  const result = await autocannon({
    url: spec.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: BENCHMARK_BODY,
    connections: spec.connections,
    duration: spec.durationS,
    timeout: 30,
    verifyBody: (body) => !String(body).includes('"errors"'),
  });
  const out: LoadResult = {
    requestsPerSecond: result.requests.average,
    // Not in autocannon's types: every request written, answered or not when the time was up.
    sent: (result.requests as { sent?: number }).sent ?? result['2xx'] + result.non2xx,
    completed: result['2xx'] + result.non2xx,
    ok: result['2xx'],
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    graphqlErrors: result.mismatches,
    durationS: result.duration,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`load generator failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
