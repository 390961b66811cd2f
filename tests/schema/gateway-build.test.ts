import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GATEWAY_NODE_FLAGS } from '../../bench/federation/gateways/gerbang';
import { freePort } from '../support/ports';

/**
 * `npm run gateway` runs the gateway built into one JavaScript file (scripts/build-gateway.mjs →
 * dist/gateway.cjs) with the Node flags of package.json; the federation benchmark runs exactly
 * that. The build must start and serve, from dist/, with the repository's data (tenants, regions,
 * the supergraph, the persisted operations).
 */
const ROOT = join(__dirname, '..', '..');

describe('the gateway as `npm run gateway` runs it', () => {
  it('starts with the same Node flags as the federation benchmark runs it', () => {
    const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.gateway!;
    expect(script).toContain('scripts/build-gateway.mjs');
    expect(script).toContain(`node ${GATEWAY_NODE_FLAGS.join(' ')} dist/gateway.cjs`);
  });

  it('builds into dist/gateway.cjs, which starts and serves from the repository', async () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-gateway.mjs')], { cwd: ROOT });
    const [port, admin] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, [...GATEWAY_NODE_FLAGS, join(ROOT, 'dist', 'gateway.cjs')], {
      cwd: ROOT,
      env: { ...process.env, APOLLO_TELEMETRY_DISABLED: 'true', GERBANG_DEV_MODE: '1', GERBANG_LOG_LEVEL: 'warn', GATEWAY_PORT: String(port), GATEWAY_ADMIN_PORT: String(admin) },
      stdio: 'ignore',
    });
    try {
      let health: Response | undefined;
      for (let i = 0; i < 100 && !health; i++) {
        health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        if (!health) await new Promise((r) => setTimeout(r, 100));
      }
      expect(health?.status).toBe(200);
      // The schema is served (introspection is on in development mode): the committed supergraph was found.
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __type(name: "Resident") { name } }' }) });
      expect(((await res.json()) as { data: { __type: { name: string } } }).data.__type.name).toBe('Resident');
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);
});
