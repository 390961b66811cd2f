import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { isoToDay } from '../world/dates';
import { legacyDate, workingDaysAfter } from './rows';

/**
 * What an officer does in the birth registry's own screens, done straight on its table: the API
 * must show these changes on the next query. The application numbers deeds itself
 * (`<regency>-LU-<registration date>-<serial>`) and stamps local (WIB) time.
 */
const APP_TIME_ZONE = 'Asia/Jakarta';
const EDITABLE = new Set(['NAMA_ANAK', 'TMPT_LHR', 'TGL_LHR', 'NIK_IBU', 'NAMA_IBU', 'NIK_AYAH', 'NAMA_AYAH', 'FLAG_TERLAMBAT']);

export interface CounterBirth {
  childNik: string | null;
  childName: string;
  sex: 1 | 2;
  birthPlace: string;
  /** ISO date. */
  birthDate: string;
  motherNik: string | null;
  motherName: string;
  fatherNik: string | null;
  fatherName: string | null;
  kelurahanCode: string;
  officer: string;
}

export function birthDeedPrefix(regencyCode: string, registeredOn: string): string {
  return `${regencyCode.replace(/\./g, '')}-LU-${legacyDate(registeredOn).replace(/-/g, '')}-`;
}

/** Registers a birth at the counter; returns the new deed number. */
export async function registerBirthAtCounter(db: Knex, birth: CounterBirth, now = new Date()): Promise<string> {
  const stamp = localDateTimeIn(APP_TIME_ZONE, now);
  const today = stamp.slice(0, 10);
  const [prop, kab, kec, kel] = birth.kelurahanCode.split('.').map(Number);
  const prefix = birthDeedPrefix(birth.kelurahanCode.slice(0, 5), today);
  return db.transaction(async (trx) => {
    const last = (await trx('CAPIL_LAHIR').max({ n: 'NO_AKTA_LHR' }).where('NO_AKTA_LHR', 'like', `${prefix}%`)) as Array<{ n: string | null }>;
    const number = `${prefix}${String(Number(last[0]?.n?.slice(prefix.length) ?? 0) + 1).padStart(4, '0')}`;
    await trx('CAPIL_LAHIR').insert({
      NO_AKTA_LHR: number,
      NIK_ANAK: birth.childNik,
      NAMA_ANAK: birth.childName.toUpperCase(),
      JENIS_KLMIN: birth.sex,
      TMPT_LHR: birth.birthPlace.toUpperCase(),
      TGL_LHR: birth.birthDate,
      NIK_IBU: birth.motherNik,
      NAMA_IBU: birth.motherName.toUpperCase(),
      NIK_AYAH: birth.fatherNik,
      NAMA_AYAH: birth.fatherName?.toUpperCase() ?? null,
      TGL_DAFTAR: legacyDate(today),
      FLAG_TERLAMBAT: workingDaysAfter(isoToDay(birth.birthDate), isoToDay(today)) > 60 ? 'Y' : 'T',
      NO_PROP: prop, NO_KAB: kab, NO_KEC: kec, NO_KEL: kel,
      PETUGAS: birth.officer,
      TGL_ENTRI: stamp,
      REF_GERBANG: null,
    });
    return number;
  });
}

export async function correctBirthDeed(db: Knex, number: string, changes: Record<string, string | number | null>): Promise<void> {
  const bad = Object.keys(changes).filter((c) => !EDITABLE.has(c));
  if (bad.length > 0) throw new Error(`CAPIL_LAHIR: cannot edit ${bad.join(', ')}; editable: ${[...EDITABLE].join(', ')}`);
  const updated = await db('CAPIL_LAHIR').where({ NO_AKTA_LHR: number }).update(changes);
  if (updated !== 1) throw new Error(`CAPIL_LAHIR: no deed ${number}`);
}

export async function showBirthDeeds(db: Knex, nik: string): Promise<Array<Record<string, unknown>>> {
  return (await db('CAPIL_LAHIR').where({ NIK_ANAK: nik }).orderBy('NO_AKTA_LHR')) as Array<Record<string, unknown>>;
}

export async function sampleBirthDeeds(db: Knex, limit: number): Promise<Array<Record<string, unknown>>> {
  return (await db('CAPIL_LAHIR').select('NO_AKTA_LHR', 'NIK_ANAK', 'NAMA_ANAK', 'TGL_LHR', 'TGL_DAFTAR', 'FLAG_TERLAMBAT').orderBy('NO_AKTA_LHR').limit(limit)) as Array<Record<string, unknown>>;
}
