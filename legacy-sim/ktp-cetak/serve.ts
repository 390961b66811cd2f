/**
 * The print queue application as its own process (for scripts/start.ts or by hand):
 *   node --import tsx legacy-sim/ktp-cetak/serve.ts
 * Its storage must be provisioned first (npm run seed). Stops on SIGINT/SIGTERM.
 */
import { loadKtpCetakSimConfig } from './config';
import { startKtpCetak } from './server';

async function main(): Promise<void> {
  const config = loadKtpCetakSimConfig();
  const app = await startKtpCetak(config.storage, config);
  process.stderr.write(`ktp-cetak emulator listening on ${app.url}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`ktp-cetak emulator failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
