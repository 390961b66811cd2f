/**
 * The SMS/WhatsApp gateway as its own process (for scripts/start.ts or by hand):
 *   node --import tsx legacy-sim/notifikasi/serve.ts
 * Its storage must be provisioned first (npm run seed). Stops on SIGINT/SIGTERM.
 */
import { loadNotifikasiSimConfig } from './config';
import { startNotifikasi } from './server';

async function main(): Promise<void> {
  const config = loadNotifikasiSimConfig();
  const app = await startNotifikasi(config.storage, config);
  process.stderr.write(`notifikasi emulator listening on ${app.url}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`notifikasi emulator failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
