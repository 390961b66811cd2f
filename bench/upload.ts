/**
 * `npm run bench:upload`: streams files of growing size through the gateway's `POST /uploads` to
 * the archive (documents subgraph → arsip), each process its own, and samples the gateway's and
 * the subgraph's resident memory (/proc/<pid>/status VmRSS) every 20 ms. A streamed upload keeps
 * memory flat: the peak for 200 MB must be within a few MB of the peak for 2 MB. Also checks the
 * archive's checksum against the bytes sent, and that an oversized file is refused and leaves no
 * file behind.
 *
 *   npm run bench:upload                         # 2, 20 and 200 MB
 *   BENCH_UPLOAD_SIZES_MB=2,50 npm run bench:upload
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { httpUrl } from '@core/http/graphql-server';
import { locateAppFolders } from '@core/files/app-folders';
import { locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { issueToken } from '../gateway/src/auth/issue-token';
import { loadSimConfig } from '../legacy-sim/config';
import { provisionEstate } from '../legacy-sim/provision';
import { sampleResidents } from '../legacy-sim/siak/back-office';
import { documentsLegacyApps, startLegacyApps } from '../scripts/lib/legacy-apps';
import { startProcess, stopAll, waitUntilReady, type RunningProcess } from '../scripts/lib/processes';
import { loadBenchConfig } from './config';

const MB = 1_000_000;
const bench = loadBenchConfig();
const SIZES_MB = bench.BENCH_UPLOAD_SIZES_MB.split(',').map(Number).filter((n) => n > 0);
const GATEWAY_PORT = bench.BENCH_GATEWAY_PORT;
const DOCUMENTS_PORT = bench.BENCH_DOCUMENTS_PORT;
const LIMIT = Math.max(...SIZES_MB) * MB + 1_000_000;

function rssOf(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

/** Samples a process's RSS until stopped; answers the peak. */
function sampleRss(pid: number): { stop(): number } {
  let peak = rssOf(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 20);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssOf(pid));
    },
  };
}

/** A PDF header, then `size` bytes in 64 KiB chunks made on the fly (the bench never holds the file either). */
async function* pdfOfSize(size: number, hash: ReturnType<typeof createHash>): AsyncGenerator<Buffer> {
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  hash.update(head);
  yield head;
  let left = size - head.length;
  let n = 0;
  while (left > 0) {
    const chunk = Buffer.alloc(Math.min(65_536, left), (n++ % 251) + 1);
    hash.update(chunk);
    left -= chunk.length;
    yield chunk;
  }
}

async function upload(url: string, token: string, owner: string, key: string, size: number): Promise<{ status: number; body: Record<string, unknown>; sha256: string; seconds: number }> {
  const hash = createHash('sha256');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${url}/uploads?owner=${owner}&type=KK&name=scan-${size}.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-purpose': 'benchmark', 'idempotency-key': key, 'content-type': 'application/pdf', 'content-length': size },
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>, sha256: hash.digest('hex'), seconds: (performance.now() - started) / 1000 }));
    });
    // A refusal is answered before the whole file is sent; the server then stops reading.
    req.on('error', (error) => (answered ? undefined : reject(error)));
    void (async () => {
      for await (const chunk of pdfOfSize(size, hash)) {
        if (req.destroyed || answered) return;
        if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
      }
      req.end();
    })().catch((error: unknown) => (answered ? undefined : reject(error)));
  });
}

async function main(): Promise<void> {
  const sim = loadSimConfig();
  await provisionEstate(sim.storage, sim.world, { log: (line) => process.stderr.write(line + '\n') });
  const siak = openAppDatabase(locateAppDatabase('siak', sim.storage));
  const [resident] = await sampleResidents(siak, 1);
  await siak.destroy();
  const running: RunningProcess[] = [];
  try {
    const devEnv = { GERBANG_DEV_MODE: '1', GERBANG_LOG_LEVEL: 'warn' };
    const appEnv = startLegacyApps(documentsLegacyApps(), running, devEnv);
    const documents = startProcess('documents subgraph', 'subgraphs/documents/src/index.ts', { ...devEnv, ...appEnv, DOCUMENTS_PORT: String(DOCUMENTS_PORT), DOCUMENTS_ADMIN_PORT: String(DOCUMENTS_PORT + 5400), ARSIP_MAX_UPLOAD_BYTES: String(LIMIT) });
    running.push(documents);
    await waitUntilReady(documents, `${httpUrl('127.0.0.1', DOCUMENTS_PORT)}/readyz`);
    const gatewayEnv = {
      ...devEnv,
      GATEWAY_PORT: String(GATEWAY_PORT),
      GATEWAY_ADMIN_PORT: String(GATEWAY_PORT + 5400),
      SUBGRAPH_DOCUMENTS_URL: `${httpUrl('127.0.0.1', DOCUMENTS_PORT)}/graphql`,
      GATEWAY_UPLOAD_MAX_BYTES: String(LIMIT),
      GATEWAY_UPLOAD_DEADLINE_MS: '300000',
      GATEWAY_REQUEST_TIMEOUT_MS: '300000',
      GATEWAY_RATE_LIMIT_PER_PRINCIPAL: 'off',
      GATEWAY_RATE_LIMIT_PER_ADDRESS: 'off',
    };
    const gateway = startProcess('gateway', 'gateway/src/index.ts', gatewayEnv);
    running.push(gateway);
    const gatewayUrl = httpUrl('127.0.0.1', GATEWAY_PORT);
    // The other subgraphs are not running here, so the gateway is not "ready"; it serves uploads.
    await waitUntilReady(gateway, `${gatewayUrl}/healthz`);
    const token = await issueToken({ sub: 'bench-uploader', roles: ['ADMINISTRATOR'], tenant: 'tangsel', ttlS: 3600 });
    const runId = Date.now().toString(36);

    // Warm both processes (JIT, pools) so the first measured upload is not the first upload.
    await upload(gatewayUrl, token, resident!.NIK, `bench-warm-${runId}`, 1 * MB);
    const rows: string[] = [];
    const baseline = { gateway: rssOf(gateway.child.pid!), documents: rssOf(documents.child.pid!) };
    for (const [i, sizeMb] of SIZES_MB.entries()) {
      const gw = sampleRss(gateway.child.pid!);
      const sub = sampleRss(documents.child.pid!);
      process.stderr.write(`uploading ${sizeMb} MB\n`);
      const result = await upload(gatewayUrl, token, resident!.NIK, `bench-${i}-${sizeMb}-${runId}`, sizeMb * MB);
      const peaks = { gateway: gw.stop(), documents: sub.stop() };
      const ok = result.status === 201 && result.body.checksum === result.sha256 && result.body.sizeBytes === sizeMb * MB;
      rows.push(
        `| ${sizeMb} MB | ${result.status}${ok ? '' : ' (MISMATCH)'} | ${(sizeMb / result.seconds).toFixed(0)} MB/s | ${(peaks.gateway / 2 ** 20).toFixed(0)} MiB (+${((peaks.gateway - baseline.gateway) / 2 ** 20).toFixed(1)}) | ${(peaks.documents / 2 ** 20).toFixed(0)} MiB (+${((peaks.documents - baseline.documents) / 2 ** 20).toFixed(1)}) |`,
      );
    }
    // Oversized: refused by the gateway, nothing left in the archive's folder.
    const folder = locateAppFolders('arsip', sim.storage).archive;
    const before = readdirSync(folder, { recursive: true }).length;
    const refused = await upload(gatewayUrl, token, resident!.NIK, `bench-over-${runId}`, LIMIT + MB);
    const after = readdirSync(folder, { recursive: true }).length;

    process.stdout.write(`\nStreamed uploads through the gateway (baseline RSS: gateway ${(baseline.gateway / 2 ** 20).toFixed(0)} MiB, documents subgraph ${(baseline.documents / 2 ** 20).toFixed(0)} MiB)\n\n`);
    process.stdout.write('| file | status | throughput | gateway peak RSS (over baseline) | documents subgraph peak RSS (over baseline) |\n| --- | --- | --- | --- | --- |\n');
    process.stdout.write(rows.join('\n') + '\n');
    process.stdout.write(`\nOversized (${((LIMIT + MB) / MB).toFixed(0)} MB, limit ${(LIMIT / MB).toFixed(0)} MB): ${refused.status} ${String((refused.body.errors as Array<{ extensions: { reason: string } }> | undefined)?.[0]?.extensions.reason)}; files in the archive folder before/after: ${before}/${after}\n`);
  } finally {
    await stopAll(running);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:upload failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
