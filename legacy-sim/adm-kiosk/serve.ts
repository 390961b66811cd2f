/**
 * The kiosk application as its own process (for scripts/start.ts or by hand):
 *   node --import tsx legacy-sim/adm-kiosk/serve.ts
 * Its storage must be provisioned first (npm run seed). Stops on SIGINT/SIGTERM.
 */
import { loadAdmKioskSimConfig } from './config';
import { startAdmKiosk } from './server';

async function main(): Promise<void> {
  const config = loadAdmKioskSimConfig();
  const app = await startAdmKiosk(config.storage, config);
  process.stderr.write(`adm-kiosk emulator listening on ${app.url}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`adm-kiosk emulator failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
