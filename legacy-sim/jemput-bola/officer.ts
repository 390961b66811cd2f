/**
 * jemput-bola's back office from the command line, as the outreach office uses the old application
 * (the lead wires it as `npm run jemput-bola:officer`):
 *   jemput-bola:officer -- open [n]                        visits still planned
 *   jemput-bola:officer -- nik <NIK>
 *   jemput-bola:officer -- show <NO_KUNJUNGAN>             the visit's events
 *   jemput-bola:officer -- served <NO_KUNJUNGAN> <officer> [note...]
 *   jemput-bola:officer -- away <NO_KUNJUNGAN> <officer> [note...]          (not at home)
 *   jemput-bola:officer -- reschedule <NO_KUNJUNGAN> <YYYY-MM-DD> <officer> [note...]
 *   jemput-bola:officer -- cancel <NO_KUNJUNGAN> <officer> [note...]
 *   jemput-bola:officer -- inbox | run-batch
 */
import { locateAppFolders } from '@core/files/app-folders';
import { historyOf, openVisits, recordOutcome, runBatchNow, visitsOf, waitingSchedules } from './back-office';
import { loadJemputBolaSimConfig } from './config';
import { JEMPUT_BOLA, createJemputBolaApp } from './emulator';

const USAGE = 'usage: jemput-bola:officer open [n] | nik <NIK> | show <NO_KUNJUNGAN> | served|away|cancel <NO_KUNJUNGAN> <officer> [note] | reschedule <NO_KUNJUNGAN> <YYYY-MM-DD> <officer> [note] | inbox | run-batch';

async function main(): Promise<void> {
  const [command, key, ...rest] = process.argv.slice(2);
  const config = loadJemputBolaSimConfig();
  const folders = locateAppFolders(JEMPUT_BOLA, config.storage);
  const options = { timeZone: config.timeZone };
  const outcomes: Record<string, 'L' | 'T' | 'B'> = { served: 'L', away: 'T', cancel: 'B' };
  if (command === 'open') console.table(await openVisits(folders, Number(key ?? 20)));
  else if (command === 'nik') console.table(await visitsOf(folders, key ?? ''));
  else if (command === 'show') console.table(await historyOf(folders, key ?? ''));
  else if (command && outcomes[command] && rest.length >= 1) console.log(await recordOutcome(folders, key ?? '', outcomes[command]!, rest[0]!, { ...options, note: rest.slice(1).join(' ') }));
  else if (command === 'reschedule' && rest.length >= 2) console.log(await recordOutcome(folders, key ?? '', 'U', rest[1]!, { ...options, newDate: rest[0], note: rest.slice(2).join(' ') }));
  else if (command === 'inbox') console.log((await waitingSchedules(folders)).join('\n') || '(inbox empty)');
  else if (command === 'run-batch') console.log(await runBatchNow(createJemputBolaApp({ regencyCode: config.world.regencyCode, timeZone: config.timeZone }), folders));
  else {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  if (command !== 'run-batch' && ['served', 'away', 'cancel', 'reschedule'].includes(command ?? '')) console.log('recorded; other systems see it after the next batch run (run-batch to publish now)');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
