import { addYears, ageOn, dayToIso, isoToDay } from '../world/dates';
import { deathOf } from '../world/mortality';
import { Random } from '../world/random';
import type { WorldFamily, WorldOptions, WorldPerson } from '../world/types';
import type { StatusAktivasi } from './schema';

/**
 * The IKD register, drawn from the world: a minority of living adults (17+, or married) have
 * started activation in the phone app, more among the young; most of those were verified at an
 * office (AKTIF), some are waiting for verification, some never finished, a few were suspended.
 * Deterministic: one PRNG stream of its own, consumed person by person in the world's order.
 *
 * Kept on purpose, because the adapter must cope: rows from the pilot version (before July 2023)
 * carry its state words ('SUDAH AKTIVASI', 'PROSES VERIFIKASI', 'BLOKIR') and only 'ANDROID' or
 * 'IPHONE' for the phone; some phones were not recorded at all ('-').
 */
export interface IkdRow {
  nik: string;
  status_aktivasi: string;
  tgl_daftar: string;
  tgl_aktivasi: string | null;
  perangkat: string | null;
  keterangan: string | null;
  petugas: string | null;
  tgl_ubah: string | null;
}

/** The IKD pilot began in July 2022; the current version replaced the pilot's in July 2023. */
const IKD_START = isoToDay('2022-07-01');
export const PILOT_UNTIL = isoToDay('2023-07-01');
const SUSPENSIONS = ['PERANGKAT HILANG', 'PERMINTAAN PENDUDUK', 'DATA TIDAK SESUAI', 'AKTIVASI DI PERANGKAT LAIN'];
const ANDROID_MODELS = ['SM-A145F', 'SM-A055F', 'Redmi Note 12', 'Redmi 10C', 'CPH2477', 'V2207', 'Infinix X6831', 'RMX3710'];
const IPHONES = ['iPhone 11', 'iPhone 12', 'iPhone 13', 'iPhone 14 Pro', 'iPhone 15'];

const PILOT_WORDS: Partial<Record<StatusAktivasi, string>> = { AKTIF: 'SUDAH AKTIVASI', 'MENUNGGU VERIFIKASI': 'PROSES VERIFIKASI', DITANGGUHKAN: 'BLOKIR' };

function stamp(day: number, rng: Random): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${dayToIso(day)} ${two(rng.int(6, 22))}:${two(rng.int(0, 59))}:${two(rng.int(0, 59))}`;
}

export class IkdRegister {
  private readonly rng: Random;
  private readonly referenceDay: number;

  constructor(private readonly world: WorldOptions) {
    // Its own stream: the world's stream is the generator's alone.
    this.rng = new Random((world.seed ^ 0x00696b64) >>> 0);
    this.referenceDay = isoToDay(world.referenceDate);
  }

  rowsFor(family: WorldFamily): IkdRow[] {
    const rows: IkdRow[] = [];
    for (const person of family.members) {
      const row = this.rowOf(person, family);
      if (row) rows.push(row);
    }
    return rows;
  }

  private rowOf(person: WorldPerson, family: WorldFamily): IkdRow | undefined {
    const rng = this.rng;
    const today = this.referenceDay;
    const birthDay = isoToDay(person.birthDate);
    const age = ageOn(birthDay, today);
    const chance = age < 17 ? (person.marriageDate ? 0.2 : 0) : age < 40 ? 0.35 : age < 60 ? 0.2 : 0.05;
    // One draw per person whatever the outcome, so the stream stays aligned person by person.
    const draw = rng.next();
    if (draw >= chance || deathOf(person, family, this.world)) return undefined;
    const eligible = Math.max(IKD_START, person.marriageDate && age < 17 ? isoToDay(person.marriageDate) : addYears(birthDay, 17));
    if (eligible >= today - 1) return undefined;
    const state = rng.weighted<StatusAktivasi>([['AKTIF', 80], ['MENUNGGU VERIFIKASI', 8], ['BELUM AKTIVASI', 8], ['DITANGGUHKAN', 4]]);
    // Waiting for verification: registered in the last month (older ones were cleared).
    const registered = state === 'MENUNGGU VERIFIKASI' ? rng.int(Math.max(eligible, today - 30), today - 1) : rng.int(eligible, today - 1);
    const pilot = registered < PILOT_UNTIL;
    const activated = state === 'AKTIF' || state === 'DITANGGUHKAN' ? Math.min(registered + rng.int(0, 3), today - 1) : undefined;
    return {
      nik: person.nik,
      status_aktivasi: pilot ? (PILOT_WORDS[state] ?? state) : state,
      tgl_daftar: stamp(registered, rng),
      tgl_aktivasi: activated === undefined ? null : stamp(activated, rng),
      perangkat: this.device(pilot),
      keterangan: state === 'DITANGGUHKAN' ? rng.pick(SUSPENSIONS) : null,
      petugas: null,
      tgl_ubah: null,
    };
  }

  /** The phone as the app reported it; the pilot only knew the platform. */
  private device(pilot: boolean): string {
    const rng = this.rng;
    if (rng.chance(0.03)) return '-';
    const android = rng.chance(0.78);
    if (pilot) return android ? 'ANDROID' : 'IPHONE';
    return android ? `Android ${rng.int(9, 14)} (${rng.pick(ANDROID_MODELS)})` : `iOS ${rng.int(15, 17)}.${rng.int(0, 5)} (${rng.pick(IPHONES)})`;
  }
}
