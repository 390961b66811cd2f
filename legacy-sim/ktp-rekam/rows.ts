import { addYears, ageOn, dayToIso, isoToDay } from '../world/dates';
import { Random } from '../world/random';
import type { WorldFamily, WorldOptions, WorldPerson } from '../world/types';

/**
 * The world's enrolments, written the way the enrolment application writes them. Who enrolled
 * follows the rules: a KTP-el is for residents of 17 or married, enrolment started in 2011; most
 * eligible people enrolled successfully ('S'), those who became eligible lately are often still
 * awaiting the central match ('B'), a few were flagged duplicate ('D'), usually enrolled again
 * later. Decided by a PRNG of this app's own, so the world itself is untouched.
 */
export type PerekamanRow = Record<string, string | number | null>;

/** The national e-KTP enrolment programme began in 2011. */
const PROGRAMME_START = isoToDay('2011-08-01');
/** Before this the enrolment software wrote flags as 'Y'/'T', afterwards as '1'/'0'. */
const NUMERIC_FLAGS_FROM = isoToDay('2014-01-01');
/** Became eligible this recently: often still 'B'. */
const RECENT_DAYS = 180;
const DINAS = 'DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL';

export function ddmmyyyy(iso: string): string {
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
}

export interface EnrolmentSeeder {
  rowsFor(person: WorldPerson, family: WorldFamily): PerekamanRow[];
}

export function enrolmentSeeder(world: WorldOptions, kecamatanNames: ReadonlyMap<string, string>): EnrolmentSeeder {
  const rng = new Random(world.seed ^ 0x4b545052);
  const reference = isoToDay(world.referenceDate);

  function flag(captured: boolean, day: number): string {
    if (day < NUMERIC_FLAGS_FROM) return captured ? 'Y' : 'T';
    return captured ? '1' : '0';
  }

  function row(person: WorldPerson, family: WorldFamily, status: 'B' | 'D' | 'S', day: number): PerekamanRow {
    const atDinas = rng.chance(0.3);
    const kecCode = family.kelurahanCode.slice(0, 8);
    const [prop, kab, kec] = kecCode.split('.').map(Number);
    const minutes = rng.int(8 * 60, 15 * 60 + 30);
    const seconds = rng.int(0, 59);
    const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
    const iso = dayToIso(day);
    const kecName = (kecamatanNames.get(kecCode) ?? kecCode).toUpperCase();
    return {
      nik: person.nik,
      nama_lgkp: person.name.toUpperCase(),
      status_rekam: status,
      tgl_rekam: ddmmyyyy(iso),
      jam_rekam: time,
      tempat_rekam: atDinas ? DINAS : `KECAMATAN ${kecName}`,
      no_prop: prop ?? 0,
      no_kab: kab ?? 0,
      no_kec: atDinas ? 0 : (kec ?? 0),
      flag_sidik_jari: flag(true, day),
      // Early equipment failed on some irises; a few 'B' records still lack it.
      flag_iris: flag(day < NUMERIC_FLAGS_FROM ? rng.chance(0.9) : status !== 'B' || rng.chance(0.95), day),
      flag_foto: flag(true, day),
      flag_ttd: flag(rng.chance(0.99), day),
      petugas: atDinas ? `op_dinas${String(rng.int(1, 12)).padStart(2, '0')}` : `op_kec${String(kec).padStart(2, '0')}_${rng.int(1, 3)}`,
      keterangan: status === 'D' ? 'GANDA - MENUNGGU VERIFIKASI PUSAT' : null,
      tgl_entri: `${iso} ${time}`,
    };
  }

  return {
    rowsFor(person, family) {
      const birth = isoToDay(person.birthDate);
      const seventeen = addYears(birth, 17);
      const married = person.marriageDate === null ? Infinity : isoToDay(person.marriageDate);
      const eligible = Math.max(Math.min(seventeen, married), PROGRAMME_START);
      if (ageOn(birth, reference) < 17 && married === Infinity) return [];
      if (eligible > reference || !rng.chance(0.93)) return [];
      if (eligible > reference - RECENT_DAYS) {
        const day = rng.int(eligible, reference);
        return [row(person, family, rng.chance(0.6) ? 'B' : 'S', day)];
      }
      const day = eligible + rng.int(0, Math.min(730, reference - eligible));
      if (!rng.chance(0.03)) return [row(person, family, 'S', day)];
      const again = day + rng.int(30, 400);
      const duplicate = row(person, family, 'D', day);
      return again <= reference ? [duplicate, row(person, family, 'S', again)] : [duplicate];
    },
  };
}
