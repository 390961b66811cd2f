import type { Ethnicity } from './names';
import { WeightedTable } from './random';
import type { WorldReligion } from './types';

/**
 * The proportions that shape the synthetic households: religion of the regency, who belongs to
 * which religion, how old heads of family are, how many children couples have, which kinds of
 * household exist. Rough figures for a Jakarta suburb (BPS/Dukcapil aggregates, rounded); every
 * table is built once because the generator draws from them millions of times.
 */

/** Kota Tangerang Selatan: ~88% Muslim, with Christian, Buddhist and Hindu minorities. */
const TANGSEL_RELIGION = new WeightedTable<WorldReligion>([
  ['ISLAM', 88], ['PROTESTANT', 6], ['CATHOLIC', 3], ['BUDDHIST', 1.5], ['HINDU', 1], ['CONFUCIAN', 0.3], ['BELIEF_OR_OTHER', 0.2],
]);
/** Kabupaten Batang: almost entirely Muslim. */
const BATANG_RELIGION = new WeightedTable<WorldReligion>([
  ['ISLAM', 99.2], ['PROTESTANT', 0.35], ['CATHOLIC', 0.3], ['BUDDHIST', 0.08], ['HINDU', 0.03], ['CONFUCIAN', 0.02], ['BELIEF_OR_OTHER', 0.02],
]);

export function religionTable(regencyCode: string): WeightedTable<WorldReligion> {
  return regencyCode === '33.25' ? BATANG_RELIGION : TANGSEL_RELIGION;
}

/** Background of a lineage given its religion (Tangsel is a city of migrants). */
const ETHNICITY_BY_RELIGION: Record<WorldReligion, WeightedTable<Ethnicity>> = {
  ISLAM: new WeightedTable<Ethnicity>([['JAVANESE', 36], ['SUNDANESE', 22], ['BETAWI', 22], ['MINANG', 6], ['MANDAILING', 4], ['OTHER_MUSLIM', 10]]),
  PROTESTANT: new WeightedTable<Ethnicity>([['BATAK_TOBA', 40], ['MANADO', 15], ['AMBON', 8], ['CHINESE', 17], ['JAVANESE', 20]]),
  CATHOLIC: new WeightedTable<Ethnicity>([['JAVANESE', 35], ['FLORES', 25], ['CHINESE', 25], ['BATAK_TOBA', 15]]),
  HINDU: new WeightedTable<Ethnicity>([['BALINESE', 92], ['JAVANESE', 8]]),
  BUDDHIST: new WeightedTable<Ethnicity>([['CHINESE', 90], ['JAVANESE', 10]]),
  CONFUCIAN: new WeightedTable<Ethnicity>([['CHINESE', 1]]),
  BELIEF_OR_OTHER: new WeightedTable<Ethnicity>([['SUNDANESE', 50], ['JAVANESE', 50]]),
};
/** Batang's Muslims are Javanese. */
const BATANG_MUSLIM = new WeightedTable<Ethnicity>([['JAVANESE', 97], ['SUNDANESE', 1], ['OTHER_MUSLIM', 2]]);

export function ethnicityTable(regencyCode: string, religion: WorldReligion): WeightedTable<Ethnicity> {
  return regencyCode === '33.25' && religion === 'ISLAM' ? BATANG_MUSLIM : ETHNICITY_BY_RELIGION[religion];
}

/** Chance that a spouse shares the partner's ethnicity (otherwise drawn from the same religion). */
export const SAME_ETHNICITY_MARRIAGE = 0.65;

export type HouseholdKind = 'COUPLE' | 'SINGLE_PARENT' | 'THREE_GENERATIONS' | 'ALONE';

/** Kinds of KK: mostly couples with their children; the rest tuned for ~3.5 members per KK. */
export const HOUSEHOLD_KIND = new WeightedTable<HouseholdKind>([
  ['COUPLE', 71], ['SINGLE_PARENT', 10], ['THREE_GENERATIONS', 11], ['ALONE', 8],
]);

/** Age bands [min, max] of a husband heading a couple's KK. */
export const COUPLE_HEAD_AGE = new WeightedTable<readonly [number, number]>([
  [[22, 24], 3], [[25, 29], 12], [[30, 34], 16], [[35, 39], 16], [[40, 44], 14], [[45, 49], 12],
  [[50, 54], 9], [[55, 59], 6], [[60, 64], 4], [[65, 69], 2.5], [[70, 82], 1.5],
]);
/** Age bands of the eldest spouse in a three-generation household. */
export const ELDER_HEAD_AGE = new WeightedTable<readonly [number, number]>([
  [[48, 54], 20], [[55, 59], 25], [[60, 64], 22], [[65, 69], 16], [[70, 74], 10], [[75, 85], 7],
]);

/** Husband's age minus wife's age, in years. */
export const SPOUSE_AGE_GAP = new WeightedTable<number>([
  [-3, 2], [-2, 3], [-1, 5], [0, 8], [1, 12], [2, 12], [3, 12], [4, 11], [5, 10],
  [6, 5], [7, 4], [8, 3], [9, 2], [10, 2], [12, 1], [15, 0.5],
]);

/** Children a couple intends to have; fewer are born when time or the mother's age runs out. */
export const DESIRED_CHILDREN = new WeightedTable<number>([[0, 6], [1, 15], [2, 33], [3, 25], [4, 13], [5, 8]]);

/** Wife's age at marriage. */
export const WIFE_MARRIAGE_AGE = new WeightedTable<readonly [number, number]>([
  [[19, 21], 22], [[22, 24], 32], [[25, 27], 25], [[28, 30], 13], [[31, 35], 8],
]);

/** Probability that a child of this age has already left the parents' KK. */
export function leftHome(age: number): number {
  if (age < 20) return 0;
  if (age < 22) return 0.05;
  if (age < 25) return 0.15;
  if (age < 28) return 0.4;
  if (age < 32) return 0.7;
  return 0.9;
}
