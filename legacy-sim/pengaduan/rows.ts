import { ageOn, dayToIso, isoToDay } from '../world/dates';
import { Random } from '../world/random';
import type { WorldFamily, WorldOptions, WorldPerson } from '../world/types';
import type { PengaduanRow, TanggapanRow } from './complaints';
import { ticketNumber } from './complaints';
import { JENIS, STATUS } from './schema';

/**
 * The complaints the desk received in the year before the world's reference date, drawn from the
 * world (the complainants are its residents, so SIAK knows them). Deterministic: one PRNG stream of
 * its own, consumed family by family in the world's order. About one family in twelve complained
 * once; older complaints are mostly closed, recent ones still open, and some were left lying
 * (overdue by any service standard). A fifth are anonymous or from someone who gave no NIK.
 */
export interface SeededComplaint {
  row: Omit<PengaduanRow, 'id_pengaduan' | 'no_tiket'>;
  history: Array<Omit<TanggapanRow, 'id_tanggapan' | 'id_pengaduan'>>;
}

const OFFICERS = ['RINA.PENGADUAN', 'BUDI.CS', 'DEWI.YANDU', 'ADMIN', 'AGUS.PPID', '198503122010012004', '197908172006041002'];

const TEXTS: Record<string, readonly string[]> = {
  '01': ['KTP-el saya sudah 3 minggu belum jadi padahal katanya 1 hari', 'Sudah rekam KTP tapi status di aplikasi belum berubah', 'Blangko KTP katanya habis, kapan bisa dicetak?'],
  '02': ['KK baru belum bisa diambil, petugas bilang sistem offline', 'Nama anak saya salah ketik di KK, mohon dibetulkan', 'Pengajuan pecah KK sudah 2 minggu tidak ada kabar'],
  '03': ['Akta kelahiran anak belum terbit padahal berkas lengkap', 'Akta kematian ayah saya belum selesai, mohon info', 'Salah tulis tempat lahir di akta'],
  '04': ['Surat pindah belum keluar padahal sudah seminggu', 'Data pindah datang belum masuk ke kelurahan'],
  '05': ['Website pendaftaran online error terus waktu upload berkas', 'Status permohonan online tidak berubah sejak diajukan', 'Tidak bisa login ke portal, OTP tidak masuk'],
  '06': ['Kuota antrian selalu habis jam 7 pagi', 'Nomor antrian dipanggil tidak urut', 'Antrian online sudah dapat tapi di loket disuruh ambil ulang'],
  '07': ['Petugas loket kurang ramah dan main HP', 'Petugas tidak ada di tempat jam 10 pagi', 'Saya dioper ke sana kemari tanpa penjelasan'],
  '08': ['Ada oknum minta uang untuk percepatan KTP', 'Diminta biaya untuk legalisir padahal katanya gratis'],
  '09': ['Parkir di kantor kecamatan penuh dan semrawut', 'Mohon ditambah kursi ruang tunggu'],
  '10': ['Saran: buka layanan hari Sabtu', 'Saran: tambah mesin ADM di mal'],
};

const ANSWERS = [
  'Terima kasih atas laporannya. Berkas Bapak/Ibu sudah kami proses, silakan cek kembali besok.',
  'Mohon maaf atas ketidaknyamanannya. Sudah kami teruskan ke unit terkait dan akan ditindaklanjuti.',
  'Dokumen sudah selesai dan dapat diambil di loket pengambilan dengan membawa bukti pendaftaran.',
  'Kendala sistem sudah diperbaiki. Silakan ulangi pengajuan melalui portal.',
  'Petugas yang bersangkutan sudah kami beri pembinaan. Terima kasih atas masukannya.',
];

const REJECTIONS = ['BUKAN KEWENANGAN DISDUKCAPIL', 'LAPORAN TIDAK JELAS / TIDAK LENGKAP', 'LAPORAN GANDA'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export class ComplaintHistory {
  private readonly rng: Random;
  private readonly referenceDay: number;

  constructor(world: WorldOptions) {
    this.rng = new Random((world.seed ^ 0x70656e67) >>> 0);
    this.referenceDay = isoToDay(world.referenceDate);
  }

  complaintsFor(family: WorldFamily): SeededComplaint[] {
    const rng = this.rng;
    if (!rng.chance(0.08)) return [];
    const adults = family.members.filter((p) => ageOn(isoToDay(p.birthDate), this.referenceDay) >= 17);
    if (adults.length === 0) return [];
    return [this.complaint(family, rng.pick(adults))];
  }

  private stamp(day: number, minuteOfDay: number): string {
    const m = Math.min(minuteOfDay, 24 * 60 - 1);
    return `${dayToIso(day)} ${pad(Math.floor(m / 60))}:${pad(m % 60)}:${pad(this.rng.int(0, 59))}`;
  }

  private complaint(family: WorldFamily, person: WorldPerson): SeededComplaint {
    const rng = this.rng;
    const ageDays = rng.int(0, 364);
    const day = this.referenceDay - 1 - ageDays;
    // Suggestions were a category until 2021; a few old rows were migrated with it.
    const kategori = rng.chance(0.03) ? '10' : rng.pick(['01', '01', '01', '02', '02', '03', '03', '04', '05', '05', '06', '06', '07', '08', '09']);
    const anonymous = rng.chance(0.2);
    const saluran = rng.weighted<string>([['W', 55], ['S', 10], ['L', 20], ['M', 15]]);
    const kecamatan = family.kelurahanCode.split('.').slice(0, 3).join('');
    const unit = kategori === '05' ? 'ONLINE' : rng.weighted<string | null>([[kecamatan, 40], ['DINAS', 30], [family.kelurahanCode.replace(/\./g, ''), 10], [null, 20]]);
    const lapor = this.stamp(day, rng.int(6 * 60, 22 * 60));
    const row: SeededComplaint['row'] = {
      // Complaints made on the portal carry its reference; the others none.
      no_referensi: saluran === 'W' && rng.chance(0.7) ? `PGD-${lapor.slice(0, 10).replace(/-/g, '')}-${pad(rng.int(1, 99999), 5)}` : null,
      nik_pelapor: anonymous ? null : person.nik,
      nama_pelapor: anonymous ? rng.pick(['ANONIM', 'HAMBA ALLAH', 'WARGA']) : rng.chance(0.5) ? person.name.toUpperCase() : person.name,
      no_hp: rng.chance(0.15) ? null : this.phone(),
      saluran,
      kd_kategori: kategori,
      kd_unit: unit,
      no_permohonan: ['01', '02', '03', '04', '05'].includes(kategori) && rng.chance(0.5) ? this.requestNumber(day) : null,
      judul: rng.chance(0.3) ? null : `Pengaduan ${(TEXTS[kategori] ?? TEXTS['09']!)[0]!.split(' ').slice(0, 3).join(' ')}`,
      isi: rng.pick(TEXTS[kategori] ?? TEXTS['09']!),
      kd_status: STATUS.BARU,
      tgl_lapor: lapor,
      tgl_update: lapor,
      petugas_update: null,
    };
    const history: SeededComplaint['history'] = [{ jenis: JENIS.LAPORAN, kd_status: STATUS.BARU, isi: null, petugas: null, tgl: lapor, no_referensi: null }];
    let at = isoToDay(lapor.slice(0, 10));
    const step = (status: number, isi: string | null, maxDays: number) => {
      at = Math.min(this.referenceDay - 1, at + rng.int(0, maxDays));
      const drawn = this.stamp(at, rng.int(8 * 60, 16 * 60));
      // Never before the step it follows (two steps on one day, or a complaint made in the evening).
      const tgl = drawn < row.tgl_update ? row.tgl_update : drawn;
      const petugas = rng.pick(OFFICERS);
      history.push({ jenis: isi && status !== STATUS.DITOLAK ? JENIS.JAWABAN : JENIS.STATUS, kd_status: status, isi, petugas, tgl, no_referensi: null });
      Object.assign(row, { kd_status: status, tgl_update: tgl, petugas_update: petugas });
    };
    for (const status of this.path(ageDays)) {
      if (status === STATUS.DIPROSES) step(status, null, 2);
      else if (status === STATUS.DIJAWAB) step(status, rng.pick(ANSWERS), 6);
      else if (status === STATUS.SELESAI) step(status, null, 10);
      else step(status, rng.pick(REJECTIONS), 3);
    }
    return { row, history };
  }

  /** The statuses a complaint went through after BARU, by how long ago it came in. */
  private path(ageDays: number): number[] {
    const rng = this.rng;
    const { DIPROSES, DIJAWAB, SELESAI, DITOLAK } = STATUS;
    const outcome = ageDays > 30
      ? rng.weighted<string>([['closed', 60], ['reopened', 8], ['answered', 15], ['rejected', 8], ['processing', 6], ['new', 3]])
      : ageDays > 7
        ? rng.weighted<string>([['closed', 25], ['answered', 40], ['processing', 20], ['new', 10], ['rejected', 5]])
        : rng.weighted<string>([['new', 50], ['processing', 30], ['answered', 20]]);
    switch (outcome) {
      case 'closed': return rng.chance(0.5) ? [DIPROSES, DIJAWAB, SELESAI] : [DIJAWAB, SELESAI];
      case 'reopened': return [DIJAWAB, DIPROSES, DIJAWAB, SELESAI];
      case 'answered': return rng.chance(0.5) ? [DIPROSES, DIJAWAB] : [DIJAWAB];
      case 'rejected': return [DITOLAK];
      case 'processing': return [DIPROSES];
      default: return [];
    }
  }

  private phone(): string {
    const rng = this.rng;
    const rest = `${rng.pick(['12', '13', '21', '22', '52', '56', '77', '78', '95', '96'])}${pad(rng.int(0, 99_999_999), 8)}`;
    return rng.weighted<string>([[`08${rest}`, 70], [`+628${rest}`, 15], [`628${rest}`, 10], [`08${rest.slice(0, 2)}-${rest.slice(2, 6)}-${rest.slice(6)}`, 5]]);
  }

  /** An application number as residents type it into the form: the portal's, with their own spacing and case. */
  private requestNumber(day: number): string {
    const rng = this.rng;
    const number = `PO-${dayToIso(day - rng.int(3, 30)).replace(/-/g, '')}-${pad(rng.int(1, 99_999), 5)}`;
    return rng.weighted<string>([[number, 70], [number.toLowerCase(), 15], [` ${number.replace(/-/g, ' - ')}`, 15]]);
  }
}

/** Seeded complaints in the order they came in: ids, ticket numbers (serial per month) and history ids follow time. */
export function numberComplaints(seeded: SeededComplaint[]): { complaints: PengaduanRow[]; history: TanggapanRow[]; lastTicket: { periode: string; nilai: number } | undefined } {
  const sorted = [...seeded].sort((a, b) => (a.row.tgl_lapor < b.row.tgl_lapor ? -1 : a.row.tgl_lapor > b.row.tgl_lapor ? 1 : 0));
  const serials = new Map<string, number>();
  const complaints: PengaduanRow[] = [];
  const history: Array<Omit<TanggapanRow, 'id_tanggapan'>> = [];
  let lastTicket: { periode: string; nilai: number } | undefined;
  sorted.forEach((c, i) => {
    const periode = c.row.tgl_lapor.slice(0, 7).replace('-', '');
    const serial = (serials.get(periode) ?? 0) + 1;
    serials.set(periode, serial);
    lastTicket = { periode, nilai: serial };
    complaints.push({ ...c.row, id_pengaduan: i + 1, no_tiket: ticketNumber(c.row.tgl_lapor, serial) });
    for (const h of c.history) history.push({ ...h, id_pengaduan: i + 1 });
  });
  // The history's ids follow time too, as they did when the desk wrote them one by one.
  history.sort((a, b) => (a.tgl < b.tgl ? -1 : a.tgl > b.tgl ? 1 : a.id_pengaduan - b.id_pengaduan));
  return { complaints, history: history.map((h, i) => ({ ...h, id_tanggapan: i + 1 })), lastTicket };
}
