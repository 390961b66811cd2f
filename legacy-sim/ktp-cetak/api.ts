import type { Knex } from 'knex';
import { STATUS, gagal, pageInfo, pageOf, permintaanTidakValid, sukses, tidakDitemukan, legacyDateTime, type RestRoute, keyList } from '../base/rest';
import { localDateTimeIn } from '@core/tenants';
import { cetakJson } from './records';
import { DuplicateReference, KTP_CETAK_TIME_ZONE, jobByNumber, jobsByNik, jobsByReference, listJobs, queueJob } from './jobs';
import { ALASAN, STATUS_CETAK } from './schema';

/**
 * The print queue's REST API (base: legacy-sim/base/rest):
 *   GET  /api/ping
 *   GET  /api/cetak?nik=a,b,c            jobs of many residents in one call (status 14 when none)
 *   GET  /api/cetak?no_permohonan=x,y    jobs by the caller's own reference
 *   GET  /api/cetak/:no_cetak            one job
 *   POST /api/cetak                      queue a job {nik, no_permohonan, alasan, lokasi_ambil}; 51 if the reference exists
 *   GET  /api/daftar-cetak?status=&halaman=&per_halaman=   the queue, newest first (slow)
 */
const MAX_KEYS = 500;
const NIK = /^\d{16}$/;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/;

function text(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw permintaanTidakValid(`${name.toUpperCase()} TIDAK VALID`);
  return String(value).trim();
}

export interface KtpCetakApiOptions {
  /** '3674': the regency in job numbers. */
  regency4: string;
  /** How long the queue list takes, in ms (a report over the whole table in the old app). */
  listSlowMs: number;
}

export function ktpCetakRoutes(db: Knex, options: KtpCetakApiOptions): RestRoute[] {
  return [
    { method: 'GET', path: '/api/ping', handle: () => sukses({ aplikasi: 'CETAK KTP-EL', waktu: legacyDateTime(localDateTimeIn(KTP_CETAK_TIME_ZONE)) }) },
    {
      method: 'GET',
      path: '/api/cetak',
      handle: async ({ query }) => {
        const niks = keyList(query, 'nik', NIK, MAX_KEYS);
        const references = keyList(query, 'no_permohonan', REFERENCE, MAX_KEYS);
        if (niks.length === 0 && references.length === 0) throw permintaanTidakValid('NIK ATAU NO_PERMOHONAN WAJIB DIISI');
        const rows = niks.length > 0 ? await jobsByNik(db, niks) : await jobsByReference(db, references);
        const wanted = references.length > 0 && niks.length > 0 ? rows.filter((r) => r.no_permohonan && references.includes(r.no_permohonan)) : rows;
        // The vendor's quirk: nothing found is status 14, not an empty list.
        return wanted.length === 0 ? tidakDitemukan() : sukses(wanted.map(cetakJson));
      },
    },
    {
      method: 'GET',
      path: '/api/cetak/:no_cetak',
      handle: async ({ params }) => {
        const row = await jobByNumber(db, params.no_cetak ?? '');
        return row ? sukses(cetakJson(row)) : tidakDitemukan();
      },
    },
    {
      method: 'POST',
      path: '/api/cetak',
      handle: async ({ body }) => {
        if (!body || typeof body !== 'object') throw permintaanTidakValid('ISI PERMINTAAN KOSONG');
        const fields = body as Record<string, unknown>;
        const nik = text(fields, 'nik');
        const noPermohonan = text(fields, 'no_permohonan');
        const alasan = text(fields, 'alasan') ?? ALASAN.BARU;
        const lokasi = (text(fields, 'lokasi_ambil') ?? 'KANTOR DISDUKCAPIL').toUpperCase();
        if (!nik || !NIK.test(nik)) throw permintaanTidakValid('NIK TIDAK VALID');
        if (!noPermohonan || !REFERENCE.test(noPermohonan)) throw permintaanTidakValid('NO_PERMOHONAN TIDAK VALID');
        if (!Object.values(ALASAN).includes(alasan as (typeof ALASAN)[keyof typeof ALASAN])) throw permintaanTidakValid('ALASAN TIDAK VALID');
        if (lokasi.length > 60) throw permintaanTidakValid('LOKASI_AMBIL TERLALU PANJANG');
        try {
          return sukses(cetakJson(await queueJob(db, { nik, noPermohonan, alasan, lokasiAmbil: lokasi }, options.regency4)));
        } catch (error) {
          if (error instanceof DuplicateReference) return gagal(STATUS.DATA_SUDAH_ADA, 'NO PERMOHONAN SUDAH TERDAFTAR');
          throw error;
        }
      },
    },
    {
      method: 'GET',
      path: '/api/daftar-cetak',
      slowMs: options.listSlowMs,
      handle: async ({ query }) => {
        const status = query.get('status')?.toUpperCase() || undefined;
        if (status && !(STATUS_CETAK as readonly string[]).includes(status)) throw permintaanTidakValid('STATUS TIDAK VALID');
        const page = pageOf(query, { defaultPerPage: 50, maxPerPage: 100 });
        const { rows, total } = await listJobs(db, { status, offset: page.offset, limit: page.perHalaman });
        return sukses(rows.map(cetakJson), pageInfo(page, total));
      },
    },
  ];
}
