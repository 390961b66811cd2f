import { OCC } from './occupations';
import { WeightedTable, type Random } from './random';
import type { WorldBloodType, WorldEducation, WorldMaritalStatus, WorldRelationship, WorldSex } from './types';

/**
 * Personal attributes that follow from age, sex and role: schooling, work, blood type. The
 * proportions are rough pictures of an educated commuter suburb (many private-sector employees,
 * a high share of graduates among the young), not statistics to be quoted.
 */

/** Many residents never had their blood tested, so SIAK holds 'TIDAK TAHU' for ~40%. */
const BLOOD = new WeightedTable<WorldBloodType>([['UNKNOWN', 40], ['O', 23], ['B', 17], ['A', 15], ['AB', 5]]);

export function bloodType(rng: Random): WorldBloodType {
  return BLOOD.draw(rng);
}

const EDUCATION_ORDER: readonly WorldEducation[] = [
  'NONE', 'PRIMARY_INCOMPLETE', 'PRIMARY', 'JUNIOR_SECONDARY', 'SENIOR_SECONDARY',
  'DIPLOMA_I_II', 'DIPLOMA_III', 'BACHELOR', 'MASTER', 'DOCTORATE',
];
const rank = (e: WorldEducation): number => EDUCATION_ORDER.indexOf(e);

/** Youngest age at which each level can be completed. */
const MIN_AGE: Record<WorldEducation, number> = {
  NONE: 0, PRIMARY_INCOMPLETE: 7, PRIMARY: 12, JUNIOR_SECONDARY: 15, SENIOR_SECONDARY: 18,
  DIPLOMA_I_II: 19, DIPLOMA_III: 21, BACHELOR: 22, MASTER: 24, DOCTORATE: 28,
};

/** Highest education of adults by birth cohort: the young went to school far longer. */
const ADULT_EDUCATION: ReadonlyArray<{ bornBefore: number; table: WeightedTable<WorldEducation> }> = [
  {
    bornBefore: 1960,
    table: new WeightedTable<WorldEducation>([
      ['NONE', 8], ['PRIMARY_INCOMPLETE', 12], ['PRIMARY', 25], ['JUNIOR_SECONDARY', 15], ['SENIOR_SECONDARY', 23],
      ['DIPLOMA_I_II', 2], ['DIPLOMA_III', 4], ['BACHELOR', 9], ['MASTER', 1.5], ['DOCTORATE', 0.3],
    ]),
  },
  {
    bornBefore: 1980,
    table: new WeightedTable<WorldEducation>([
      ['NONE', 2], ['PRIMARY_INCOMPLETE', 3], ['PRIMARY', 12], ['JUNIOR_SECONDARY', 14], ['SENIOR_SECONDARY', 38],
      ['DIPLOMA_I_II', 3], ['DIPLOMA_III', 7], ['BACHELOR', 17], ['MASTER', 3.5], ['DOCTORATE', 0.5],
    ]),
  },
  {
    bornBefore: Infinity,
    table: new WeightedTable<WorldEducation>([
      ['NONE', 1], ['PRIMARY_INCOMPLETE', 1], ['PRIMARY', 6], ['JUNIOR_SECONDARY', 11], ['SENIOR_SECONDARY', 42],
      ['DIPLOMA_I_II', 3], ['DIPLOMA_III', 7], ['BACHELOR', 25], ['MASTER', 3.5], ['DOCTORATE', 0.3],
    ]),
  },
];

const HELPER_EDUCATION = new WeightedTable<WorldEducation>([['PRIMARY_INCOMPLETE', 10], ['PRIMARY', 40], ['JUNIOR_SECONDARY', 35], ['SENIOR_SECONDARY', 15]]);
const STUDENT_AGE_EDUCATION = new WeightedTable<WorldEducation>([['SENIOR_SECONDARY', 82], ['JUNIOR_SECONDARY', 11], ['PRIMARY', 4], ['DIPLOMA_I_II', 3]]);

/** Highest completed education at `age` (children still at school have the level below). */
export function education(rng: Random, age: number, birthYear: number, relationship: WorldRelationship): WorldEducation {
  if (relationship === 'HOUSEHOLD_HELPER') return HELPER_EDUCATION.draw(rng);
  if (age < 7) return 'NONE';
  if (age <= 12) return 'PRIMARY_INCOMPLETE';
  if (age <= 15) return 'PRIMARY';
  if (age <= 18) return rng.chance(0.95) ? 'JUNIOR_SECONDARY' : 'PRIMARY';
  if (age <= 21) return STUDENT_AGE_EDUCATION.draw(rng);
  const cohort = ADULT_EDUCATION.find((c) => birthYear < c.bornBefore) ?? ADULT_EDUCATION[ADULT_EDUCATION.length - 1];
  const drawn = cohort ? cohort.table.draw(rng) : 'SENIOR_SECONDARY';
  return age >= MIN_AGE[drawn] ? drawn : 'SENIOR_SECONDARY';
}

/** Occupations of working adults (SIAK codes), by sex. */
const WORK_MALE = new WeightedTable<number>([
  [15, 40], [88, 18], [8, 5], [84, 4], [5, 5], [16, 3], [17, 0.5], [18, 2], [19, 6], [81, 3], [14, 1.5], [13, 1.5], [12, 1.5],
  [6, 1], [7, 1], [65, 1.5], [64, 0.6], [72, 0.4], [35, 1], [26, 0.8], [27, 0.6], [25, 0.5], [24, 0.3], [44, 0.2], [70, 0.3],
  [69, 0.2], [71, 0.4], [67, 0.2], [66, 0.1], [45, 0.3], [41, 0.1], [42, 0.05], [79, 0.2], [80, 0.1], [9, 0.3], [36, 0.2], [89, 2],
]);
const WORK_FEMALE = new WeightedTable<number>([
  [15, 40], [88, 15], [8, 6], [84, 5], [5, 6], [16, 2.5], [17, 0.4], [18, 3], [19, 3], [65, 5], [64, 0.8], [72, 0.7], [73, 1.2],
  [74, 2], [75, 0.4], [30, 1], [32, 0.8], [34, 0.5], [46, 0.5], [70, 0.5], [71, 0.3], [76, 0.2], [44, 0.2], [36, 0.2], [89, 2],
]);
const RETIRED_MALE = new WeightedTable<number>([[OCC.RETIRED, 35], [OCC.NOT_WORKING, 30], [OCC.SELF_EMPLOYED, 20], [OCC.TRADE, 8], [84, 4], [OCC.OTHER, 3]]);
const RETIRED_FEMALE = new WeightedTable<number>([[OCC.HOUSEWORK, 55], [OCC.RETIRED, 20], [OCC.NOT_WORKING, 15], [OCC.SELF_EMPLOYED, 6], [84, 4]]);

/** Minimum education an occupation needs (teachers, doctors, civil servants...). */
const NEEDS: Partial<Record<number, WorldEducation>> = {
  5: 'SENIOR_SECONDARY', 6: 'SENIOR_SECONDARY', 7: 'SENIOR_SECONDARY', 16: 'SENIOR_SECONDARY', 64: 'MASTER', 65: 'BACHELOR',
  66: 'DIPLOMA_III', 67: 'BACHELOR', 69: 'BACHELOR', 70: 'BACHELOR', 71: 'BACHELOR', 72: 'BACHELOR', 73: 'DIPLOMA_III',
  74: 'DIPLOMA_III', 75: 'BACHELOR', 76: 'BACHELOR', 80: 'BACHELOR', 44: 'SENIOR_SECONDARY',
};

export interface WorkInput {
  age: number;
  sex: WorldSex;
  maritalStatus: WorldMaritalStatus;
  relationship: WorldRelationship;
  education: WorldEducation;
}

/**
 * Occupation code and the (possibly raised) education that goes with it: a person drawn as a
 * doctor gets at least a bachelor's degree rather than a doctor without one.
 */
export function occupation(rng: Random, p: WorkInput): { code: number; education: WorldEducation } {
  const keep = (code: number) => ({ code, education: p.education });
  if (p.relationship === 'HOUSEHOLD_HELPER') return keep(OCC.DOMESTIC_WORKER);
  if (p.age < 5) return keep(OCC.NOT_WORKING);
  if (p.age < 16) return keep(OCC.STUDENT);
  if (p.age < 19) return keep(rng.chance(0.93) ? OCC.STUDENT : rng.chance(0.5) ? OCC.NOT_WORKING : OCC.DAY_LABOURER);
  const female = p.sex === 'FEMALE';
  if (p.age <= 23 && rank(p.education) >= rank('SENIOR_SECONDARY') && p.maritalStatus === 'SINGLE' && rng.chance(0.55)) return keep(OCC.STUDENT);
  if (p.age >= 58) return keep((female ? RETIRED_FEMALE : RETIRED_MALE).draw(rng));
  if (female && p.maritalStatus !== 'SINGLE' && rng.chance(0.45)) return keep(OCC.HOUSEWORK);
  if (rng.chance(female ? 0.08 : 0.04)) return keep(OCC.NOT_WORKING);
  const code = (female ? WORK_FEMALE : WORK_MALE).draw(rng);
  const needed = NEEDS[code];
  if (!needed || rank(p.education) >= rank(needed)) return keep(code);
  if (p.age >= MIN_AGE[needed]) return { code, education: needed };
  return keep(OCC.PRIVATE_EMPLOYEE);
}
