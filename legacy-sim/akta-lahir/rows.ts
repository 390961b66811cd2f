import { dayToIso, isoToDay } from '../world/dates';
import { Random } from '../world/random';
import type { WorldFamily, WorldOptions, WorldPerson } from '../world/types';

/**
 * The world's birth deeds written the way the birth registry writes them. Only deeds this
 * regency issued are here (the world's deed number starts with its code): a resident born and
 * registered elsewhere has a number in SIAK and no row in this registry, as in real life.
 * Most births are registered within weeks; some years later (late registration, > 60 working days).
 */
export type CapilLahirRow = Record<string, string | number | null>;

/** The late-registration flag column was added in 2016; older deeds have it empty. */
const FLAG_FROM = isoToDay('2016-01-01');
const LATE_AFTER_WORKING_DAYS = 60;

export function legacyDate(iso: string): string {
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
}

/** Monday to Friday days after `from` up to and including `to` (day numbers); public holidays aside. */
export function workingDaysAfter(from: number, to: number): number {
  let n = 0;
  // Day 0 (1970-01-01) was a Thursday: (day + 4) % 7 is 0 on Sundays.
  for (let d = from + 1; d <= to; d++) {
    const weekday = (((d + 4) % 7) + 7) % 7;
    if (weekday !== 0 && weekday !== 6) n++;
  }
  return n;
}

export interface BirthSeeder {
  rowFor(person: WorldPerson, family: WorldFamily): CapilLahirRow | null;
}

export function birthSeeder(world: WorldOptions): BirthSeeder {
  const rng = new Random(world.seed ^ 0x4c554148);
  const reference = isoToDay(world.referenceDate);
  const ownPrefix = `${world.regencyCode.replace(/\./g, '')}-LU-`;
  return {
    rowFor(person, family) {
      if (!person.birthDeedNumber?.startsWith(ownPrefix)) return null;
      const born = isoToDay(person.birthDate);
      const registered = Math.min(reference, born + (rng.chance(0.8) ? rng.int(1, 45) : rng.int(90, 3000)));
      const late = workingDaysAfter(born, registered) > LATE_AFTER_WORKING_DAYS;
      const [prop, kab, kec, kel] = family.kelurahanCode.split('.').map(Number);
      const minutes = rng.int(8 * 60, 15 * 60);
      const registeredOn = dayToIso(registered);
      return {
        NO_AKTA_LHR: person.birthDeedNumber,
        NIK_ANAK: person.nik,
        NAMA_ANAK: person.name.toUpperCase(),
        JENIS_KLMIN: person.sex === 'MALE' ? 1 : 2,
        TMPT_LHR: person.birthPlace.toUpperCase(),
        TGL_LHR: person.birthDate,
        NIK_IBU: person.motherNik,
        NAMA_IBU: person.motherName.toUpperCase(),
        NIK_AYAH: person.fatherNik,
        NAMA_AYAH: person.fatherName.toUpperCase(),
        TGL_DAFTAR: legacyDate(registeredOn),
        FLAG_TERLAMBAT: registered < FLAG_FROM ? null : late ? 'Y' : 'T',
        NO_PROP: prop ?? 0,
        NO_KAB: kab ?? 0,
        NO_KEC: kec ?? 0,
        NO_KEL: kel ?? 0,
        PETUGAS: `capil${String(rng.int(1, 9)).padStart(2, '0')}`,
        TGL_ENTRI: `${registeredOn} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`,
        REF_GERBANG: null,
      };
    },
  };
}
