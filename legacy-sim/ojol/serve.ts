/**
 * The ojek-online partner as its own process (for scripts/start.ts or by hand):
 *   node --import tsx legacy-sim/ojol/serve.ts
 * Its storage must be provisioned first (npm run seed). Stops on SIGINT/SIGTERM.
 */
import { loadOjolSimConfig } from './config';
import { startOjol } from './server';

async function main(): Promise<void> {
  const config = loadOjolSimConfig();
  const app = await startOjol(config.storage, config);
  const callbacks = config.callback.url ? `callbacks to ${config.callback.url}` : 'no callback URL (OJOL_SIM_CALLBACK_URL): callbacks wait in the queue';
  process.stderr.write(`ojol emulator listening on ${app.url}; ${callbacks}${config.simulateEveryMs > 0 ? `; couriers move orders every ${config.simulateEveryMs} ms` : ''}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`ojol emulator failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
