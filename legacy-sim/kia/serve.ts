/**
 * The KIA application as its own process (for scripts/start.ts or by hand):
 *   node --import tsx legacy-sim/kia/serve.ts
 * Its storage must be provisioned first (npm run seed). Stops on SIGINT/SIGTERM.
 */
import { loadKiaSimConfig } from './config';
import { startKia } from './server';

async function main(): Promise<void> {
  const config = loadKiaSimConfig();
  const app = await startKia(config.storage, config);
  process.stderr.write(`kia emulator listening on ${app.url}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`kia emulator failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
