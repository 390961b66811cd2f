/**
 * The legalisation application from the command line (the lead wires it as `npm run legalisir:officer`):
 *   legalisir:officer -- show <NO_PERMOHONAN>
 *   legalisir:officer -- open                                  requests not yet collected, oldest first
 *   legalisir:officer -- documents                             document types and since when they carry a TTE
 *   legalisir:officer -- receive <NIK> <NAMA> <KD_DOK> <NO_DOK> <YYYY-MM-DD terbit> <JML_LEMBAR> <PETUGAS>
 *   legalisir:officer -- work <NO_PERMOHONAN> <V|S|A|T> <PETUGAS> [ALASAN]
 */
import { documentTypes, openRequests, receiveAtCounter, showRequest, workRequest } from './back-office';
import type { StatusLetter } from './schema';
import { runOfficerCli } from '../base/officer-cli';

const USAGE = 'usage: legalisir:officer show <NO_PERMOHONAN> | open | documents | receive <NIK> <NAMA> <KD_DOK> <NO_DOK> <YYYY-MM-DD> <JML_LEMBAR> <PETUGAS> | work <NO_PERMOHONAN> <V|S|A|T> <PETUGAS> [ALASAN]';

runOfficerCli('legalisir', async (db, [command, ...args], config) => {
  if (command === 'show') console.log((await showRequest(db, args[0] ?? '')) ?? `No request ${args[0]}`);
  else if (command === 'open') console.table(await openRequests(db));
  else if (command === 'documents') console.table(await documentTypes(db));
  else if (command === 'receive' && args.length === 7) {
    const [nik, nama, kdDok, noDok, tglTerbit, jml, petugas] = args as [string, string, string, string, string, string, string];
    console.log(await receiveAtCounter(db, { nik, nama, kdDok: kdDok.toUpperCase(), noDok, tglTerbit, jmlLembar: Number(jml), petugas }, config.world.regencyCode));
  } else if (command === 'work' && args.length >= 3 && ['V', 'S', 'A', 'T'].includes(args[1]!.toUpperCase())) {
    console.log(await workRequest(db, args[0]!, args[1]!.toUpperCase() as StatusLetter, args[2]!, args.slice(3).join(' ') || null));
  } else {
    console.error(USAGE);
    process.exitCode = 2;
  }
});
