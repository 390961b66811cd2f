import { ageOn, dayToIso, isoToDay } from '../world/dates';
import { Random } from '../world/random';
import type { WorldFamily, WorldOptions, WorldPerson } from '../world/types';
import { HARI_LIBUR, isWorkingDay, officesOf, ticketNumber, defaultQuotas, type Kantor } from './calendar';
import { KANTOR_DINAS, LAYANAN_KECAMATAN, type KodeLayanan, type StatusAntrian } from './schema';

/**
 * The bookings already in the application, drawn from the world. Deterministic: one PRNG stream
 * of its own, consumed family by family in the world's order. Around one family in eight booked
 * something over the three months before the world's reference date and the two weeks after it,
 * for a service that fits the person (a first KTP at 17, a KIA for a child, a card replaced, a
 * family card changed…), at their kecamatan's office when it offers the service, else at the
 * Dinas; always within the day's quota (a full day pushes the booking to the next open day).
 * Visits before the reference date are done: mostly served, some never came (closed as NO_SHOW
 * at the end of the day), some cancelled; later ones are still booked (overdue once the real
 * clock passes them), a few cancelled.
 */
export interface AntrianRow {
  id_antrian: number;
  kd_kantor: string;
  kd_layanan: string;
  tgl_kunjungan: string;
  no_urut: number;
  no_tiket: string;
  nik: string;
  nama: string | null;
  no_hp: string | null;
  sumber: string;
  status: StatusAntrian;
  tgl_daftar: string;
  loket: string | null;
  petugas: string | null;
  kd_referensi: string | null;
  tgl_ubah: string | null;
}

export interface LogRow {
  id_log?: number;
  id_antrian: number;
  status: StatusAntrian;
  waktu: string;
  petugas: string | null;
  keterangan: string | null;
}

export interface SeededBooking {
  booking: AntrianRow;
  log: LogRow[];
}

const SERVED_UNTIL_DAYS_BEFORE = 90;
const BOOKED_DAYS_AHEAD = 14;

export class BookingHistory {
  private readonly rng: Random;
  private readonly referenceDay: number;
  private readonly offices: Kantor[];
  private readonly quotas = new Map<string, number>();
  private readonly used = new Map<string, number>();
  private readonly holidays = new Set(HARI_LIBUR.map((h) => h.tanggal));
  private nextId = 1;

  constructor(world: WorldOptions) {
    this.rng = new Random((world.seed ^ 0x616e7472) >>> 0);
    this.referenceDay = isoToDay(world.referenceDate);
    this.offices = officesOf(world.regencyCode);
    for (const office of this.offices) for (const q of defaultQuotas(office)) this.quotas.set(`${office.kd_kantor}|${q.kd_layanan}`, q.kuota_harian);
  }

  bookingsFor(family: WorldFamily): SeededBooking[] {
    const rng = this.rng;
    if (!rng.chance(0.12)) return [];
    const out: SeededBooking[] = [];
    const count = rng.chance(0.15) ? 2 : 1;
    for (let i = 0; i < count; i += 1) {
      const person = rng.pick(family.members);
      const booked = this.book(family, person);
      if (booked) out.push(booked);
    }
    return out;
  }

  private age(person: WorldPerson): number {
    return ageOn(isoToDay(person.birthDate), this.referenceDay);
  }

  /** A service that fits the person's age and family. */
  private serviceFor(person: WorldPerson): KodeLayanan {
    const rng = this.rng;
    const age = this.age(person);
    if (age < 17) return rng.chance(0.85) ? 'E' : 'F';
    if (age === 17) return rng.chance(0.8) ? 'A' : 'D';
    return rng.weighted<KodeLayanan>([['B', 30], ['D', 25], ['J', 15], ['C', 6], ['H', 7], ['I', 6], ['G', 4], ['K', 4], ['L', 2], ['A', 1]]);
  }

  private book(family: WorldFamily, person: WorldPerson): SeededBooking | undefined {
    const rng = this.rng;
    const layanan = this.serviceFor(person);
    const kecamatan = family.kelurahanCode.split('.').slice(0, 3).join('');
    const atKecamatan = LAYANAN_KECAMATAN.includes(layanan) && rng.chance(0.6);
    const kantor = atKecamatan ? kecamatan : KANTOR_DINAS;
    const quota = this.quotas.get(`${kantor}|${layanan}`);
    if (!quota) return undefined;
    // A quarter of the bookings are still ahead on the reference date (the booking site opens two weeks ahead).
    let day = this.referenceDay + (rng.chance(0.25) ? rng.int(0, BOOKED_DAYS_AHEAD) : -rng.int(1, SERVED_UNTIL_DAYS_BEFORE));
    let key = '';
    for (let tries = 0; ; tries += 1, day += 1) {
      if (tries > 20) return undefined;
      if (!isWorkingDay(dayToIso(day), this.holidays)) continue;
      key = `${kantor}|${layanan}|${day}`;
      if ((this.used.get(key) ?? 0) < quota) break;
    }
    const serial = (this.used.get(key) ?? 0) + 1;
    this.used.set(key, serial);
    const visit = dayToIso(day);
    const past = day < this.referenceDay;
    const sumber = past && rng.chance(0.2) ? 'LOKET' : rng.chance(0.7) ? 'WEB' : 'APP';
    const submittedDay = sumber === 'LOKET' ? day : day - rng.int(1, 14);
    const tglDaftar = sumber === 'LOKET' ? `${dayToIso(submittedDay)} ${time(rng, 7, 10)}` : `${dayToIso(submittedDay)} ${time(rng, 6, 22)}`;
    const id = this.nextId++;
    const petugas = nip(rng);
    const loket = `${String.fromCharCode(65 + rng.int(0, 3))}${String(rng.int(1, 6)).padStart(2, '0')}`;
    const log: LogRow[] = [{ id_antrian: id, status: 'BOOKED', waktu: tglDaftar, petugas: null, keterangan: null }];
    let status: StatusAntrian = 'BOOKED';
    let served = false;
    const roll = rng.next();
    if (past && (sumber === 'LOKET' || roll < 0.8)) {
      const checkIn = sumber === 'LOKET' ? tglDaftar : `${visit} ${time(rng, 8, 11)}`;
      log.push({ id_antrian: id, status: 'CHECK_IN', waktu: checkIn, petugas: null, keterangan: null });
      log.push({ id_antrian: id, status: 'SELESAI', waktu: later(checkIn, rng.int(10, 55) * 60 + rng.int(0, 59)), petugas, keterangan: null });
      status = 'SELESAI';
      served = true;
    } else if (past && roll < 0.92) {
      log.push({ id_antrian: id, status: 'NO_SHOW', waktu: `${visit} 16:00:00`, petugas: null, keterangan: 'TUTUP HARI' });
      status = 'NO_SHOW';
    } else if (roll >= 0.92 || (!past && rng.chance(0.1))) {
      const cancelDay = Math.min(day, submittedDay + rng.int(0, Math.max(0, day - submittedDay)));
      const at = `${dayToIso(cancelDay)} ${time(rng, 6, 21)}`;
      log.push({ id_antrian: id, status: 'BATAL', waktu: at < tglDaftar ? later(tglDaftar, 600) : at, petugas: null, keterangan: 'DIBATALKAN PEMOHON' });
      status = 'BATAL';
    }
    const last = log[log.length - 1]!;
    return {
      booking: {
        id_antrian: id,
        kd_kantor: kantor,
        kd_layanan: layanan,
        tgl_kunjungan: visit,
        no_urut: serial,
        no_tiket: ticketNumber(layanan, serial),
        nik: person.nik,
        nama: person.name.toUpperCase(),
        no_hp: sumber === 'LOKET' ? null : family.phone,
        sumber,
        status,
        tgl_daftar: tglDaftar,
        loket: served ? loket : null,
        petugas: served ? petugas : null,
        // Bookings from the web and the app carry the booking site's reference; tickets taken at the office none.
        kd_referensi: sumber === 'LOKET' ? null : `BK-${visit.replace(/-/g, '')}-${String(id).padStart(6, '0')}`,
        tgl_ubah: log.length > 1 ? last.waktu : null,
      },
      log,
    };
  }
}

function time(rng: Random, fromHour: number, toHour: number): string {
  return `${pad2(rng.int(fromHour, toHour))}:${pad2(rng.int(0, 59))}:${pad2(rng.int(0, 59))}`;
}

/** 'YYYY-MM-DD HH:mm:ss' plus seconds (within the day). */
function later(stamp: string, seconds: number): string {
  const [h, m, s] = stamp.slice(11).split(':').map(Number) as [number, number, number];
  const total = Math.min(h * 3600 + m * 60 + s + seconds, 23 * 3600 + 59 * 60 + 59);
  return `${stamp.slice(0, 10)} ${pad2(Math.floor(total / 3600))}:${pad2(Math.floor((total % 3600) / 60))}:${pad2(total % 60)}`;
}

function nip(rng: Random): string {
  return `19${rng.int(65, 99)}${pad2(rng.int(1, 12))}${pad2(rng.int(1, 28))}20${pad2(rng.int(5, 23))}${pad2(rng.int(1, 12))}${rng.int(1, 2)}${String(rng.int(1, 20)).padStart(3, '0')}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
