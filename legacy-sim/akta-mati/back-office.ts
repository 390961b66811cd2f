import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { deedPrefix, legacyDate } from './rows';

/**
 * What an officer does in the death registry's own screens, done straight on its table: the API
 * must show these changes on the next query. The application numbers deeds itself (next serial
 * of the day) and stamps local (WIB) time.
 */
const APP_TIME_ZONE = 'Asia/Jakarta';
const EDITABLE = new Set(['NAMA_LGKP', 'TGL_MATI', 'JAM_MATI', 'TMPT_MATI', 'SEBAB_MATI', 'NIK_PELAPOR', 'NAMA_PELAPOR']);

export interface CounterDeath {
  nik: string;
  name: string;
  sex: 1 | 2;
  birthDate: string | null;
  /** ISO date of death. */
  diedOn: string;
  place: string;
  cause: number;
  reporterNik: string | null;
  reporterName: string;
  kelurahanCode: string;
  officer: string;
}

/** Registers a death at the counter; returns the new deed number. */
export async function registerDeathAtCounter(db: Knex, death: CounterDeath, now = new Date()): Promise<string> {
  const stamp = localDateTimeIn(APP_TIME_ZONE, now);
  const today = stamp.slice(0, 10);
  const [prop, kab, kec, kel] = death.kelurahanCode.split('.').map(Number);
  const prefix = deedPrefix(death.kelurahanCode.slice(0, 5), today);
  return db.transaction(async (trx) => {
    const last = (await trx('CAPIL_MATI').max({ n: 'NO_AKTA_MATI' }).where('NO_AKTA_MATI', 'like', `${prefix}%`)) as Array<{ n: string | null }>;
    const serial = Number(last[0]?.n?.slice(prefix.length) ?? 0) + 1;
    const number = `${prefix}${String(serial).padStart(4, '0')}`;
    await trx('CAPIL_MATI').insert({
      NO_AKTA_MATI: number,
      NIK: death.nik,
      NAMA_LGKP: death.name.toUpperCase(),
      JENIS_KLMIN: death.sex,
      TGL_LHR: death.birthDate,
      TGL_MATI: legacyDate(death.diedOn),
      JAM_MATI: null,
      TMPT_MATI: death.place.toUpperCase(),
      SEBAB_MATI: death.cause,
      NIK_PELAPOR: death.reporterNik,
      NAMA_PELAPOR: death.reporterName.toUpperCase(),
      TGL_LAPOR: legacyDate(today),
      NO_PROP: prop, NO_KAB: kab, NO_KEC: kec, NO_KEL: kel,
      PETUGAS: death.officer,
      TGL_ENTRI: stamp,
      REF_GERBANG: null,
    });
    return number;
  });
}

/** Corrects a deed (a typo in the name, the date of death as 'DD-MM-YYYY'...). */
export async function correctDeathDeed(db: Knex, number: string, changes: Record<string, string | number | null>): Promise<void> {
  const bad = Object.keys(changes).filter((c) => !EDITABLE.has(c));
  if (bad.length > 0) throw new Error(`CAPIL_MATI: cannot edit ${bad.join(', ')}; editable: ${[...EDITABLE].join(', ')}`);
  const updated = await db('CAPIL_MATI').where({ NO_AKTA_MATI: number }).update(changes);
  if (updated !== 1) throw new Error(`CAPIL_MATI: no deed ${number}`);
}

export async function showDeathDeeds(db: Knex, nik: string): Promise<Array<Record<string, unknown>>> {
  return (await db('CAPIL_MATI').where({ NIK: nik }).orderBy('NO_AKTA_MATI')) as Array<Record<string, unknown>>;
}

export async function sampleDeathDeeds(db: Knex, limit: number): Promise<Array<Record<string, unknown>>> {
  return (await db('CAPIL_MATI').select('NO_AKTA_MATI', 'NIK', 'NAMA_LGKP', 'TGL_MATI', 'TGL_LAPOR').orderBy('NO_AKTA_MATI').limit(limit)) as Array<Record<string, unknown>>;
}
