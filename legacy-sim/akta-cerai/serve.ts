/**
 * The divorce registry as its own process (for scripts/start.ts or by hand):
 *   node --import tsx legacy-sim/akta-cerai/serve.ts
 * Its storage must be provisioned first (npm run seed). Stops on SIGINT/SIGTERM.
 */
import { loadAktaCeraiSimConfig } from './config';
import { startAktaCerai } from './server';

async function main(): Promise<void> {
  const config = loadAktaCeraiSimConfig();
  const app = await startAktaCerai(config.storage, config);
  process.stderr.write(`akta-cerai emulator listening on ${app.url} (WSDL ${app.wsdlUrl})\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`akta-cerai emulator failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
