/**
 * The KIA counter's back office from the command line, as the officers use the old application
 * (the lead wires it as `npm run kia:officer`):
 *   kia:officer -- nik <NIK>                                         cards of a child
 *   kia:officer -- kk <NO_KK>                                        cards of the children on a family card
 *   kia:officer -- show <NO_KIA>
 *   kia:officer -- print <NO_KIA>                                    (TERBIT -> DICETAK)
 *   kia:officer -- collect <NO_KIA>                                  (DICETAK -> DIAMBIL)
 *   kia:officer -- issue <NIK> <NO_KK> "<NAMA>" <DD-MM-YYYY> [BARU|HILANG|RUSAK]
 */
import { cardsOfChild, cardsOfFamily, issueAtCounter, moveCard, showCard } from './back-office';
import { JENIS_PERMOHONAN, type JenisPermohonan, type StatusKia } from './schema';
import { runOfficerCli } from '../base/officer-cli';

const MOVES: Record<string, StatusKia> = { print: 'DICETAK', collect: 'DIAMBIL' };
const USAGE = 'usage: kia:officer nik <NIK> | kk <NO_KK> | show <NO_KIA> | print|collect <NO_KIA> | issue <NIK> <NO_KK> "<NAMA>" <DD-MM-YYYY> [BARU|HILANG|RUSAK]';

runOfficerCli('kia', async (db, [command, key, ...rest], config) => {
  if (command === 'nik') {
    console.table(await cardsOfChild(db, key ?? ''));
  } else if (command === 'kk') {
    console.table(await cardsOfFamily(db, key ?? ''));
  } else if (command === 'show') {
    console.log((await showCard(db, key ?? '')) ?? `No card ${key}`);
  } else if (command && MOVES[command]) {
    console.log(await moveCard(db, key ?? '', MOVES[command]));
  } else if (command === 'issue' && key && rest.length >= 3) {
    const [noKk, nama, tglLahir, jenis = 'BARU'] = rest as [string, string, string, string?];
    if (!(JENIS_PERMOHONAN as readonly string[]).includes(jenis.toUpperCase())) throw new Error(`unknown jenis ${jenis}`);
    console.log(await issueAtCounter(db, { nikAnak: key, noKk, namaAnak: nama, tglLahir, jenis: jenis.toUpperCase() as JenisPermohonan }, config.world.regencyCode.replace('.', '')));
  } else {
    console.error(USAGE);
    process.exitCode = 2;
  }
});
