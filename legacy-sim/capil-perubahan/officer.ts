/**
 * capil-perubahan's back office from the command line, as an officer would use the old application:
 *   npm run capil-perubahan:officer -- sample [n]
 *   npm run capil-perubahan:officer -- show <NIK>
 *   npm run capil-perubahan:officer -- annul <NO_CATATAN> [officer]
 *   npm run capil-perubahan:officer -- inbox
 *   npm run capil-perubahan:officer -- run-batch
 */
import { locateAppFolders } from '@core/files/app-folders';
import { annotationsOf, annulAnnotation, runBatchNow, sampleAnnotations, waitingRequests } from './back-office';
import { loadCapilPerubahanSimConfig } from './config';
import { CAPIL_PERUBAHAN, createCapilPerubahanApp } from './emulator';

async function main(): Promise<void> {
  const [command, key, extra] = process.argv.slice(2);
  const config = loadCapilPerubahanSimConfig();
  const folders = locateAppFolders(CAPIL_PERUBAHAN, config.storage);
  switch (command) {
    case 'sample':
      console.table(await sampleAnnotations(folders, Number(key ?? 5)));
      break;
    case 'show':
      console.table(await annotationsOf(folders, key ?? ''));
      break;
    case 'annul':
      console.log(await annulAnnotation(folders, key ?? '', extra ?? 'PETUGAS'));
      console.log('annulled; other systems see it in the export of the next batch run (run-batch to publish now)');
      break;
    case 'inbox':
      console.log((await waitingRequests(folders)).join('\n') || '(inbox empty)');
      break;
    case 'run-batch':
      console.log(await runBatchNow(createCapilPerubahanApp({ regencyCode: config.world.regencyCode, timeZone: config.timeZone }), folders));
      break;
    default:
      console.error('usage: capil-perubahan:officer sample [n] | show <NIK> | annul <NO_CATATAN> [officer] | inbox | run-batch');
      process.exitCode = 2;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
