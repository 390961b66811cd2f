import { cleanText, isoDate, kelurahanCodeOf } from '@adapters/siak/sql/mapping';
import type { DeathCause, DeathDeed, DeathRegistration, Sex } from '../port';

/**
 * CAPIL_MATI rows to domain values and back. Everything legacy stops here: numeric cause and sex
 * codes, dates as VARCHAR 'DD-MM-YYYY' (older rows 'DD/MM/YYYY'), the residence over four region
 * columns, UPPERCASE text with stray blanks.
 */
export interface CapilMatiRow {
  NO_AKTA_MATI: string;
  NIK: string;
  NAMA_LGKP: string;
  JENIS_KLMIN: number | string | null;
  TGL_LHR: string | Date | null;
  TGL_MATI: string | null;
  JAM_MATI: string | null;
  TMPT_MATI: string | null;
  SEBAB_MATI: number | string | null;
  NIK_PELAPOR: string | null;
  NAMA_PELAPOR: string | null;
  TGL_LAPOR: string | null;
  NO_PROP: number;
  NO_KAB: number;
  NO_KEC: number;
  NO_KEL: number;
  REF_GERBANG: string | null;
}

export const CAPIL_MATI_COLUMNS: ReadonlyArray<keyof CapilMatiRow> = [
  'NO_AKTA_MATI', 'NIK', 'NAMA_LGKP', 'JENIS_KLMIN', 'TGL_LHR', 'TGL_MATI', 'JAM_MATI', 'TMPT_MATI', 'SEBAB_MATI',
  'NIK_PELAPOR', 'NAMA_PELAPOR', 'TGL_LAPOR', 'NO_PROP', 'NO_KAB', 'NO_KEC', 'NO_KEL', 'REF_GERBANG',
];

const CAUSE: Record<number, DeathCause> = { 1: 'ILLNESS', 2: 'EPIDEMIC', 3: 'ACCIDENT', 4: 'CRIME', 5: 'SUICIDE', 6: 'OTHER' };
const CAUSE_CODE: Record<DeathCause, number> = { ILLNESS: 1, EPIDEMIC: 2, ACCIDENT: 3, CRIME: 4, SUICIDE: 5, OTHER: 6 };
const SEX: Record<number, Sex> = { 1: 'MALE', 2: 'FEMALE' };

function decodeNumber<T>(table: Record<number, T>, value: unknown): T | null {
  if (value === null || value === undefined || String(value).trim() === '') return null;
  const n = Number(String(value).trim());
  return Number.isInteger(n) ? (table[n] ?? null) : null;
}

/** ISO from 'DD-MM-YYYY', 'DD/MM/YYYY' (rows typed before 2022), DATE or 'YYYY-MM-DD'; null when unreadable. */
export function legacyDateToIso(value: string | Date | null | undefined): string | null {
  if (typeof value === 'string') {
    const m = /^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$/.exec(value.trim());
    if (m) return isoDate(`${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}-${m[3]}`);
  }
  return isoDate(value);
}

/** The application's own date format, 'DD-MM-YYYY'. */
export function isoToLegacyDate(iso: string): string {
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
}

/** 'HH:MM' (blanks and seconds tolerated); null when unreadable. */
export function clockMinutes(value: string | null | undefined): string | null {
  const m = /^(\d{1,2})[:.](\d{2})(?::\d{2})?$/.exec((value ?? '').trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}

export function toDeathDeed(row: CapilMatiRow): DeathDeed {
  return {
    number: row.NO_AKTA_MATI.trim(),
    nik: row.NIK.trim(),
    name: cleanText(row.NAMA_LGKP) ?? '',
    sex: decodeNumber(SEX, row.JENIS_KLMIN),
    birthDate: legacyDateToIso(row.TGL_LHR),
    dateOfDeath: legacyDateToIso(row.TGL_MATI),
    timeOfDeath: clockMinutes(row.JAM_MATI),
    placeOfDeath: cleanText(row.TMPT_MATI),
    cause: decodeNumber(CAUSE, row.SEBAB_MATI),
    reporter: { nik: cleanText(row.NIK_PELAPOR), name: cleanText(row.NAMA_PELAPOR) },
    registeredOn: legacyDateToIso(row.TGL_LAPOR),
    kelurahanCode: kelurahanCodeOf(row),
  };
}

/** Several deeds of one person (a correction re-issued): the latest registered wins. */
export function latestDeed(a: DeathDeed, b: DeathDeed): DeathDeed {
  const [ka, kb] = [a.registeredOn ?? '', b.registeredOn ?? ''];
  return ka === kb ? (a.number > b.number ? a : b) : ka > kb ? a : b;
}

/** The row the application's counter screen would write for this registration (number apart). */
export function toCapilMatiValues(reg: DeathRegistration, enteredAt: string, officer: string): Record<string, string | number | null> {
  const [prop, kab, kec, kel] = reg.kelurahanCode.split('.').map(Number);
  return {
    NIK: reg.nik,
    NAMA_LGKP: reg.name.replace(/\s+/g, ' ').trim().toUpperCase(),
    JENIS_KLMIN: reg.sex === 'MALE' ? 1 : 2,
    TGL_LHR: reg.birthDate,
    TGL_MATI: isoToLegacyDate(reg.dateOfDeath),
    JAM_MATI: reg.timeOfDeath ?? null,
    TMPT_MATI: reg.placeOfDeath.replace(/\s+/g, ' ').trim().toUpperCase(),
    SEBAB_MATI: CAUSE_CODE[reg.cause],
    NIK_PELAPOR: reg.reporter.nik,
    NAMA_PELAPOR: reg.reporter.name.replace(/\s+/g, ' ').trim().toUpperCase(),
    TGL_LAPOR: isoToLegacyDate(reg.registeredOn),
    NO_PROP: prop ?? 0,
    NO_KAB: kab ?? 0,
    NO_KEC: kec ?? 0,
    NO_KEL: kel ?? 0,
    PETUGAS: officer,
    TGL_ENTRI: enteredAt,
    REF_GERBANG: reg.clientReference,
  };
}

/** '36.74' and '2026-02-05' to '3674-KM-05022026-'. */
export function deathDeedPrefix(regencyCode: string, registeredOn: string): string {
  return `${regencyCode.replace(/\./g, '')}-KM-${isoToLegacyDate(registeredOn).replace(/-/g, '')}-`;
}
