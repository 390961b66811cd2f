/**
 * One "gateway replica" for tests/e2e/rate-limit-redis.test.ts, in its own Node process: builds a
 * RateLimits from RATE_LIMIT_WORKER (JSON: settings and the requests to make), says "ready" once
 * its Redis connection is, waits for "go" on stdin, makes the requests one after another and
 * prints the decisions as one JSON line.
 *
 *   node --import tsx tests/support/rate-limit-worker.ts
 */
import { createInterface } from 'node:readline';
import { createRateLimits, type RateLimitRequest, type RateLimitSettings } from '../../gateway/src/rate-limit';

export interface RateLimitWorkerJob {
  settings: RateLimitSettings;
  requests: RateLimitRequest[];
}

export interface RateLimitWorkerResult {
  pid: number;
  store: 'redis' | 'memory';
  decisions: Awaited<ReturnType<ReturnType<typeof createRateLimits>['consume']>>[];
}

async function main(): Promise<void> {
  const job = JSON.parse(process.env.RATE_LIMIT_WORKER ?? '') as RateLimitWorkerJob;
  const limits = createRateLimits(job.settings);
  if (!(await limits.connected(5_000))) throw new Error('Redis did not become ready within 5 s');
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) if (line.trim() === 'go') break;
  lines.close();
  const decisions: RateLimitWorkerResult['decisions'] = [];
  for (const request of job.requests) decisions.push(await limits.consume(request));
  const result: RateLimitWorkerResult = { pid: process.pid, store: limits.store, decisions };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await limits.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`rate-limit worker failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
