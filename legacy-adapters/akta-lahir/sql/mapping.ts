import { cleanText, isoDate, kelurahanCodeOf } from '@adapters/siak/sql/mapping';
import type { BirthDeed, BirthRegistration, Parent, Sex } from '../port';

/**
 * CAPIL_LAHIR rows to domain values and back. Everything legacy stops here: the birth date as
 * DATE but the registration date as VARCHAR 'DD-MM-YYYY', the late flag as 'Y'/'T' (NULL on deeds
 * from before 2016: then worked out from the dates), parents as NIK + name columns with empty
 * NIKs, the residence over four region columns, UPPERCASE text with stray blanks.
 */
export interface CapilLahirRow {
  NO_AKTA_LHR: string;
  NIK_ANAK: string | null;
  NAMA_ANAK: string;
  JENIS_KLMIN: number | string | null;
  TMPT_LHR: string | null;
  TGL_LHR: string | Date | null;
  NIK_IBU: string | null;
  NAMA_IBU: string | null;
  NIK_AYAH: string | null;
  NAMA_AYAH: string | null;
  TGL_DAFTAR: string | null;
  FLAG_TERLAMBAT: string | null;
  NO_PROP: number;
  NO_KAB: number;
  NO_KEC: number;
  NO_KEL: number;
  REF_GERBANG: string | null;
}

export const CAPIL_LAHIR_COLUMNS: ReadonlyArray<keyof CapilLahirRow> = [
  'NO_AKTA_LHR', 'NIK_ANAK', 'NAMA_ANAK', 'JENIS_KLMIN', 'TMPT_LHR', 'TGL_LHR', 'NIK_IBU', 'NAMA_IBU', 'NIK_AYAH', 'NAMA_AYAH',
  'TGL_DAFTAR', 'FLAG_TERLAMBAT', 'NO_PROP', 'NO_KAB', 'NO_KEC', 'NO_KEL', 'REF_GERBANG',
];

/** Registration later than this many working days after the birth is late (Perpres 96/2018). */
export const LATE_AFTER_WORKING_DAYS = 60;

const SEX: Record<number, Sex> = { 1: 'MALE', 2: 'FEMALE' };

function decodeSex(value: unknown): Sex | null {
  if (value === null || value === undefined || String(value).trim() === '') return null;
  return SEX[Number(String(value).trim())] ?? null;
}

/** ISO from 'DD-MM-YYYY' (also with slashes or single digits), DATE or 'YYYY-MM-DD'; null when unreadable. */
export function legacyDateToIso(value: string | Date | null | undefined): string | null {
  if (typeof value === 'string') {
    const m = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$/.exec(value.trim());
    if (m) return isoDate(`${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}-${m[3]}`);
  }
  return isoDate(value);
}

export function isoToLegacyDate(iso: string): string {
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
}

function utcDay(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}

/** Monday-to-Friday days after `fromIso` up to and including `toIso` (public holidays aside). */
export function workingDaysBetween(fromIso: string, toIso: string): number {
  const [from, to] = [utcDay(fromIso), utcDay(toIso)];
  let n = 0;
  for (let d = from + 1; d <= to; d++) {
    // Day 0 (1970-01-01) was a Thursday.
    const weekday = (((d + 4) % 7) + 7) % 7;
    if (weekday !== 0 && weekday !== 6) n++;
  }
  return n;
}

export function isLate(birthIso: string, registeredIso: string): boolean {
  return workingDaysBetween(birthIso, registeredIso) > LATE_AFTER_WORKING_DAYS;
}

/** 'Y'/'T' as stored; when empty (deeds before 2016) worked out from the two dates, if known. */
export function lateRegistration(flag: string | null | undefined, birthIso: string | null, registeredIso: string | null): boolean | null {
  const text = (flag ?? '').trim().toUpperCase();
  if (text === 'Y' || text === '1') return true;
  if (text === 'T' || text === 'N' || text === '0') return false;
  return birthIso && registeredIso ? isLate(birthIso, registeredIso) : null;
}

function parent(nik: string | null, name: string | null): Parent | null {
  const cleanName = cleanText(name);
  const cleanNik = cleanText(nik);
  if (!cleanName && !cleanNik) return null;
  return { nik: cleanNik, name: cleanName ?? '' };
}

export function toBirthDeed(row: CapilLahirRow): BirthDeed {
  const birthDate = legacyDateToIso(row.TGL_LHR);
  const registeredOn = legacyDateToIso(row.TGL_DAFTAR);
  return {
    number: row.NO_AKTA_LHR.trim(),
    childNik: cleanText(row.NIK_ANAK),
    childName: cleanText(row.NAMA_ANAK) ?? '',
    sex: decodeSex(row.JENIS_KLMIN),
    birthPlace: cleanText(row.TMPT_LHR),
    birthDate,
    registeredOn,
    lateRegistration: lateRegistration(row.FLAG_TERLAMBAT, birthDate, registeredOn),
    mother: parent(row.NIK_IBU, row.NAMA_IBU),
    father: parent(row.NIK_AYAH, row.NAMA_AYAH),
    kelurahanCode: kelurahanCodeOf(row),
  };
}

/** Several deeds of one child (a correction re-issued): the latest registered wins. */
export function latestDeed(a: BirthDeed, b: BirthDeed): BirthDeed {
  const [ka, kb] = [a.registeredOn ?? '', b.registeredOn ?? ''];
  return ka === kb ? (a.number > b.number ? a : b) : ka > kb ? a : b;
}

const upper = (text: string) => text.replace(/\s+/g, ' ').trim().toUpperCase();

/** The row the application's counter screen would write for this registration (number apart). */
export function toCapilLahirValues(reg: BirthRegistration, enteredAt: string, officer: string): Record<string, string | number | null> {
  const [prop, kab, kec, kel] = reg.kelurahanCode.split('.').map(Number);
  return {
    NIK_ANAK: reg.childNik,
    NAMA_ANAK: upper(reg.childName),
    JENIS_KLMIN: reg.sex === 'MALE' ? 1 : 2,
    TMPT_LHR: upper(reg.birthPlace),
    TGL_LHR: reg.birthDate,
    NIK_IBU: reg.mother.nik,
    NAMA_IBU: upper(reg.mother.name),
    NIK_AYAH: reg.father?.nik ?? null,
    NAMA_AYAH: reg.father ? upper(reg.father.name) : null,
    TGL_DAFTAR: isoToLegacyDate(reg.registeredOn),
    FLAG_TERLAMBAT: isLate(reg.birthDate, reg.registeredOn) ? 'Y' : 'T',
    NO_PROP: prop ?? 0,
    NO_KAB: kab ?? 0,
    NO_KEC: kec ?? 0,
    NO_KEL: kel ?? 0,
    PETUGAS: officer,
    TGL_ENTRI: enteredAt,
    REF_GERBANG: reg.clientReference,
  };
}

/** '36.74' and '2026-02-05' to '3674-LU-05022026-'. */
export function birthDeedPrefix(regencyCode: string, registeredOn: string): string {
  return `${regencyCode.replace(/\./g, '')}-LU-${isoToLegacyDate(registeredOn).replace(/-/g, '')}-`;
}
