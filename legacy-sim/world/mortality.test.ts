import { ageOn, isoToDay } from './dates';
import { generateWorld } from './generator';
import { deathOf } from './mortality';
import { DEFAULT_WORLD } from './types';

const WORLD = { ...DEFAULT_WORLD, scale: 10_000 };
const FAMILIES = generateWorld(WORLD);
const DEATHS = FAMILIES.flatMap((f) => f.members.map((p) => ({ p, f, death: deathOf(p, f, WORLD) }))).filter((x) => x.death !== null);

describe('deaths in the world', () => {
  it('is the same answer for the same person and world, and another for another seed', () => {
    const { p, f } = DEATHS[0]!;
    expect(deathOf(p, f, WORLD)).toEqual(DEATHS[0]!.death);
    const other = FAMILIES.flatMap((fam) => fam.members.map((m) => deathOf(m, fam, { ...WORLD, seed: WORLD.seed + 1 }))).filter(Boolean).length;
    expect(other).not.toBe(0);
    expect(FAMILIES.flatMap((fam) => fam.members.filter((m) => deathOf(m, fam, { ...WORLD, seed: WORLD.seed + 1 }) !== null).map((m) => m.nik))).not.toEqual(DEATHS.map((d) => d.p.nik));
  });

  it('takes about one resident in a hundred, mostly the old, after the KK and every birth in it, before the reference date', () => {
    const residents = FAMILIES.reduce((n, f) => n + f.members.length, 0);
    expect(DEATHS.length / residents).toBeGreaterThan(0.004);
    expect(DEATHS.length / residents).toBeLessThan(0.02);
    const reference = isoToDay(WORLD.referenceDate);
    const old = DEATHS.filter(({ p }) => ageOn(isoToDay(p.birthDate), reference) >= 60).length;
    expect(old / DEATHS.length).toBeGreaterThan(0.5);
    for (const { f, death } of DEATHS) {
      expect(death!.date > f.issuedOn).toBe(true);
      expect(f.members.every((m) => m.birthDate < death!.date)).toBe(true);
      expect(isoToDay(death!.date)).toBeLessThanOrEqual(reference - 60);
      expect(death!.time).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
    }
  });
});
