/**
 * The queue application as its own process (for scripts/start.ts or by hand):
 *   node --import tsx legacy-sim/antrian/serve.ts
 * Its storage must be provisioned first (npm run seed). Stops on SIGINT/SIGTERM.
 */
import { loadAntrianSimConfig } from './config';
import { startAntrian } from './server';

async function main(): Promise<void> {
  const config = loadAntrianSimConfig();
  const app = await startAntrian(config.storage, config);
  process.stderr.write(`antrian emulator listening on ${app.url}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`antrian emulator failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
