import { locateAppFolders } from '@core/files/app-folders';
import type { SimConfig } from '../../config';
import { BatchJob } from './batch-job';
import type { FileApp } from './file-emulator';
import { provisionFileEmulator } from './provision';
import type { BatchSchedule } from './schedule';

/**
 * A file application as a running system (its `run.ts`): provisions its folders (seeding its
 * register from the world when needed) and runs its batch job on its schedule until SIGINT or
 * SIGTERM. Stopping it mid-run is safe: the next start resumes the file it was working on without
 * processing any line twice.
 */
export function runFileApp(load: () => SimConfig & { schedule: BatchSchedule; timeZone: string }, create: (office: { regencyCode: string; timeZone: string }) => FileApp): void {
  const main = async (): Promise<void> => {
    const config = load();
    const app = create({ regencyCode: config.world.regencyCode, timeZone: config.timeZone });
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
  };
  main().catch((error: unknown) => {
    process.stderr.write(`file application failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
