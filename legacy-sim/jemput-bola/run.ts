/**
 * The jemput-bola application as a running system: `node --import tsx legacy-sim/jemput-bola/run.ts`
 * provisions its folders (seeding the register from the world when needed) and runs its batch job
 * on GERBANG_JEMPUT_BOLA_SCHEDULE until SIGINT/SIGTERM. Stopping it mid-run is safe: the next
 * start resumes the schedule file it was working on without registering any line twice.
 */
import { locateAppFolders } from '@core/files/app-folders';
import { BatchJob } from '../base/files/batch-job';
import { provisionFileEmulator } from '../base/files/provision';
import { loadJemputBolaSimConfig } from './config';
import { createJemputBolaApp } from './emulator';

async function main(): Promise<void> {
  const config = loadJemputBolaSimConfig();
  const app = createJemputBolaApp({ regencyCode: config.world.regencyCode, timeZone: config.timeZone });
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
  process.stderr.write(`jemput-bola failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
