import { regions } from '@core/domain/regions';
import { ageOn, dayToIso, isoToDay } from '../world/dates';
import { deathOf, type WorldDeath, type WorldDeathCause } from '../world/mortality';
import { Random } from '../world/random';
import type { WorldFamily, WorldOptions, WorldPerson } from '../world/types';

/**
 * The world's deaths (legacy-sim/world/mortality.ts, the same source SIAK's STAT_HIDUP is to
 * follow) written the way the death registry writes them. Reports come within 30 days as the
 * rules ask, a few later; a family member reports. Numbers are `<regency>-KM-<report date>-<serial>`.
 */
export type CapilMatiRow = Record<string, string | number | null>;

export const SEBAB_MATI: Record<WorldDeathCause, number> = { ILLNESS: 1, EPIDEMIC: 2, ACCIDENT: 3, CRIME: 4, SUICIDE: 5, OTHER: 6 };
/** Rows entered before the 2022 upgrade have dates typed with slashes. */
const DASHED_DATES_FROM = isoToDay('2022-01-01');

export function legacyDate(iso: string, dashed = true): string {
  const sep = dashed ? '-' : '/';
  return `${iso.slice(8, 10)}${sep}${iso.slice(5, 7)}${sep}${iso.slice(0, 4)}`;
}

export function deedPrefix(regencyCode: string, registeredOn: string): string {
  return `${regencyCode.replace(/\./g, '')}-KM-${legacyDate(registeredOn).replace(/-/g, '')}-`;
}

/** The family member who reports: the head, or (when the head died) the eldest other adult. */
function reporter(person: WorldPerson, family: WorldFamily, referenceDay: number): WorldPerson | undefined {
  const adults = family.members.filter((m) => m !== person && ageOn(isoToDay(m.birthDate), referenceDay) >= 17);
  return adults.find((m) => m.relationship === 'HEAD') ?? adults[0];
}

export interface DeathSeeder {
  rowFor(person: WorldPerson, family: WorldFamily): CapilMatiRow | null;
}

export function deathSeeder(world: WorldOptions): DeathSeeder {
  const rng = new Random(world.seed ^ 0x4b4d4154);
  const reference = isoToDay(world.referenceDate);
  const regency = world.regencyCode;
  const serials = new Map<string, number>();
  const regencyName = (regions().get(regency)?.name ?? regency).toUpperCase();

  function place(death: WorldDeath): string {
    return death.place === 'HOME' ? 'RUMAH' : `RUMAH SAKIT DI ${regencyName}`;
  }

  return {
    rowFor(person, family) {
      const death = deathOf(person, family, world);
      if (!death) return null;
      const died = isoToDay(death.date);
      const reported = Math.min(reference, died + (rng.chance(0.85) ? rng.int(1, 30) : rng.int(31, 365)));
      const reportedOn = dayToIso(reported);
      const prefix = deedPrefix(regency, reportedOn);
      const serial = (serials.get(prefix) ?? 0) + 1;
      serials.set(prefix, serial);
      const by = reporter(person, family, reference);
      const dashed = reported >= DASHED_DATES_FROM;
      const [prop, kab, kec, kel] = family.kelurahanCode.split('.').map(Number);
      const minutes = rng.int(8 * 60, 15 * 60);
      return {
        NO_AKTA_MATI: `${prefix}${String(serial).padStart(4, '0')}`,
        NIK: person.nik,
        NAMA_LGKP: person.name.toUpperCase(),
        JENIS_KLMIN: person.sex === 'MALE' ? 1 : 2,
        TGL_LHR: person.birthDate,
        TGL_MATI: legacyDate(death.date, dashed),
        JAM_MATI: death.time,
        TMPT_MATI: place(death),
        SEBAB_MATI: SEBAB_MATI[death.cause],
        NIK_PELAPOR: by?.nik ?? null,
        NAMA_PELAPOR: by ? by.name.toUpperCase() : 'KETUA RT SETEMPAT',
        TGL_LAPOR: legacyDate(reportedOn, dashed),
        NO_PROP: prop ?? 0,
        NO_KAB: kab ?? 0,
        NO_KEC: kec ?? 0,
        NO_KEL: kel ?? 0,
        PETUGAS: `capil${String(rng.int(1, 9)).padStart(2, '0')}`,
        TGL_ENTRI: `${reportedOn} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`,
        REF_GERBANG: null,
      };
    },
  };
}
