/**
 * The move-out application as its own process (for scripts/start.ts or by hand):
 *   node --import tsx legacy-sim/pindah-keluar/serve.ts
 * Its storage must be provisioned first (npm run seed). Stops on SIGINT/SIGTERM.
 */
import { loadPindahKeluarSimConfig } from './config';
import { startPindahKeluar } from './server';

async function main(): Promise<void> {
  const config = loadPindahKeluarSimConfig();
  const app = await startPindahKeluar(config.storage, config);
  process.stderr.write(`pindah-keluar emulator listening on ${app.url}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`pindah-keluar emulator failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
