import { addYears, ageOn, dayToIso, isoToDay } from '../world/dates';
import { Random } from '../world/random';
import type { WorldFamily, WorldOptions, WorldPerson } from '../world/types';
import { ALASAN, type StatusCetak } from './schema';

/**
 * The print queue's history, drawn from the world: adults (17+, or married younger) mostly have a
 * collected (DIAMBIL) job for their current card; some have a recent job still in the queue,
 * printing, waiting for pick-up or failed; a few have an older failed attempt. Deterministic:
 * one PRNG stream of its own, consumed person by person in the world's order.
 *
 * Kept on purpose, because the adapter must cope: jobs from the application's first version
 * (before 2014) carry the status in mixed case ('Diambil') and the old 'SIAP AMBIL' with a blank.
 */
export interface CetakRow {
  no_cetak: string;
  nik: string;
  no_permohonan: string | null;
  status_cetak: string;
  alasan: string;
  lokasi_ambil: string | null;
  tgl_permohonan: string;
  tgl_cetak: string | null;
  tgl_ambil: string | null;
  keterangan: string | null;
  petugas: string | null;
  tgl_ubah: string | null;
}

/** KTP-el printing began in earnest in 2012. */
const KTP_EL_START = isoToDay('2012-01-02');
const FIRST_VERSION_UNTIL = isoToDay('2014-01-01');
const FAILURES = ['BLANKO HABIS', 'CHIP TIDAK TERBACA', 'DATA BIOMETRIK BELUM SINKRON', 'PRINTER RUSAK'];

/** Job numbers as the application makes them: CTK-<regency>-<yyyymmdd>-<daily serial>. */
export function jobNumber(regency4: string, isoDate: string, serial: number): string {
  return `CTK-${regency4}-${isoDate.replace(/-/g, '')}-${String(serial).padStart(5, '0')}`;
}

export function pickupPlaces(kecamatanName: string): readonly string[] {
  return ['KANTOR DISDUKCAPIL', `KANTOR KECAMATAN ${kecamatanName.toUpperCase()}`];
}

export class CetakHistory {
  private readonly rng: Random;
  private readonly referenceDay: number;
  private readonly regency4: string;
  private readonly serials = new Map<number, number>();

  constructor(world: WorldOptions) {
    // Its own stream: the world's stream is the generator's alone.
    this.rng = new Random((world.seed ^ 0x6b747063) >>> 0);
    this.referenceDay = isoToDay(world.referenceDate);
    this.regency4 = world.regencyCode.replace('.', '');
  }

  rowsFor(family: WorldFamily, kecamatanName: string): CetakRow[] {
    const rows: CetakRow[] = [];
    for (const person of family.members) rows.push(...this.jobsOf(person, kecamatanName));
    return rows;
  }

  private jobsOf(person: WorldPerson, kecamatanName: string): CetakRow[] {
    const rng = this.rng;
    const birthDay = isoToDay(person.birthDate);
    const age = ageOn(birthDay, this.referenceDay);
    const married = person.marriageDate !== null;
    if (age < 17 && !married) return [];
    const eligible = Math.max(KTP_EL_START, married && person.marriageDate ? Math.min(addYears(birthDay, 17), isoToDay(person.marriageDate)) : addYears(birthDay, 17));
    const today = this.referenceDay;
    // Some adults' cards were printed elsewhere (before they moved here) or are not printed yet.
    if (eligible >= today || rng.chance(0.06)) return [];
    const places = pickupPlaces(kecamatanName);
    const place = rng.pick(places);
    const jobs: CetakRow[] = [];
    const requested = rng.int(eligible, today - 1);
    if (rng.chance(0.04) && requested - 7 > eligible) {
      jobs.push(this.job(person.nik, rng.int(eligible, requested - 7), 'GAGAL', ALASAN.BARU, place));
    }
    jobs.push(this.job(person.nik, requested, undefined, ALASAN.BARU, place));
    if (rng.chance(0.03)) {
      const replacement = rng.int(Math.max(requested + 1, today - 45), today - 1);
      if (replacement > requested) {
        const alasan = rng.pick([ALASAN.HILANG, ALASAN.RUSAK, ALASAN.PERUBAHAN_DATA]);
        const status = rng.weighted<StatusCetak>([['ANTRI', 3], ['CETAK', 2], ['SIAP_AMBIL', 4], ['GAGAL', 1]]);
        jobs.push(this.job(person.nik, replacement, status, alasan, place));
      }
    }
    return jobs;
  }

  /** An officer's NIP: birth date, appointment month, sex, serial (18 digits). */
  private nip(): string {
    const rng = this.rng;
    const two = (n: number) => String(n).padStart(2, '0');
    return `19${rng.int(65, 99)}${two(rng.int(1, 12))}${two(rng.int(1, 28))}20${two(rng.int(5, 23))}${two(rng.int(1, 12))}${rng.int(1, 2)}${String(rng.int(1, 20)).padStart(3, '0')}`;
  }

  /** A job requested on `day`; its status follows from the time since, unless given. */
  private job(nik: string, day: number, forced: StatusCetak | undefined, alasan: string, place: string): CetakRow {
    const rng = this.rng;
    const today = this.referenceDay;
    const printedDay = day + rng.int(0, 3);
    const collectedDay = printedDay + rng.int(0, 30);
    let status: StatusCetak = forced ?? (collectedDay < today ? 'DIAMBIL' : printedDay < today ? 'SIAP_AMBIL' : rng.chance(0.5) ? 'CETAK' : 'ANTRI');
    if (forced === 'SIAP_AMBIL' && printedDay >= today) status = 'CETAK';
    const printed = status === 'SIAP_AMBIL' || status === 'DIAMBIL';
    const serial = (this.serials.get(day) ?? 0) + 1;
    this.serials.set(day, serial);
    const iso = dayToIso(day);
    const time = `${String(rng.int(8, 15)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`;
    return {
      no_cetak: jobNumber(this.regency4, iso, serial),
      nik,
      // Jobs from the online portal carry its reference; counter jobs have none.
      no_permohonan: rng.chance(0.3) ? `PMH-${iso.replace(/-/g, '')}-${String(serial).padStart(5, '0')}` : null,
      status_cetak: day < FIRST_VERSION_UNTIL ? firstVersionStatus(status) : status,
      alasan,
      lokasi_ambil: place,
      tgl_permohonan: `${iso} ${time}`,
      tgl_cetak: printed ? dayToIso(Math.min(printedDay, today - 1)) : null,
      tgl_ambil: status === 'DIAMBIL' ? dayToIso(Math.min(collectedDay, today - 1)) : null,
      keterangan: status === 'GAGAL' ? rng.pick(FAILURES) : null,
      petugas: this.nip(),
      tgl_ubah: null,
    };
  }
}

/** How the application's first version wrote statuses. */
function firstVersionStatus(status: StatusCetak): string {
  if (status === 'SIAP_AMBIL') return 'SIAP AMBIL';
  return status.charAt(0) + status.slice(1).toLowerCase();
}
