/**
 * The complaints desk from the command line, as its officers use the old application (the lead
 * wires it as `npm run pengaduan:officer`):
 *   pengaduan:officer -- open [n]                      newest complaints still BARU or DIPROSES
 *   pengaduan:officer -- nik <NIK>
 *   pengaduan:officer -- show <NO_TIKET>
 *   pengaduan:officer -- answer <NO_TIKET> <petugas> <text...>     (-> DIJAWAB)
 *   pengaduan:officer -- status <NO_TIKET> <1|2|3|4|9> <petugas> [note...]
 */
import { answerComplaint, complaintsOfResident, openComplaints, setStatus, showComplaint } from './back-office';
import type { Pengaduan } from './complaints';
import { runOfficerCli } from '../base/officer-cli';

const USAGE = 'usage: pengaduan:officer open [n] | nik <NIK> | show <NO_TIKET> | answer <NO_TIKET> <petugas> <text...> | status <NO_TIKET> <1|2|3|4|9> <petugas> [note...]';

function flat({ row, riwayat }: Pengaduan): Record<string, unknown> {
  return { ...row, isi: row.isi.slice(0, 60), riwayat: riwayat.map((h) => `${h.id_tanggapan}:${h.jenis}${h.kd_status}`).join(' ') };
}

runOfficerCli('pengaduan', async (db, [command, key, ...rest]) => {
  if (command === 'open') console.table((await openComplaints(db, Number(key ?? 10))).map(flat));
  else if (command === 'nik') console.table((await complaintsOfResident(db, key ?? '')).map(flat));
  else if (command === 'show') {
    const complaint = await showComplaint(db, key ?? '');
    if (complaint) {
      console.log(complaint.row);
      console.table(complaint.riwayat);
    } else console.log(`No complaint ${key}`);
  } else if (command === 'answer' && rest.length >= 2) console.log(flat(await answerComplaint(db, key ?? '', rest[0]!, rest.slice(1).join(' '))));
  else if (command === 'status' && rest.length >= 2) console.log(flat(await setStatus(db, key ?? '', Number(rest[0]), rest[1]!, rest.slice(2).join(' ') || null)));
  else {
    console.error(USAGE);
    process.exitCode = 2;
  }
});
