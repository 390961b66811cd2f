import type { BloodType, Education, FamilyRelationship, MaritalStatus, Religion, Sex } from '../port';

/**
 * SIAK's national code tables (see domain.md) decoded into domain values. Codes not listed
 * (typos in old rows, "TIDAK TAHU") decode to null rather than to a guess.
 */
export const SEX: Record<number, Sex> = { 1: 'MALE', 2: 'FEMALE' };
export const RELIGION: Record<number, Religion> = { 1: 'ISLAM', 2: 'PROTESTANT', 3: 'CATHOLIC', 4: 'HINDU', 5: 'BUDDHIST', 6: 'CONFUCIAN', 7: 'BELIEF_OR_OTHER' };
export const MARITAL_STATUS: Record<number, MaritalStatus> = { 1: 'SINGLE', 2: 'MARRIED', 3: 'DIVORCED', 4: 'WIDOWED' };
export const RELATIONSHIP: Record<number, FamilyRelationship> = {
  1: 'HEAD', 2: 'HUSBAND', 3: 'WIFE', 4: 'CHILD', 5: 'CHILD_IN_LAW', 6: 'GRANDCHILD',
  7: 'PARENT', 8: 'PARENT_IN_LAW', 9: 'OTHER_RELATIVE', 10: 'HOUSEHOLD_HELPER', 11: 'OTHER',
};
export const EDUCATION: Record<number, Education> = {
  1: 'NONE', 2: 'PRIMARY_INCOMPLETE', 3: 'PRIMARY', 4: 'JUNIOR_SECONDARY', 5: 'SENIOR_SECONDARY',
  6: 'DIPLOMA_I_II', 7: 'DIPLOMA_III', 8: 'BACHELOR', 9: 'MASTER', 10: 'DOCTORATE',
};
/** 13 is "TIDAK TAHU" (unknown): decoded as null. */
export const BLOOD_TYPE: Record<number, BloodType> = {
  1: 'A', 2: 'B', 3: 'AB', 4: 'O', 5: 'A_POSITIVE', 6: 'A_NEGATIVE', 7: 'B_POSITIVE', 8: 'B_NEGATIVE',
  9: 'AB_POSITIVE', 10: 'AB_NEGATIVE', 11: 'O_POSITIVE', 12: 'O_NEGATIVE',
};
/** STAT_HIDUP: 2 marks a deceased resident (set by the death registry); anything else is alive. */
export const STAT_HIDUP_DECEASED = 2;

/** Some SIAK web services send labels instead of codes; the same decoding serves both. */
const SEX_LABELS: Record<string, Sex> = { 'LAKI-LAKI': 'MALE', 'LAKI - LAKI': 'MALE', L: 'MALE', PEREMPUAN: 'FEMALE', P: 'FEMALE' };

export function decodeCode<T>(table: Record<number, T>, value: unknown): T | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  return Number.isInteger(n) ? (table[n] ?? null) : null;
}

export function decodeSex(value: unknown): Sex | null {
  if (typeof value === 'string' && !/^\s*\d+\s*$/.test(value)) return SEX_LABELS[value.trim().toUpperCase()] ?? null;
  return decodeCode(SEX, value);
}
