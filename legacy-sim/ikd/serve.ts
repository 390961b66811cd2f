/**
 * The IKD application as its own process (for scripts/start.ts or by hand):
 *   node --import tsx legacy-sim/ikd/serve.ts
 * Its storage must be provisioned first (npm run seed). Stops on SIGINT/SIGTERM.
 */
import { loadIkdSimConfig } from './config';
import { startIkd } from './server';

async function main(): Promise<void> {
  const config = loadIkdSimConfig();
  const app = await startIkd(config.storage, config);
  process.stderr.write(`ikd emulator listening on ${app.url} (at most ${config.rateLimit.requests} calls per ${config.rateLimit.windowMs} ms per key)\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`ikd emulator failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
