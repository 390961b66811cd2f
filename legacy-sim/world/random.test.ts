import { addYears, ageOn, dayToIso, isoToDay } from './dates';
import { Random, WeightedTable } from './random';

describe('Random', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const seqA = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(seqA);
  });

  it('draws in range: next in [0,1), int inclusive, date inclusive', () => {
    const rng = new Random(7);
    const ints = new Set<number>();
    const dates = new Set<string>();
    let lowest = 1;
    let highest = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      lowest = Math.min(lowest, x);
      highest = Math.max(highest, x);
      ints.add(rng.int(3, 6));
      dates.add(rng.date('2020-02-27', '2020-03-01'));
    }
    expect(lowest).toBeGreaterThanOrEqual(0);
    expect(highest).toBeLessThan(1);
    expect([...ints].sort()).toEqual([3, 4, 5, 6]);
    expect([...dates].sort()).toEqual(['2020-02-27', '2020-02-28', '2020-02-29', '2020-03-01']);
    expect(() => rng.int(2, 1)).toThrow();
    expect(() => rng.pick([])).toThrow();
  });

  it('honours weights and probabilities roughly', () => {
    const rng = new Random(1);
    const table = new WeightedTable([['a', 1], ['b', 3], ['never', 0]] as const);
    let b = 0;
    let yes = 0;
    for (let i = 0; i < 20_000; i++) {
      const v = i % 2 === 0 ? table.draw(rng) : rng.weighted([['a', 1], ['b', 3]] as const);
      if (v === 'never') throw new Error('drew an item of weight 0');
      if (v === 'b') b++;
      if (rng.chance(0.2)) yes++;
    }
    expect(b / 20_000).toBeCloseTo(0.75, 1);
    expect(yes / 20_000).toBeCloseTo(0.2, 1);
  });
});

describe('dates', () => {
  it('round-trips ISO dates through day numbers', () => {
    expect(isoToDay('1970-01-01')).toBe(0);
    expect(isoToDay('2008-11-26')).toBe(14209);
    const mismatches: number[] = [];
    for (let day = isoToDay('1899-12-25'); day < isoToDay('2030-01-10'); day += 17) {
      if (isoToDay(dayToIso(day)) !== day) mismatches.push(day);
    }
    expect(mismatches).toEqual([]);
    expect(dayToIso(isoToDay('2000-02-29') + 1)).toBe('2000-03-01');
    expect(dayToIso(isoToDay('1900-02-28') + 1)).toBe('1900-03-01');
    expect(() => isoToDay('2020-1-1')).toThrow();
  });

  it('counts completed years and shifts by whole years', () => {
    expect(ageOn(isoToDay('2000-01-02'), isoToDay('2026-01-01'))).toBe(25);
    expect(ageOn(isoToDay('2000-01-01'), isoToDay('2026-01-01'))).toBe(26);
    expect(dayToIso(addYears(isoToDay('2020-02-29'), 1))).toBe('2021-02-28');
    expect(dayToIso(addYears(isoToDay('2020-02-29'), -4))).toBe('2016-02-29');
  });
});
