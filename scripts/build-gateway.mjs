// `npm run gateway` builds the gateway into one JavaScript file (dist/gateway.cjs) and runs it:
// no TypeScript compiler in the running process (tsx costs about 40 MB of memory and start time).
// Packages stay in node_modules; only the project's own modules are bundled. esbuild reads the
// path aliases (@core/…, @adapters/…) from tsconfig.json.
//
// `node scripts/build-gateway.mjs --at <commit>` builds the gateway as it was at that commit into
// dist/gateway-baseline.cjs instead (from a temporary git worktree; the packages are this
// checkout's), for `npm run bench` to measure a change against it in the same run
// (BENCH_BASELINE_GATEWAY, docs/benchmarks.md).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function bundle(source, outfile) {
  await build({
    entryPoints: [join(source, 'gateway', 'src', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    tsconfig: join(source, 'tsconfig.json'),
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

const at = process.argv.indexOf('--at');
if (at < 0) {
  await bundle(root, join(root, 'dist', 'gateway.cjs'));
} else {
  const commit = process.argv[at + 1];
  if (!commit) throw new Error('--at needs a commit (e.g. HEAD~1)');
  const worktree = mkdtempSync(join(tmpdir(), 'gerbang-baseline-'));
  execFileSync('git', ['worktree', 'add', '--detach', '--quiet', worktree, commit], { cwd: root, stdio: 'inherit' });
  try {
    await bundle(worktree, join(root, 'dist', 'gateway-baseline.cjs'));
    process.stdout.write(`dist/gateway-baseline.cjs: the gateway at ${execFileSync('git', ['rev-parse', '--short', commit], { cwd: root }).toString().trim()}\n`);
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', worktree], { cwd: root });
    rmSync(worktree, { recursive: true, force: true });
  }
}
