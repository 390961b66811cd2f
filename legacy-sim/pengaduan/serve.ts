/**
 * The complaints desk as its own process (for scripts/start.ts or by hand):
 *   node --import tsx legacy-sim/pengaduan/serve.ts
 * Its storage must be provisioned first (npm run seed). Stops on SIGINT/SIGTERM.
 */
import { loadPengaduanSimConfig } from './config';
import { startPengaduan } from './server';

async function main(): Promise<void> {
  const config = loadPengaduanSimConfig();
  const app = await startPengaduan(config.storage, config);
  process.stderr.write(`pengaduan emulator listening on ${app.url}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`pengaduan emulator failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
