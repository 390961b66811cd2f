/**
 * The signature application's back office from the command line (the lead wires it as
 * `npm run tte:officer`):
 *   tte:officer -- show <ID_TTD>
 *   tte:officer -- document <JENIS> <NO_DOKUMEN>
 *   tte:officer -- revoke <ID_TTD> "<why>"
 *   tte:officer -- verify <QR_PAYLOAD>
 */
import { locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { loadSimConfig } from '../config';
import { loadKeys, revokeSignature, signatureById, signaturesOfDocument, verifyPayload } from './signatures';

const USAGE = 'usage: tte:officer show <ID_TTD> | document <JENIS> <NO> | revoke <ID_TTD> "<why>" | verify <QR>';

async function main(): Promise<void> {
  const [command, key, ...rest] = process.argv.slice(2);
  const db = openAppDatabase(locateAppDatabase('tte', loadSimConfig().storage), { mustExist: true });
  try {
    if (command === 'show') console.log((await signatureById(db, key ?? '')) ?? `No signature ${key}`);
    else if (command === 'document') console.table(await signaturesOfDocument(db, key ?? '', rest[0] ?? ''));
    else if (command === 'revoke' && rest.length > 0) console.log((await revokeSignature(db, key ?? '', rest.join(' '))) ?? `No signature ${key}`);
    else if (command === 'verify') console.log(await verifyPayload(db, key ?? '', (await loadKeys(db)).byId));
    else {
      console.error(USAGE);
      process.exitCode = 2;
    }
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
