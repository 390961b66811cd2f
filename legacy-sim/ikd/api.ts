import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { legacyDateTime, permintaanTidakValid, sukses, tidakDitemukan, type RestRoute } from '../base/rest';
import { ikdJson, unknownJson } from './records';
import { IKD_TIME_ZONE, rowOf, rowsByNik } from './register';

/**
 * The IKD application's REST API (base: legacy-sim/base/rest), behind the ministry-style gateway
 * that asks for a key (X-IKD-Key) and rate-limits each key (HTTP 429, status 91, Retry-After):
 *   GET  /api/ping
 *   POST /api/ikd/cek-status  {"nik": ["…", …]}   state of many NIKs in one call, in the order asked,
 *                                                  unknown NIKs answered as 'TIDAK TERDAFTAR'
 *   GET  /api/ikd/:nik                             one NIK (status 14 when unknown)
 */
const MAX_NIKS = 500;
const NIK = /^\d{16}$/;

function niksOf(body: unknown): string[] {
  const list = (body as { nik?: unknown } | undefined)?.nik;
  if (!Array.isArray(list) || list.length === 0) throw permintaanTidakValid('NIK WAJIB DIISI (DAFTAR)');
  if (list.length > MAX_NIKS) throw permintaanTidakValid(`NIK MAKSIMAL ${MAX_NIKS}`);
  return list.map((value) => {
    const nik = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
    if (!NIK.test(nik)) throw permintaanTidakValid(`NIK TIDAK VALID: ${nik}`);
    return nik;
  });
}

export function ikdRoutes(db: Knex): RestRoute[] {
  return [
    { method: 'GET', path: '/api/ping', handle: () => sukses({ aplikasi: 'IDENTITAS KEPENDUDUKAN DIGITAL', waktu: legacyDateTime(localDateTimeIn(IKD_TIME_ZONE)) }) },
    {
      method: 'POST',
      path: '/api/ikd/cek-status',
      handle: async ({ body }) => {
        const niks = niksOf(body);
        const rows = new Map((await rowsByNik(db, niks)).map((row) => [row.nik, row]));
        return sukses(niks.map((nik) => {
          const row = rows.get(nik);
          return row ? ikdJson(row) : unknownJson(nik);
        }));
      },
    },
    {
      method: 'GET',
      path: '/api/ikd/:nik',
      handle: async ({ params }) => {
        const nik = params.nik ?? '';
        if (!NIK.test(nik)) throw permintaanTidakValid('NIK TIDAK VALID');
        const row = await rowOf(db, nik);
        return row ? sukses(ikdJson(row)) : tidakDitemukan();
      },
    },
  ];
}
