import type { Knex } from 'knex';
import { regions } from '@core/domain/regions';
import { localDateTimeIn } from '@core/tenants';
import { ddmmyyyy } from './rows';

/**
 * What an officer does at the enrolment counter, done straight on the application's table: the
 * API must show these changes on the next query. The application stamps local (WIB) time.
 */
const APP_TIME_ZONE = 'Asia/Jakarta';
const STATUSES = new Set(['B', 'D', 'S']);

export interface CounterEnrolment {
  nik: string;
  name: string;
  /** Kecamatan number within the regency (e.g. 3), or 0 for the Dinas office. */
  kecamatan: number;
  /** Regency of the office, dotted ('36.74'). */
  regencyCode: string;
  officer: string;
  /** Whether the iris could be captured (the others always are at a working counter). */
  iris?: boolean;
}

function officeName(regencyCode: string, kecamatan: number): string {
  if (kecamatan === 0) return 'DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL';
  const code = `${regencyCode}.${String(kecamatan).padStart(2, '0')}`;
  const kec = regions().get(code);
  if (kec?.level !== 'district') throw new Error(`No kecamatan ${code}`);
  return `KECAMATAN ${kec.name.toUpperCase()}`;
}

/** A new enrolment at the counter: status 'B' until the central match answers. Returns its id. */
export async function recordEnrolment(db: Knex, enrolment: CounterEnrolment, now = new Date()): Promise<number> {
  const stamp = localDateTimeIn(APP_TIME_ZONE, now);
  const [prop, kab] = enrolment.regencyCode.split('.').map(Number);
  const [id] = (await db('t_perekaman').insert({
    nik: enrolment.nik,
    nama_lgkp: enrolment.name.toUpperCase(),
    status_rekam: 'B',
    tgl_rekam: ddmmyyyy(stamp.slice(0, 10)),
    jam_rekam: stamp.slice(11),
    tempat_rekam: officeName(enrolment.regencyCode, enrolment.kecamatan),
    no_prop: prop,
    no_kab: kab,
    no_kec: enrolment.kecamatan,
    flag_sidik_jari: '1',
    flag_iris: enrolment.iris === false ? '0' : '1',
    flag_foto: '1',
    flag_ttd: '1',
    petugas: enrolment.officer,
    keterangan: null,
    tgl_entri: stamp,
  })) as number[];
  return Number(id);
}

/** The central match answered: 'S' (sukses) or 'D' (duplikat); an officer may also reset to 'B'. */
export async function setEnrolmentStatus(db: Knex, id: number, status: string, note: string | null = null): Promise<void> {
  if (!STATUSES.has(status)) throw new Error(`status_rekam must be one of B, D, S; got "${status}"`);
  const updated = await db('t_perekaman').where({ id_perekaman: id }).update({ status_rekam: status, keterangan: note });
  if (updated !== 1) throw new Error(`t_perekaman: no enrolment with id_perekaman ${id}`);
}

export async function showEnrolments(db: Knex, nik: string): Promise<Array<Record<string, unknown>>> {
  return (await db('t_perekaman').where({ nik }).orderBy('id_perekaman')) as Array<Record<string, unknown>>;
}

/** A few enrolments per status, for people looking for a NIK to try. */
export async function sampleEnrolments(db: Knex, perStatus: number): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for (const status of ['S', 'B', 'D']) {
    out.push(...((await db('t_perekaman').select('id_perekaman', 'nik', 'nama_lgkp', 'status_rekam', 'tgl_rekam', 'tempat_rekam').where({ status_rekam: status }).orderBy('id_perekaman').limit(perStatus)) as Array<Record<string, unknown>>));
  }
  return out;
}
