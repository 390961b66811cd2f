import type { Address, Family, Parent, RegionRef, Resident } from '../port';
import { BLOOD_TYPE, EDUCATION, MARITAL_STATUS, RELATIONSHIP, RELIGION, STAT_HIDUP_DECEASED, decodeCode, decodeSex } from './codes';

/**
 * SIAK rows to domain values. Everything legacy stops here: numeric codes, the region split over
 * four integers, UPPERCASE text with stray blanks, dates as DATE or as 'DD-MM-YYYY' strings.
 */
export interface BiodataRow {
  NIK: string;
  NO_KK: string | null;
  NAMA_LGKP: string;
  JENIS_KLMIN: number | string | null;
  TMPT_LHR: string | null;
  TGL_LHR: string | Date | null;
  GOL_DRH: number | null;
  AGAMA: number | null;
  STAT_KWN: number | null;
  STAT_HBKEL: number | null;
  PDDK_AKH: number | null;
  JENIS_PKRJN: number | null;
  PKRJN_DESCRIP: string | null;
  STAT_HIDUP: number | null;
  NO_PROP: number;
  NO_KAB: number;
  NO_KEC: number;
  NO_KEL: number;
  TGL_UBAH: string | Date | null;
  NAMA_LGKP_IBU: string | null;
  NIK_IBU: string | null;
  NAMA_LGKP_AYAH: string | null;
  NIK_AYAH: string | null;
}

export interface KeluargaRow {
  NO_KK: string;
  NAMA_KEP: string;
  ALAMAT: string | null;
  NO_RT: number | string | null;
  NO_RW: number | string | null;
  DUSUN: string | null;
  KODE_POS: string | null;
  NIK_KK: string | null;
  NO_PROP: number;
  NO_KAB: number;
  NO_KEC: number;
  NO_KEL: number;
  NAMA_PROP: string | null;
  NAMA_KAB: string | null;
  NAMA_KEC: string | null;
  NAMA_KEL: string | null;
  TGL_UPDATION: string | Date | null;
}

/** Collapses the blanks legacy data entry left behind; null for empty text. */
export function cleanText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const cleaned = value.replace(/\s+/g, ' ').trim();
  return cleaned === '' ? null : cleaned;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** ISO date from a DATE value, 'YYYY-MM-DD[ hh:mm:ss]' or 'DD-MM-YYYY'; null if unreadable. */
export function isoDate(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  const text = value.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (m) return text.startsWith('0000') ? null : `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(text);
  if (m) return `${m[3]}-${m[2]}-${m[1]}`;
  return null;
}

/** ISO date-time (UTC as stored; SIAK keeps local time without a zone, so we say so with no 'Z'). */
export function isoDateTime(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 19);
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/.exec(value.trim());
  return m ? `${m[1]}T${m[2]}` : isoDate(value) && `${isoDate(value)}T00:00:00`;
}

export function kelurahanCodeOf(row: { NO_PROP: number; NO_KAB: number; NO_KEC: number; NO_KEL: number }): string {
  return `${pad(Number(row.NO_PROP), 2)}.${pad(Number(row.NO_KAB), 2)}.${pad(Number(row.NO_KEC), 2)}.${pad(Number(row.NO_KEL), 4)}`;
}

export function toResident(row: BiodataRow): Resident {
  return {
    nik: row.NIK.trim(),
    name: cleanText(row.NAMA_LGKP) ?? '',
    // A NIK always encodes the sex; a row without a usable code falls back to it.
    sex: decodeSex(row.JENIS_KLMIN) ?? (Number(row.NIK.slice(6, 8)) > 40 ? 'FEMALE' : 'MALE'),
    birthPlace: cleanText(row.TMPT_LHR),
    birthDate: isoDate(row.TGL_LHR),
    bloodType: decodeCode(BLOOD_TYPE, row.GOL_DRH),
    religion: decodeCode(RELIGION, row.AGAMA),
    maritalStatus: decodeCode(MARITAL_STATUS, row.STAT_KWN),
    relationship: decodeCode(RELATIONSHIP, row.STAT_HBKEL),
    education: decodeCode(EDUCATION, row.PDDK_AKH),
    occupation: row.JENIS_PKRJN === null || row.JENIS_PKRJN === undefined ? null : { code: Number(row.JENIS_PKRJN), label: cleanText(row.PKRJN_DESCRIP) ?? 'TIDAK DIKETAHUI' },
    alive: Number(row.STAT_HIDUP) !== STAT_HIDUP_DECEASED,
    familyNumber: cleanText(row.NO_KK),
    kelurahanCode: kelurahanCodeOf(row),
    updatedAt: isoDateTime(row.TGL_UBAH),
    mother: parentOf(row.NAMA_LGKP_IBU, row.NIK_IBU),
    father: parentOf(row.NAMA_LGKP_AYAH, row.NIK_AYAH),
  };
}

/**
 * A parent as the record names them. Older records name a parent without a NIK (blank, or zeros
 * where the form demanded something); only a 16-digit number is kept as a NIK.
 */
export function parentOf(name: string | null, nik: string | null): Parent | null {
  const cleanName = cleanText(name);
  if (!cleanName) return null;
  const cleanNik = nik?.trim() ?? '';
  return { name: cleanName, nik: /^\d{16}$/.test(cleanNik) && !/^0+$/.test(cleanNik) ? cleanNik : null };
}

function region(code: string, name: string | null): RegionRef {
  // A code missing from SETUP_* still shows, by code, rather than failing the whole family.
  return { code, name: cleanText(name) ?? code };
}

function rtRw(value: number | string | null): string | null {
  if (value === null || value === undefined || String(value).trim() === '') return null;
  const n = Number(value);
  return Number.isInteger(n) ? pad(n, 3) : String(value).trim();
}

export function toAddress(row: KeluargaRow): Address {
  const kel = kelurahanCodeOf(row);
  const kec = kel.slice(0, 8);
  return {
    street: cleanText(row.ALAMAT),
    rt: rtRw(row.NO_RT),
    rw: rtRw(row.NO_RW),
    hamlet: cleanText(row.DUSUN),
    postalCode: cleanText(row.KODE_POS),
    kelurahan: region(kel, row.NAMA_KEL),
    kecamatan: region(kec, row.NAMA_KEC),
    regency: region(kec.slice(0, 5), row.NAMA_KAB),
    province: region(kec.slice(0, 2), row.NAMA_PROP),
  };
}

export function toFamily(row: KeluargaRow): Family {
  return {
    number: row.NO_KK.trim(),
    headName: cleanText(row.NAMA_KEP) ?? '',
    headNik: cleanText(row.NIK_KK),
    address: toAddress(row),
    updatedAt: isoDateTime(row.TGL_UPDATION),
  };
}

/**
 * A phone as clerks typed it on the KK ('0812-3456-7890', '62 812…', '+62 (812) …') as '+628…', or
 * null when it is not an Indonesian mobile number (landlines '021…', blanks, junk).
 */
export function mobilePhone(value: string | null | undefined): string | null {
  if (!value) return null;
  const compact = value.trim().replace(/[\s().-]/g, '');
  const m = /^(?:\+?62|0)(8\d{8,11})$/.exec(compact);
  return m ? `+62${m[1]}` : null;
}
