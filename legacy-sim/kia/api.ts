import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { STATUS, gagal, legacyDateTime, permintaanTidakValid, sukses, tidakDitemukan, type RestRoute, keyList } from '../base/rest';
import { AlreadyHasCard, DuplicateReference, KIA_TIME_ZONE, NotAChild, cardByNumber, cardsByFamily, cardsByNik, cardsByReference, issueCard, plainKk } from './cards';
import { kiaJson } from './records';
import { JENIS_PERMOHONAN, type JenisPermohonan } from './schema';

/**
 * The KIA application's REST API (base: legacy-sim/base/rest):
 *   GET  /api/ping
 *   GET  /api/kia?nik=a,b,c                 cards of many children in one call (status 14 when none)
 *   GET  /api/kia?no_permohonan=x           cards by the caller's own reference
 *   GET  /api/kia/keluarga?no_kk=a,b,c      cards of the children on many family cards, grouped by KK
 *   GET  /api/kia/:no_kia                   one card
 *   POST /api/kia                           issue a card {nik_anak, no_kk, nama_anak, tgl_lahir, jenis_permohonan, no_permohonan}
 *                                           51 if the reference exists, or if a first card is asked for a child who has one
 */
const MAX_NIKS = 500;
const MAX_KKS = 200;
const DIGITS16 = /^\d{16}$/;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/;
const LEGACY_DATE = /^\d{2}-\d{2}-\d{4}$/;

function text(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw permintaanTidakValid(`${name.toUpperCase()} TIDAK VALID`);
  return String(value).trim();
}

export interface KiaApiOptions {
  /** '3674': the regency in card numbers. */
  regency4: string;
  /** How long the family lookup takes, in ms (it goes through the family table in the old app). */
  familySlowMs: number;
}

export function kiaRoutes(db: Knex, options: KiaApiOptions): RestRoute[] {
  return [
    { method: 'GET', path: '/api/ping', handle: () => sukses({ aplikasi: 'KARTU IDENTITAS ANAK', waktu: legacyDateTime(localDateTimeIn(KIA_TIME_ZONE)) }) },
    {
      method: 'GET',
      path: '/api/kia',
      handle: async ({ query }) => {
        const niks = keyList(query, 'nik', DIGITS16, MAX_NIKS);
        const references = keyList(query, 'no_permohonan', REFERENCE, MAX_NIKS);
        if (niks.length === 0 && references.length === 0) throw permintaanTidakValid('NIK ATAU NO_PERMOHONAN WAJIB DIISI');
        const rows = niks.length > 0 ? await cardsByNik(db, niks) : await cardsByReference(db, references);
        // As the vendor wrote it: nothing found is status 14, not an empty list.
        return rows.length === 0 ? tidakDitemukan() : sukses(rows.map(kiaJson));
      },
    },
    {
      method: 'GET',
      path: '/api/kia/keluarga',
      slowMs: options.familySlowMs,
      handle: async ({ query }) => {
        const kks = keyList(query, 'no_kk', DIGITS16, MAX_KKS);
        if (kks.length === 0) throw permintaanTidakValid('NO_KK WAJIB DIISI');
        const rows = await cardsByFamily(db, kks);
        const groups = kks
          .map((kk) => {
            const cards = rows.filter((row) => plainKk(row.no_kk) === kk);
            return { no_kk: kk, jumlah_kia: cards.length, kia: cards.map(kiaJson) };
          })
          .filter((group) => group.jumlah_kia > 0);
        return groups.length === 0 ? tidakDitemukan() : sukses(groups);
      },
    },
    {
      method: 'GET',
      path: '/api/kia/:no_kia',
      handle: async ({ params }) => {
        const row = await cardByNumber(db, params.no_kia ?? '');
        return row ? sukses(kiaJson(row)) : tidakDitemukan();
      },
    },
    {
      method: 'POST',
      path: '/api/kia',
      handle: async ({ body }) => {
        if (!body || typeof body !== 'object') throw permintaanTidakValid('ISI PERMINTAAN KOSONG');
        const fields = body as Record<string, unknown>;
        const nikAnak = text(fields, 'nik_anak');
        const noKk = text(fields, 'no_kk');
        const namaAnak = text(fields, 'nama_anak');
        const tglLahir = text(fields, 'tgl_lahir');
        const noPermohonan = text(fields, 'no_permohonan');
        const jenis = (text(fields, 'jenis_permohonan') ?? 'BARU').toUpperCase();
        if (!nikAnak || !DIGITS16.test(nikAnak)) throw permintaanTidakValid('NIK_ANAK TIDAK VALID');
        if (!noKk || !DIGITS16.test(noKk)) throw permintaanTidakValid('NO_KK TIDAK VALID');
        if (!namaAnak || namaAnak.length > 80) throw permintaanTidakValid('NAMA_ANAK TIDAK VALID');
        if (!tglLahir || !LEGACY_DATE.test(tglLahir)) throw permintaanTidakValid('TGL_LAHIR HARUS DD-MM-YYYY');
        if (!noPermohonan || !REFERENCE.test(noPermohonan)) throw permintaanTidakValid('NO_PERMOHONAN TIDAK VALID');
        if (!(JENIS_PERMOHONAN as readonly string[]).includes(jenis)) throw permintaanTidakValid('JENIS_PERMOHONAN TIDAK VALID');
        try {
          const row = await issueCard(db, { nikAnak, noKk, namaAnak, tglLahir, noPermohonan, jenis: jenis as JenisPermohonan }, options.regency4);
          return sukses(kiaJson(row));
        } catch (error) {
          if (error instanceof DuplicateReference) return gagal(STATUS.DATA_SUDAH_ADA, 'NO PERMOHONAN SUDAH TERDAFTAR');
          if (error instanceof AlreadyHasCard) return gagal(STATUS.DATA_SUDAH_ADA, 'ANAK SUDAH MEMILIKI KIA YANG BERLAKU');
          if (error instanceof NotAChild) throw permintaanTidakValid('USIA ANAK TIDAK MEMENUHI SYARAT KIA (0-17 TAHUN)');
          throw error;
        }
      },
    },
  ];
}
