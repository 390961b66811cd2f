import { Random } from '../world/random';
import { dayToIso, isoToDay } from '../world/dates';
import type { WorldFamily, WorldOptions } from '../world/types';
import type { LaporanRow, PesanRow } from './messages';
import { bagianOf, biayaOf } from './parts';
import { normaliseTujuan } from './phones';
import { planFor } from './plan';
import { GAGAL_SEGERA, STATUS, SUMBER, type Kanal } from './schema';

/**
 * The gateway's history, drawn from the world: in the two months before the reference date the
 * older applications texted a few families (those with a phone on their KK) about their
 * documents and appointments. Every seeded message has reached its last report. The older
 * applications sent no client reference; a few newer ones did ('SIAK-…'). Texts carry no names
 * (the city's rule for SMS), only numbers the resident already knows.
 */
export interface SeededMessage {
  row: Omit<PesanRow, 'id_pesan'>;
}

const TEXTS = [
  (n: string) => `Yth. Warga, KTP-el Anda (permohonan ${n}) sudah dapat diambil di Disdukcapil Kota Tangerang Selatan. Bawa bukti pendaftaran.`,
  (n: string) => `Dukcapil Tangsel: berkas ${n} sudah diverifikasi. Dokumen akan dikirim ke alamat Anda.`,
  (n: string) => `Pengingat antrian ${n}: datang 15 menit sebelum jadwal, bawa KK asli. Info: dukcapil.tangerangselatankota.go.id`,
  (n: string) => `Akta kelahiran (permohonan ${n}) telah terbit dan dapat diunduh dengan tanda tangan elektronik.`,
];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export class MessageHistory {
  private readonly rng: Random;
  private readonly referenceDay: number;

  constructor(private readonly world: WorldOptions) {
    this.rng = new Random((world.seed ^ 0x6e6f7466) >>> 0);
    this.referenceDay = isoToDay(world.referenceDate);
  }

  messagesFor(family: WorldFamily): SeededMessage[] {
    const rng = this.rng;
    const noTujuan = family.phone ? normaliseTujuan(family.phone) : undefined;
    if (!noTujuan || !rng.chance(0.06)) return [];
    return Array.from({ length: rng.chance(0.25) ? 2 : 1 }, () => this.message(noTujuan));
  }

  private message(noTujuan: string): SeededMessage {
    const rng = this.rng;
    const day = this.referenceDay - rng.int(1, 60);
    const minute = rng.int(8 * 60, 17 * 60);
    const accepted = `${dayToIso(day)} ${pad(Math.floor(minute / 60))}:${pad(minute % 60)}:${pad(rng.int(0, 59))}`;
    const kanal: Kanal = rng.chance(0.7) ? 'SMS' : 'WA';
    const number = `PO-${dayToIso(day - rng.int(1, 10)).replace(/-/g, '')}-${pad(rng.int(1, 99_999), 5)}`;
    const isi = rng.pick(TEXTS)(number);
    const { parts } = bagianOf(kanal, isi);
    // The same rules as live messages, on the seed's draw (ids are not known yet).
    const plan = planFor({ seed: this.world.seed, failureRate: 0.08, sendDelayMs: rng.int(1, 20) * 1000, reportDelayMs: rng.int(3, 120) * 1000 }, rng.int(1, 1 << 30), kanal, noTujuan, wibDate(accepted));
    const failsAtOnce = plan.status === STATUS.GAGAL && GAGAL_SEGERA.includes(plan.gagal ?? '');
    return {
      row: {
        ref_klien: rng.chance(0.3) ? `SIAK-${accepted.slice(0, 10).replace(/-/g, '')}-${pad(rng.int(1, 999_999), 6)}` : null,
        kanal,
        no_tujuan: noTujuan,
        isi_pesan: isi,
        jml_bagian: parts,
        biaya: biayaOf(kanal, parts),
        kd_status: plan.status,
        kd_gagal: plan.gagal,
        url_callback: null,
        tgl_terima: accepted,
        tgl_kirim: failsAtOnce ? null : wibStamp(plan.kirim),
        tgl_laporan: wibStamp(plan.laporan),
        jadwal_kirim: wibStamp(plan.kirim),
        jadwal_laporan: wibStamp(plan.laporan),
        rencana_status: plan.status,
        rencana_gagal: plan.gagal,
      },
    };
  }
}

/** 'YYYY-MM-DD HH:mm:ss' WIB as an instant, and back (WIB is UTC+7 all year). */
function wibDate(stamp: string): Date {
  return new Date(`${stamp.replace(' ', 'T')}+07:00`);
}

function wibStamp(at: Date): string {
  return new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Seeded messages numbered in the order they came in, with their reports numbered in time order. */
export function numberMessages(seeded: SeededMessage[]): { messages: PesanRow[]; reports: Array<Omit<LaporanRow, 'id_laporan'> & { id_laporan: number }> } {
  const sorted = [...seeded].sort((a, b) => (a.row.tgl_terima < b.row.tgl_terima ? -1 : a.row.tgl_terima > b.row.tgl_terima ? 1 : 0));
  const messages = sorted.map((m, i) => ({ ...m.row, id_pesan: i + 1 }));
  const reports: Array<Omit<LaporanRow, 'id_laporan'>> = [];
  for (const m of messages) {
    if (m.tgl_kirim) reports.push({ id_pesan: m.id_pesan, kd_status: STATUS.TERKIRIM, kd_gagal: null, waktu: m.tgl_kirim, sumber: SUMBER.OPERATOR, status_callback: null });
    reports.push({ id_pesan: m.id_pesan, kd_status: m.kd_status, kd_gagal: m.kd_gagal, waktu: m.tgl_laporan!, sumber: SUMBER.OPERATOR, status_callback: null });
  }
  reports.sort((a, b) => (a.waktu < b.waktu ? -1 : a.waktu > b.waktu ? 1 : a.id_pesan - b.id_pesan));
  return { messages, reports: reports.map((r, i) => ({ ...r, id_laporan: i + 1 })) };
}

