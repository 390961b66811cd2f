/**
 * The marriage registry as its own process (for scripts/start.ts or by hand):
 *   node --import tsx legacy-sim/akta-kawin/serve.ts
 * Its storage must be provisioned first (npm run seed). Stops on SIGINT/SIGTERM.
 */
import { loadAktaKawinSimConfig } from './config';
import { startAktaKawin } from './server';

async function main(): Promise<void> {
  const config = loadAktaKawinSimConfig();
  const app = await startAktaKawin(config.storage, config);
  process.stderr.write(`akta-kawin emulator listening on ${app.url} (WSDL ${app.wsdlUrl})\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`akta-kawin emulator failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
