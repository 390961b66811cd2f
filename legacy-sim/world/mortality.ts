import { ageOn, dayToIso, isoToDay } from './dates';
import { Random } from './random';
import type { WorldFamily, WorldOptions, WorldPerson } from './types';

/**
 * Who among the world's residents has died, and when. The generator makes a snapshot of people
 * on their KK; some of them have since died and their deaths were registered. This is decided
 * apart from the generator's PRNG stream (a PRNG of its own, seeded from the world seed and the
 * NIK), so every existing output of the world stays byte-identical, and any emulator that asks
 * (the death registry, and SIAK's STAT_HIDUP) gets the same answer for the same person.
 */

export interface WorldDeath {
  /** ISO date of death, after the KK was issued and after every member's birth, before the reference date. */
  date: string;
  /** Hour and minute, 'HH:MM'. */
  time: string;
  cause: WorldDeathCause;
  /** Where the person died: at home or a hospital, by name. */
  place: 'HOME' | 'HOSPITAL';
}

export type WorldDeathCause = 'ILLNESS' | 'EPIDEMIC' | 'ACCIDENT' | 'CRIME' | 'SUICIDE' | 'OTHER';

/** Deaths among the people still on a KK: the last few years before the reference date. */
const WINDOW_YEARS = 5;
/** Chance of having died within the window, by age at the reference date (rough, Indonesian life tables). */
function deathChance(age: number): number {
  if (age < 40) return 0.002;
  if (age < 60) return 0.015;
  if (age < 70) return 0.06;
  return 0.15;
}

const CAUSES: ReadonlyArray<readonly [WorldDeathCause, number]> = [['ILLNESS', 86], ['EPIDEMIC', 6], ['ACCIDENT', 5], ['CRIME', 0.5], ['SUICIDE', 0.5], ['OTHER', 2]];

/** 32-bit FNV-1a of the NIK mixed with the world seed: a stable per-person seed. */
function personSeed(worldSeed: number, nik: string): number {
  let h = (0x811c9dc5 ^ worldSeed) >>> 0;
  for (let i = 0; i < nik.length; i++) h = Math.imul(h ^ nik.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The death of `person` (a member of `family`), or null when the person is alive. */
export function deathOf(person: WorldPerson, family: WorldFamily, world: WorldOptions): WorldDeath | null {
  const reference = isoToDay(world.referenceDate);
  const rng = new Random(personSeed(world.seed, person.nik));
  if (!rng.chance(deathChance(ageOn(isoToDay(person.birthDate), reference)))) return null;
  // Alive when the KK was issued and at every birth in the family (a KK lists the living);
  // registered at least 60 days before the reference date.
  let earliest = isoToDay(family.issuedOn) + 1;
  for (const m of family.members) earliest = Math.max(earliest, isoToDay(m.birthDate) + 1);
  earliest = Math.max(earliest, reference - Math.round(WINDOW_YEARS * 365.25));
  const latest = reference - 60;
  if (earliest > latest) return null;
  const day = rng.int(earliest, latest);
  const minutes = rng.int(0, 24 * 60 - 1);
  return {
    date: dayToIso(day),
    time: `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`,
    cause: rng.weighted(CAUSES),
    place: rng.chance(0.55) ? 'HOSPITAL' : 'HOME',
  };
}
