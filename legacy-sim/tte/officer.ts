/**
 * The signature application's back office from the command line (the lead wires it as
 * `npm run tte:officer`):
 *   tte:officer -- show <ID_TTD>
 *   tte:officer -- document <JENIS> <NO_DOKUMEN>
 *   tte:officer -- revoke <ID_TTD> "<why>"
 *   tte:officer -- verify <QR_PAYLOAD>
 */
import { loadKeys, revokeSignature, signatureById, signaturesOfDocument, verifyPayload } from './signatures';
import { runOfficerCli } from '../base/officer-cli';

const USAGE = 'usage: tte:officer show <ID_TTD> | document <JENIS> <NO> | revoke <ID_TTD> "<why>" | verify <QR>';

runOfficerCli('tte', async (db, [command, key, ...rest]) => {
  if (command === 'show') console.log((await signatureById(db, key ?? '')) ?? `No signature ${key}`);
  else if (command === 'document') console.table(await signaturesOfDocument(db, key ?? '', rest[0] ?? ''));
  else if (command === 'revoke' && rest.length > 0) console.log((await revokeSignature(db, key ?? '', rest.join(' '))) ?? `No signature ${key}`);
  else if (command === 'verify') console.log(await verifyPayload(db, key ?? '', (await loadKeys(db)).byId));
  else {
    console.error(USAGE);
    process.exitCode = 2;
  }
});
