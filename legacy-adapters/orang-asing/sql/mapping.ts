import type { Sex } from '@core/domain/population';
import { cleanText, isoDate, isoDateTime, kelurahanCodeOf } from '@adapters/siak/sql/mapping';
import type { ForeignResident, ForeignerRegistration, StayPermitType } from '../port';

/**
 * ORANG_ASING rows to domain values and back. Everything legacy stops here:
 * - sex as 1/2; the residence over NO_PROP/NO_KAB/NO_KEC/NO_KEL;
 * - rows from before the 2019 upgrade: the nationality as the country's Indonesian name
 *   ('JEPANG', 'KOREA SELATAN') instead of its ISO alpha-3 code, the permit type as ITAS/ITAP;
 * - passport numbers are kept upper case without blanks: keys are normalised the same way.
 */
export interface OrangAsingRow {
  NO_SKTT: string;
  NO_PASPOR: string;
  KWRNGRN: string | null;
  NAMA_LGKP: string | null;
  JENIS_KLMIN: number | string | null;
  TGL_LHR: string | null;
  JENIS_IZIN: string | null;
  NO_IZIN: string | null;
  TGL_AKHIR_IZIN: string | null;
  SPONSOR: string | null;
  ALAMAT: string | null;
  NO_RT: number | null;
  NO_RW: number | null;
  NO_PROP: number;
  NO_KAB: number;
  NO_KEC: number;
  NO_KEL: number;
  PETUGAS?: string | null;
  TGL_ENTRI: string | null;
  REF_GERBANG: string | null;
}

export const ORANG_ASING_COLUMNS = [
  'NO_SKTT', 'NO_PASPOR', 'KWRNGRN', 'NAMA_LGKP', 'JENIS_KLMIN', 'TGL_LHR', 'JENIS_IZIN', 'NO_IZIN', 'TGL_AKHIR_IZIN',
  'SPONSOR', 'ALAMAT', 'NO_RT', 'NO_RW', 'NO_PROP', 'NO_KAB', 'NO_KEC', 'NO_KEL', 'TGL_ENTRI', 'REF_GERBANG',
] as const;

const SEX: Record<number, Sex> = { 1: 'MALE', 2: 'FEMALE' };
const SEX_CODE: Record<Sex, number> = { MALE: 1, FEMALE: 2 };
const PERMITS: Record<string, StayPermitType> = { KITAS: 'KITAS', KITAP: 'KITAP', ITAS: 'KITAS', ITAP: 'KITAP' };

/** The names the register's first version wrote, to ISO 3166 alpha-3. */
const COUNTRY_NAMES: Record<string, string> = {
  JEPANG: 'JPN', 'KOREA SELATAN': 'KOR', TIONGKOK: 'CHN', CINA: 'CHN', RRT: 'CHN', INDIA: 'IND', AUSTRALIA: 'AUS',
  BELANDA: 'NLD', MALAYSIA: 'MYS', 'AMERIKA SERIKAT': 'USA', SINGAPURA: 'SGP', FILIPINA: 'PHL', JERMAN: 'DEU',
  INGGRIS: 'GBR', PERANCIS: 'FRA', THAILAND: 'THA', VIETNAM: 'VNM', TAIWAN: 'TWN',
};

export function normalPassport(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function decodeNationality(value: string | null): string | null {
  const text = cleanText(value)?.toUpperCase();
  if (!text) return null;
  if (/^[A-Z]{3}$/.test(text)) return text;
  return COUNTRY_NAMES[text] ?? null;
}

export function decodePermitType(value: string | null): StayPermitType | null {
  return PERMITS[cleanText(value)?.toUpperCase() ?? ''] ?? null;
}

export function decodeSex(value: number | string | null): Sex | null {
  return SEX[Number(value)] ?? null;
}

export function toForeignResident(row: OrangAsingRow): ForeignResident {
  return {
    registrationNumber: row.NO_SKTT.trim(),
    passportNumber: normalPassport(row.NO_PASPOR),
    nationality: decodeNationality(row.KWRNGRN),
    name: cleanText(row.NAMA_LGKP) ?? '',
    sex: decodeSex(row.JENIS_KLMIN),
    birthDate: isoDate(row.TGL_LHR),
    permit: { type: decodePermitType(row.JENIS_IZIN), number: cleanText(row.NO_IZIN) ?? '', expiresOn: isoDate(row.TGL_AKHIR_IZIN) },
    sponsor: cleanText(row.SPONSOR),
    street: cleanText(row.ALAMAT),
    rt: row.NO_RT === null ? null : Number(row.NO_RT),
    rw: row.NO_RW === null ? null : Number(row.NO_RW),
    kelurahanCode: kelurahanCodeOf(row),
    registeredAt: isoDateTime(row.TGL_ENTRI),
    reference: cleanText(row.REF_GERBANG),
  };
}

/** A region code at any level to the columns it fixes: '36.74.01' -> NO_PROP 36, NO_KAB 74, NO_KEC 1. */
export function regionColumns(code: string): Record<string, number> | undefined {
  if (!/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/.test(code)) return undefined;
  const columns = ['NO_PROP', 'NO_KAB', 'NO_KEC', 'NO_KEL'];
  return Object.fromEntries(code.split('.').map((part, i) => [columns[i]!, Number(part)]));
}

/** The new row's columns (the number and the reference go in separately), as the app writes them. */
export function toOrangAsingValues(registration: ForeignerRegistration, stamp: string, officer: string): Record<string, string | number | null> {
  const [prop, kab, kec, kel] = registration.kelurahanCode.split('.').map(Number);
  return {
    NO_PASPOR: normalPassport(registration.passportNumber),
    KWRNGRN: registration.nationality.toUpperCase(),
    NAMA_LGKP: registration.name.replace(/\s+/g, ' ').trim().toUpperCase(),
    JENIS_KLMIN: SEX_CODE[registration.sex],
    TGL_LHR: registration.birthDate,
    JENIS_IZIN: registration.permitType,
    NO_IZIN: registration.permitNumber.trim().toUpperCase(),
    TGL_AKHIR_IZIN: registration.permitExpiresOn,
    SPONSOR: registration.sponsor?.trim().toUpperCase() || null,
    ALAMAT: registration.street.trim().toUpperCase(),
    NO_RT: registration.rt,
    NO_RW: registration.rw,
    NO_PROP: prop ?? 0,
    NO_KAB: kab ?? 0,
    NO_KEC: kec ?? 0,
    NO_KEL: kel ?? 0,
    PETUGAS: officer,
    TGL_ENTRI: stamp,
    REF_GERBANG: registration.clientReference,
  };
}

/** 'NNNN-SKTT-DDMMYYYY-': the register's numbers of a day, before the serial. */
export function skttPrefix(regencyCode: string, isoDay: string): string {
  return `${regencyCode.replace('.', '')}-SKTT-${isoDay.slice(8, 10)}${isoDay.slice(5, 7)}${isoDay.slice(0, 4)}-`;
}
