/**
 * The signature application as its own process (for scripts/start.ts or by hand):
 *   node --import tsx legacy-sim/tte/serve.ts
 * Its storage must be provisioned first (npm run seed). Stops on SIGINT/SIGTERM.
 */
import { loadTteSimConfig } from './config';
import { startTte } from './server';

async function main(): Promise<void> {
  const config = loadTteSimConfig();
  const app = await startTte(config.storage, config);
  process.stderr.write(`tte emulator listening on ${app.url}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`tte emulator failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
