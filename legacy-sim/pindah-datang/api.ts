import type { Knex } from 'knex';
import { STATUS, gagal, isoFromLegacyDate, legacyDateTime, pageInfo, pageOf, permintaanTidakValid, sukses, tidakDitemukan, type RestAnswer, type RestRoute, keyList } from '../base/rest';
import { localDateTimeIn } from '@core/tenants';
import { knownVillage } from '../pindah-keluar/regions';
import { DuplicateReference, LetterMismatch, PINDAH_DATANG_TIME_ZONE, arrivalsByNik, arrivalsByReference, listArrivals, registerArrival, type TypedLetter } from './arrivals';
import { datangJson } from './records';

/**
 * The move-in application's REST API (base: legacy-sim/base/rest):
 *   GET  /api/ping
 *   GET  /api/datang?nik=a,b,c          arrivals of any of these people, one call (14 when none)
 *   GET  /api/datang?no_referensi=x     arrivals by the caller's own reference
 *   POST /api/datang                    register an arrival against its move-out letter (below)
 *   GET  /api/daftar-datang?halaman=&per_halaman=   the register, newest first (slow)
 *
 * POST body: {no_referensi, no_skpwni, nik_datang: 'nik;nik', kode_wil_tujuan, alamat_tujuan,
 * kk_baru 'Y'|'T', ktp_baru 'Y'|'T', tgl_datang 'DD-MM-YYYY', skpwni?: {no_kk, kode_wil_asal,
 * kode_wil_tujuan, nik_anggota: 'nik;nik'}} — `skpwni` is the letter as typed in from paper, for a
 * letter the office has not received through the exchange. The application's own statuses:
 *   51 the reference exists; 63 letter unknown (and not typed in); 62 someone arriving is not on
 *   the letter; 64 the destination is not the letter's; 65 the typed letter differs from the one
 *   received.
 */
export const SKPWNI_TIDAK_DITEMUKAN = '63';
export const ANGGOTA_TIDAK_SESUAI = '62';
export const TUJUAN_TIDAK_SESUAI = '64';
export const DATA_SKPWNI_BERBEDA = '65';

const MISMATCH: Record<LetterMismatch['kind'], [string, string]> = {
  UNKNOWN_LETTER: [SKPWNI_TIDAK_DITEMUKAN, 'SKPWNI TIDAK DITEMUKAN'],
  PEOPLE: [ANGGOTA_TIDAK_SESUAI, 'ANGGOTA TIDAK SESUAI SKPWNI'],
  DESTINATION: [TUJUAN_TIDAK_SESUAI, 'ALAMAT TUJUAN TIDAK SESUAI SKPWNI'],
  TYPED_LETTER_DIFFERS: [DATA_SKPWNI_BERBEDA, 'DATA SKPWNI BERBEDA DENGAN DATA PUSAT'],
};

const MAX_NIKS = 500;
const NIK = /^\d{16}$/;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/;
const LETTER_NUMBER = /^[A-Za-z0-9][A-Za-z0-9/._-]{0,39}$/;

function text(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw permintaanTidakValid(`${name.toUpperCase()} TIDAK VALID`);
  return String(value).trim();
}

function nikList(value: string | undefined, name: string): string[] {
  const niks = (value ?? '').split(';').map((n) => n.trim()).filter(Boolean);
  if (niks.length === 0 || niks.length > 20 || niks.some((n) => !NIK.test(n)) || new Set(niks).size !== niks.length) throw permintaanTidakValid(`${name.toUpperCase()} TIDAK VALID`);
  return niks;
}

function flag(body: Record<string, unknown>, name: string): boolean {
  const value = (text(body, name) ?? 'T').toUpperCase();
  if (value !== 'Y' && value !== 'T') throw permintaanTidakValid(`${name.toUpperCase()} HARUS Y ATAU T`);
  return value === 'Y';
}

function typedLetter(value: unknown): TypedLetter | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object') throw permintaanTidakValid('SKPWNI TIDAK VALID');
  const fields = value as Record<string, unknown>;
  const noKk = text(fields, 'no_kk');
  const asal = text(fields, 'kode_wil_asal') ?? '';
  const tujuan = text(fields, 'kode_wil_tujuan') ?? '';
  if (!noKk || !NIK.test(noKk)) throw permintaanTidakValid('SKPWNI.NO_KK TIDAK VALID');
  if (!knownVillage(asal) || !knownVillage(tujuan)) throw permintaanTidakValid('SKPWNI.KODE WILAYAH TIDAK VALID');
  return { noKk, kodeWilAsal: asal, kodeWilTujuan: tujuan, niks: nikList(text(fields, 'nik_anggota'), 'skpwni.nik_anggota') };
}

export interface PindahDatangApiOptions {
  /** '36.74': the city residents arrive in. */
  regencyCode: string;
  listSlowMs: number;
}

export function pindahDatangRoutes(db: Knex, options: PindahDatangApiOptions): RestRoute[] {
  const regency4 = options.regencyCode.replace('.', '');

  async function register(body: unknown): Promise<RestAnswer> {
    if (!body || typeof body !== 'object') throw permintaanTidakValid('ISI PERMINTAAN KOSONG');
    const fields = body as Record<string, unknown>;
    const noReferensi = text(fields, 'no_referensi');
    const noSkpwni = text(fields, 'no_skpwni');
    const tujuan = text(fields, 'kode_wil_tujuan') ?? '';
    const tglDatang = isoFromLegacyDate(text(fields, 'tgl_datang') ?? '');
    if (!noReferensi || !REFERENCE.test(noReferensi)) throw permintaanTidakValid('NO_REFERENSI TIDAK VALID');
    if (!noSkpwni || !LETTER_NUMBER.test(noSkpwni)) throw permintaanTidakValid('NO_SKPWNI TIDAK VALID');
    const niks = nikList(text(fields, 'nik_datang'), 'nik_datang');
    if (!knownVillage(tujuan)?.startsWith(`${options.regencyCode}.`)) throw permintaanTidakValid('KODE_WIL_TUJUAN TIDAK VALID');
    if (!tglDatang || Number.isNaN(Date.parse(`${tglDatang}T00:00:00Z`)) || new Date(`${tglDatang}T00:00:00Z`).toISOString().slice(0, 10) !== tglDatang) throw permintaanTidakValid('TGL_DATANG TIDAK VALID');
    const alamat = text(fields, 'alamat_tujuan')?.replace(/\s+/g, ' ').toUpperCase() ?? null;
    if (alamat && alamat.length > 120) throw permintaanTidakValid('ALAMAT_TUJUAN TERLALU PANJANG');
    const arrival = { noReferensi, noSkpwni, typed: typedLetter(fields.skpwni), niks, kodeWilTujuan: tujuan, alamatTujuan: alamat, kkBaru: flag(fields, 'kk_baru'), ktpBaru: flag(fields, 'ktp_baru'), tglDatang };
    try {
      return sukses(datangJson(await registerArrival(db, arrival, regency4)));
    } catch (error) {
      if (error instanceof DuplicateReference) return gagal(STATUS.DATA_SUDAH_ADA, 'NO REFERENSI SUDAH TERDAFTAR');
      if (error instanceof LetterMismatch) {
        const [status, pesan] = MISMATCH[error.kind];
        return { http: 200, envelope: { status, pesan, data: null } };
      }
      throw error;
    }
  }

  return [
    { method: 'GET', path: '/api/ping', handle: () => sukses({ aplikasi: 'SKDWNI PINDAH DATANG', waktu: legacyDateTime(localDateTimeIn(PINDAH_DATANG_TIME_ZONE)) }) },
    {
      method: 'GET',
      path: '/api/datang',
      handle: async ({ query }) => {
        const niks = keyList(query, 'nik', NIK, MAX_NIKS);
        const references = keyList(query, 'no_referensi', REFERENCE, MAX_NIKS);
        if ((niks.length === 0) === (references.length === 0)) throw permintaanTidakValid('ISI SALAH SATU: NIK ATAU NO_REFERENSI');
        const arrivals = niks.length > 0 ? await arrivalsByNik(db, niks) : await arrivalsByReference(db, references);
        return arrivals.length === 0 ? tidakDitemukan() : sukses(arrivals.map(datangJson));
      },
    },
    { method: 'POST', path: '/api/datang', handle: ({ body }) => register(body) },
    {
      method: 'GET',
      path: '/api/daftar-datang',
      slowMs: options.listSlowMs,
      handle: async ({ query }) => {
        const page = pageOf(query, { defaultPerPage: 50, maxPerPage: 100 });
        const { arrivals, total } = await listArrivals(db, { offset: page.offset, limit: page.perHalaman });
        return sukses(arrivals.map(datangJson), pageInfo(page, total));
      },
    },
  ];
}
