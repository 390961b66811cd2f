/**
 * The synthetic world every emulator draws from: one city's population, in domain terms and
 * with no legacy encoding. Emulators translate it into their own tables and quirks (SIAK codes,
 * UPPERCASE names, 'DD-MM-YYYY' strings...). Same seed and scale, same world, on any machine.
 */

import type { Education, FamilyRelationship, MaritalStatus, Religion, Sex } from '@core/domain/population';

export type WorldSex = Sex;
export type WorldReligion = Religion;
export type WorldMaritalStatus = MaritalStatus;
/** Relationship to the head of family, as on the KK (SIAK's STAT_HBKEL). */
export type WorldRelationship = FamilyRelationship;
/** Highest education (SIAK's PDDK_AKH 1..10, in that order). */
export type WorldEducation = Education;
export type WorldBloodType = 'A' | 'B' | 'AB' | 'O' | 'UNKNOWN';

export interface WorldPerson {
  /** 16-digit NIK: region of first registration (6), DDMMYY with +40 on the day for women, serial (4). */
  nik: string;
  /** Full name as a person writes it (mixed case); emulators apply their own casing. */
  name: string;
  sex: WorldSex;
  birthPlace: string;
  /** ISO date, YYYY-MM-DD. */
  birthDate: string;
  bloodType: WorldBloodType;
  religion: WorldReligion;
  maritalStatus: WorldMaritalStatus;
  relationship: WorldRelationship;
  education: WorldEducation;
  /** SIAK occupation code (JENIS_PKRJN), see OCCUPATIONS in ./occupations.ts. */
  occupationCode: number;
  motherName: string;
  fatherName: string;
  /** Mother's / father's NIK when they are in the same family, else null. */
  motherNik: string | null;
  fatherNik: string | null;
  /** Birth deed number when one was issued, e.g. '3674-LU-01012020-0001'. */
  birthDeedNumber: string | null;
  /** ISO date of marriage for married/divorced/widowed people, else null. */
  marriageDate: string | null;
  /** Kecamatan code (dotted, e.g. '36.74.01') that issued the NIK. */
  firstRegistrationKecamatan: string;
}

export interface WorldFamily {
  /** 16-digit KK number: issuing kecamatan (6), registration date DDMMYY, serial (4). */
  kkNumber: string;
  /** Street address without RT/RW, e.g. 'Jl. Melati No. 12'. */
  street: string;
  rt: number;
  rw: number;
  /** Kelurahan code, dotted, e.g. '36.74.01.1001'. */
  kelurahanCode: string;
  postalCode: string;
  phone: string | null;
  /** ISO date the KK was issued (the date inside the KK number). */
  issuedOn: string;
  /** Members in KK order; exactly one has relationship 'HEAD' and comes first. */
  members: WorldPerson[];
}

export interface WorldOptions {
  /** PRNG seed; the same seed and scale always give the same world. */
  seed: number;
  /** Target number of residents; generation stops at the first family that reaches it. */
  scale: number;
  /** The regency whose population is generated, e.g. '36.74' (Tangsel). */
  regencyCode: string;
  /** Ages are computed against this date (fixed, so that the world does not change over time). */
  referenceDate: string;
}

export const DEFAULT_WORLD: WorldOptions = {
  seed: 20261129,
  scale: 10_000,
  regencyCode: '36.74',
  referenceDate: '2026-01-01',
};
