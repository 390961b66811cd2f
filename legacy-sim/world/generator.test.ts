import { checkKk } from '@core/domain/kk';
import { checkNik } from '@core/domain/nik';
import { regions } from '@core/domain/regions';
import { ageOn, isoToDay } from './dates';
import { countResidents, generateFamilies, generateWorld } from './generator';
import { OCCUPATIONS } from './occupations';
import { DEFAULT_WORLD, type WorldFamily, type WorldOptions, type WorldRelationship } from './types';

const options = (over: Partial<WorldOptions> = {}): WorldOptions => ({ ...DEFAULT_WORLD, ...over });

// One mid-sized world shared by the property checks below (generated once: ~0.2 s).
const WORLD = generateWorld(options({ scale: 20_000 }));
const PEOPLE = WORLD.flatMap((f) => f.members.map((p) => ({ p, f })));

describe('determinism', () => {
  it('gives byte-identical worlds for the same options', () => {
    const a = JSON.stringify(generateWorld(options({ scale: 3_000 })));
    const b = JSON.stringify(generateWorld(options({ scale: 3_000 })));
    expect(a).toBe(b);
  });

  it('gives a different world for another seed', () => {
    const a = generateWorld(options({ scale: 200 }));
    const b = generateWorld(options({ scale: 200, seed: DEFAULT_WORLD.seed + 1 }));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
  });

  it('makes a smaller world a prefix of a larger one with the same seed', () => {
    const small = generateWorld(options({ scale: 1_000 }));
    expect(WORLD.slice(0, small.length)).toEqual(small);
  });
});

describe('scale', () => {
  it.each([1, 10, 999, 20_000])('stops at the first family that reaches %i residents', (scale) => {
    const world = scale === 20_000 ? WORLD : generateWorld(options({ scale }));
    const residents = countResidents(world);
    expect(residents).toBeGreaterThanOrEqual(scale);
    expect(residents).toBeLessThan(scale + 15);
    const withoutLast = residents - (world[world.length - 1]?.members.length ?? 0);
    expect(withoutLast).toBeLessThan(scale);
  });

  it('yields nothing for scale 0 and rejects nonsense options', () => {
    expect(generateWorld(options({ scale: 0 }))).toEqual([]);
    expect(() => generateWorld(options({ scale: -1 }))).toThrow();
    expect(() => generateWorld(options({ referenceDate: '01-01-2026' }))).toThrow();
    expect(() => generateWorld(options({ regencyCode: '99.99' }))).toThrow();
    expect(() => generateFamilies(options({ regencyCode: '36.74.01' }))).toThrow(/regency/);
  });
});

/**
 * Runs `check` over every item and returns the first few complaints: one expect() per resident
 * would dominate the run time (expect is slow inside jest), and a list reads better on failure.
 */
function problems<T>(items: Iterable<T>, check: (item: T) => string | null | false | undefined, limit = 10): string[] {
  const found: string[] = [];
  for (const item of items) {
    const problem = check(item);
    if (problem) found.push(problem);
    if (found.length >= limit) break;
  }
  return found;
}

const ageAt = (birthDate: string, onDate: string): number => ageOn(isoToDay(birthDate), isoToDay(onDate));

describe('identifiers', () => {
  it('gives every person a valid, unique NIK that agrees with sex, birth date and first registration', () => {
    const seen = new Set<string>();
    expect(problems(PEOPLE, ({ p }) => {
      const check = checkNik(p.nik);
      if (!check.ok) return `${p.nik}: ${check.message}`;
      if (seen.has(p.nik)) return `${p.nik}: duplicate`;
      seen.add(p.nik);
      const [year, month, day] = p.birthDate.split('-').map(Number);
      const { sex, day: d, month: m, yearOfCentury, kecamatanCode } = check.parts;
      if (sex !== p.sex || d !== day || m !== month || yearOfCentury !== (year ?? 0) % 100) return `${p.nik}: disagrees with ${p.sex} ${p.birthDate}`;
      if (kecamatanCode !== p.firstRegistrationKecamatan) return `${p.nik}: first registered in ${p.firstRegistrationKecamatan}`;
      return null;
    })).toEqual([]);
    expect(seen.size).toBe(PEOPLE.length);
  });

  it('gives every family a valid, unique KK number issued by its kecamatan on issuedOn', () => {
    const seen = new Set<string>();
    expect(problems(WORLD, (f) => {
      const check = checkKk(f.kkNumber);
      if (!check.ok) return `${f.kkNumber}: ${check.message}`;
      if (seen.has(f.kkNumber)) return `${f.kkNumber}: duplicate`;
      seen.add(f.kkNumber);
      if (check.kecamatanCode !== f.kelurahanCode.slice(0, 8)) return `${f.kkNumber}: not issued by the family's kecamatan`;
      const [y, m, d] = f.issuedOn.split('-');
      if (f.kkNumber.slice(6, 12) !== `${d}${m}${y?.slice(2)}`) return `${f.kkNumber}: date differs from issuedOn ${f.issuedOn}`;
      if (f.issuedOn < '2008-11-26' || f.issuedOn > DEFAULT_WORLD.referenceDate) return `${f.kkNumber}: issued ${f.issuedOn}`;
      return null;
    })).toEqual([]);
  });

  it('numbers birth deeds uniquely as REGENCY-LU-DDMMYYYY-serial', () => {
    const seen = new Set<string>();
    expect(problems(PEOPLE, ({ p }) => {
      if (p.birthDeedNumber === null) return null;
      const [y, m, d] = p.birthDate.split('-');
      if (!new RegExp(`^\\d{4}-LU-${d}${m}${y}-\\d{4}$`).test(p.birthDeedNumber)) return `${p.nik}: deed ${p.birthDeedNumber} for ${p.birthDate}`;
      if (seen.has(p.birthDeedNumber)) return `${p.birthDeedNumber}: duplicate`;
      seen.add(p.birthDeedNumber);
      return null;
    })).toEqual([]);
    expect(seen.size / PEOPLE.length).toBeGreaterThan(0.4);
  });

  it('registers most people in their own kecamatan, some elsewhere in the regency, some in Batang', () => {
    const share = (pred: (p: (typeof PEOPLE)[number]) => boolean) => PEOPLE.filter(pred).length / PEOPLE.length;
    const batang = share(({ p }) => p.firstRegistrationKecamatan.startsWith('33.25.'));
    const own = share(({ p, f }) => p.firstRegistrationKecamatan === f.kelurahanCode.slice(0, 8));
    expect(batang).toBeGreaterThan(0.03);
    expect(batang).toBeLessThan(0.07);
    expect(own).toBeGreaterThan(0.8);
    expect(own).toBeLessThan(0.9);
  });
});

describe('households', () => {
  const RANK: Record<WorldRelationship, number> = {
    HEAD: 0, HUSBAND: 1, WIFE: 1, CHILD: 2, CHILD_IN_LAW: 3, GRANDCHILD: 4,
    PARENT: 5, PARENT_IN_LAW: 6, OTHER_RELATIVE: 7, HOUSEHOLD_HELPER: 8, OTHER: 9,
  };

  it('has exactly one HEAD, first, and members in KK order (children eldest first)', () => {
    expect(problems(WORLD, (f) => {
      if (f.members[0]?.relationship !== 'HEAD') return `${f.kkNumber}: first member is not the head`;
      if (f.members.filter((m) => m.relationship === 'HEAD').length !== 1) return `${f.kkNumber}: more than one head`;
      for (let i = 1; i < f.members.length; i++) {
        const [prev, cur] = [f.members[i - 1], f.members[i]];
        if (!prev || !cur) continue;
        if (RANK[prev.relationship] > RANK[cur.relationship]) return `${f.kkNumber}: ${cur.relationship} after ${prev.relationship}`;
        if (prev.relationship === cur.relationship && prev.birthDate > cur.birthDate) return `${f.kkNumber}: ${cur.relationship} not eldest first`;
      }
      return null;
    })).toEqual([]);
  });

  it('links parents in the same KK and makes children at least 15 years younger than them', () => {
    let linked = 0;
    expect(problems(WORLD, (f) => {
      for (const m of f.members) {
        for (const [nik, name, sex] of [[m.motherNik, m.motherName, 'FEMALE'], [m.fatherNik, m.fatherName, 'MALE']] as const) {
          if (name.length === 0) return `${m.nik}: parent name missing`;
          if (nik === null) continue;
          const parent = f.members.find((x) => x.nik === nik);
          if (!parent) return `${m.nik}: parent ${nik} is not in KK ${f.kkNumber}`;
          if (parent.name !== name || parent.sex !== sex) return `${m.nik}: parent ${nik} is ${parent.name} (${parent.sex}), not ${name}`;
          if (ageAt(parent.birthDate, m.birthDate) < 15) return `${m.nik} (${m.birthDate}): parent ${nik} born ${parent.birthDate}`;
          linked++;
        }
      }
      return null;
    })).toEqual([]);
    expect(linked).toBeGreaterThan(PEOPLE.length / 2);
  });

  it('keeps mothers between 18 and 45 at the births of the children in their KK', () => {
    expect(problems(WORLD, (f) => {
      for (const m of f.members) {
        const mother = m.motherNik === null ? undefined : f.members.find((x) => x.nik === m.motherNik);
        if (!mother) continue;
        const age = ageAt(mother.birthDate, m.birthDate);
        if (mother.relationship !== 'PARENT' && mother.relationship !== 'PARENT_IN_LAW' && (age < 18 || age > 45)) return `${m.nik}: mother ${mother.nik} was ${age}`;
      }
      return null;
    })).toEqual([]);
  });

  it('marries couples consistently and only adults', () => {
    expect(problems(PEOPLE, ({ p, f }) => {
      if ((p.marriageDate === null) !== (p.maritalStatus === 'SINGLE')) return `${p.nik}: ${p.maritalStatus} with marriage date ${p.marriageDate}`;
      if (p.marriageDate !== null) {
        if (p.marriageDate > DEFAULT_WORLD.referenceDate) return `${p.nik}: married in the future`;
        if (ageAt(p.birthDate, p.marriageDate) < 19) return `${p.nik}: married at ${ageAt(p.birthDate, p.marriageDate)}`;
      }
      if (p.relationship === 'WIFE' || p.relationship === 'HUSBAND') {
        const head = f.members[0];
        if (p.maritalStatus !== 'MARRIED' || head?.maritalStatus !== 'MARRIED') return `${f.kkNumber}: spouse without a married head`;
        if (head.marriageDate !== p.marriageDate || head.sex === p.sex) return `${f.kkNumber}: head and spouse do not match`;
      }
      return null;
    })).toEqual([]);
  });

  it('averages about 3.5 people per KK, mostly Muslim, with age-appropriate school and work', () => {
    const avg = PEOPLE.length / WORLD.length;
    expect(avg).toBeGreaterThan(3.2);
    expect(avg).toBeLessThan(3.8);
    const islam = PEOPLE.filter(({ p }) => p.religion === 'ISLAM').length / PEOPLE.length;
    expect(islam).toBeGreaterThan(0.84);
    expect(islam).toBeLessThan(0.92);
    const unknownBlood = PEOPLE.filter(({ p }) => p.bloodType === 'UNKNOWN').length / PEOPLE.length;
    expect(unknownBlood).toBeGreaterThan(0.35);
    expect(unknownBlood).toBeLessThan(0.45);
    expect(problems(PEOPLE, ({ p }) => {
      const age = ageAt(p.birthDate, DEFAULT_WORLD.referenceDate);
      if (age < 0 || age >= 100) return `${p.nik}: aged ${age}`;
      if (age < 5 && p.occupationCode !== 1) return `${p.nik}: aged ${age} with occupation ${p.occupationCode}`;
      if (age < 7 && p.education !== 'NONE') return `${p.nik}: aged ${age} with education ${p.education}`;
      if (age < 17 && p.maritalStatus !== 'SINGLE') return `${p.nik}: aged ${age} and ${p.maritalStatus}`;
      return null;
    })).toEqual([]);
  });

  it('writes names, places and addresses in the expected shapes', () => {
    const codes = new Set(OCCUPATIONS.map((o) => o.code));
    expect(problems(PEOPLE, ({ p }) => {
      if (!/^\S+( \S+){0,2}$/.test(p.name) || p.name === p.name.toUpperCase()) return `${p.nik}: name "${p.name}"`;
      if (p.birthPlace.length < 3) return `${p.nik}: birth place "${p.birthPlace}"`;
      if (!codes.has(p.occupationCode)) return `${p.nik}: occupation ${p.occupationCode}`;
      return null;
    })).toEqual([]);
    const postal = new Map<string, string>();
    expect(problems(WORLD, (f) => {
      if (regions().get(f.kelurahanCode)?.level !== 'village') return `${f.kkNumber}: kelurahan ${f.kelurahanCode}`;
      if (f.rt < 1 || f.rt > 20 || f.rw < 1 || f.rw > 15) return `${f.kkNumber}: RT ${f.rt} RW ${f.rw}`;
      if (!/^15[234]\d\d$/.test(f.postalCode) || (postal.get(f.kelurahanCode) ?? f.postalCode) !== f.postalCode) return `${f.kkNumber}: postal code ${f.postalCode}`;
      postal.set(f.kelurahanCode, f.postalCode);
      if (f.phone !== null && !/^08\d{8,11}$/.test(f.phone)) return `${f.kkNumber}: phone ${f.phone}`;
      if (!/ No\. \d+$/.test(f.street)) return `${f.kkNumber}: street "${f.street}"`;
      return null;
    })).toEqual([]);
    const withPhone = WORLD.filter((f) => f.phone !== null).length / WORLD.length;
    expect(withPhone).toBeGreaterThan(0.55);
    expect(withPhone).toBeLessThan(0.65);
  });
});

describe('geography', () => {
  it('spreads 50,000 residents over the kecamatan by population', () => {
    const weights: Record<string, number> = {
      'Pondok Aren': 400, 'Pamulang': 360, 'Ciputat': 240, 'Ciputat Timur': 200, 'Serpong': 190, 'Serpong Utara': 180, 'Setu': 90,
    };
    const total = Object.values(weights).reduce((a, b) => a + b, 0);
    const residents = new Map<string, number>();
    let all = 0;
    for (const f of generateFamilies(options({ scale: 50_000 }))) {
      const kec = f.kelurahanCode.slice(0, 8);
      residents.set(kec, (residents.get(kec) ?? 0) + f.members.length);
      all += f.members.length;
    }
    const kecamatan = regions().childrenOf('36.74');
    expect(kecamatan).toHaveLength(7);
    for (const k of kecamatan) {
      const expected = (weights[k.name] ?? 0) / total;
      const actual = (residents.get(k.code) ?? 0) / all;
      expect(Math.abs(actual - expected)).toBeLessThan(0.02);
    }
  });

  it('generates another regency (Batang) from its own kecamatan with equal weights', () => {
    const world: WorldFamily[] = generateWorld(options({ regencyCode: '33.25', scale: 3_000 }));
    for (const f of world) expect(f.kelurahanCode.startsWith('33.25.')).toBe(true);
    expect(new Set(world.map((f) => f.kelurahanCode.slice(0, 8))).size).toBe(15);
  });
});

describe('streaming', () => {
  it('generates 200,000 residents well within 20 s without keeping them', () => {
    const started = Date.now();
    let residents = 0;
    for (const f of generateFamilies(options({ scale: 200_000 }))) residents += f.members.length;
    expect(residents).toBeGreaterThanOrEqual(200_000);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
