import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { administratorHeaders } from '../support/stack';
import { freePort } from '../support/ports';

/**
 * `npm start` as a person runs it: seeds an empty data folder, starts the subgraph and the gateway
 * as separate processes, prints a query for a real NIK that then works, and stops everything on
 * Ctrl-C (SIGINT). Always on SQLite in a temporary folder, whatever backend this pass targets.
 */
async function portIsClosed(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
    return false;
  } catch {
    return true;
  }
}

describe('npm start', () => {
  it('seeds, serves a real resident through the gateway, and stops cleanly on SIGINT', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gerbang-start-'));
    const [gatewayPort, populationPort, gatewayAdmin, populationAdmin] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const root = join(__dirname, '..', '..');
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'start.ts')], {
      cwd: root,
      env: { ...process.env, MYSQL_URL: '', GERBANG_DATA_DIR: dataDir, GERBANG_WORLD_SCALE: '300', GATEWAY_PORT: String(gatewayPort), POPULATION_PORT: String(populationPort), GATEWAY_ADMIN_PORT: String(gatewayAdmin), POPULATION_ADMIN_PORT: String(populationAdmin), GERBANG_LOG_LEVEL: 'warn', GERBANG_DEV_MODE: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 90_000;
      while (!output.includes('Gerbang is running') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain('Gerbang is running');
      expect(output).toContain(`http://127.0.0.1:${gatewayPort}/`);

      const nik = /resident\(nik: \\"(\d{16})\\"/.exec(output)?.[1];
      expect(nik).toBeDefined();
      expect(output).toContain('npm run -s token -- --role OFFICER');
      const res = await fetch(`http://127.0.0.1:${gatewayPort}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await administratorHeaders()) },
        body: JSON.stringify({ query: `{ resident(nik: "${nik}") { nik name relationship } }` }),
      });
      const body = (await res.json()) as { data: { resident: { nik: string; name: string; relationship: string } } };
      expect(body.data.resident).toMatchObject({ nik, relationship: 'HEAD' });
      // npm start chose development mode itself, and each process said so loudly.
      expect(output).toMatch(/DEVELOPMENT MODE/);
      // Every legacy application of the estate is named, by its catalogue id, on /readyz.
      const ready = await (await fetch(`http://127.0.0.1:${gatewayPort}/readyz`)).text();
      const estate = [
        'siak', 'ktp-rekam', 'ktp-cetak', 'kia', 'ikd', 'akta-lahir', 'akta-mati', 'akta-kawin', 'akta-cerai', 'capil-perubahan', 'pindah-keluar', 'pindah-datang', 'orang-asing', 'tte', 'arsip',
        'portal-online', 'antrian', 'sirena', 'kecamatan', 'adm-kiosk', 'legalisir', 'pengaduan', 'jemput-bola', 'ojol', 'notifikasi',
      ];
      for (const app of estate) expect(ready).toContain(`"${app}"`);
      // Metrics are on the admin listener only.
      expect((await fetch(`http://127.0.0.1:${gatewayPort}/metrics`)).status).toBe(404);
      expect(await (await fetch(`http://127.0.0.1:${gatewayAdmin}/metrics`)).text()).toMatch(/gerbang_process_/);

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(await portIsClosed(gatewayPort)).toBe(true);
      expect(await portIsClosed(populationPort)).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});
