// `npm run gateway` builds the gateway into one JavaScript file (dist/gateway.cjs) and runs it:
// no TypeScript compiler in the running process (tsx costs about 40 MB of memory and start time).
// Packages stay in node_modules; only the project's own modules are bundled. esbuild reads the
// path aliases (@core/…, @adapters/…) from tsconfig.json.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [join(root, 'gateway', 'src', 'index.ts')],
  outfile: join(root, 'dist', 'gateway.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  tsconfig: join(root, 'tsconfig.json'),
  sourcemap: 'linked',
  logLevel: 'warning',
});
