/**
 * The move-in application as its own process (for scripts/start.ts or by hand):
 *   node --import tsx legacy-sim/pindah-datang/serve.ts
 * Its storage must be provisioned first (npm run seed). Stops on SIGINT/SIGTERM.
 */
import { loadPindahDatangSimConfig } from './config';
import { startPindahDatang } from './server';

async function main(): Promise<void> {
  const config = loadPindahDatangSimConfig();
  const app = await startPindahDatang(config.storage, config);
  process.stderr.write(`pindah-datang emulator listening on ${app.url}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`pindah-datang emulator failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
