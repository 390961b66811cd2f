/**
 * The capil-perubahan application as a running system: `node --import tsx legacy-sim/capil-perubahan/run.ts`
 * provisions its folders (seeding the register from the world when needed) and runs its batch job
 * on GERBANG_CAPIL_PERUBAHAN_SCHEDULE until SIGINT/SIGTERM. Stopping it mid-run is safe: the next
 * start resumes the file it was working on without processing any request twice.
 */
import { locateAppFolders } from '@core/files/app-folders';
import { BatchJob } from '../base/files/batch-job';
import { provisionFileEmulator } from '../base/files/provision';
import { loadCapilPerubahanSimConfig } from './config';
import { createCapilPerubahanApp } from './emulator';

async function main(): Promise<void> {
  const config = loadCapilPerubahanSimConfig();
  const app = createCapilPerubahanApp({ regencyCode: config.world.regencyCode, timeZone: config.timeZone });
  const log = (line: string) => process.stderr.write(line + '\n');
  await provisionFileEmulator(app, config.storage, config.world, { log });
  const folders = locateAppFolders(app.id, config.storage);
  const job = new BatchJob(app, folders, { schedule: config.schedule, log });
  job.start();
  log(`${app.id}: batch job running (${JSON.stringify(config.schedule)}), inbox ${folders.inbox}`);
  const stop = () => {
    void job.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`capil-perubahan failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
