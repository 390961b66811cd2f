import type { Knex } from 'knex';
import { STATUS, gagal, isoFromLegacyDate, legacyDateTime, pageInfo, pageOf, permintaanTidakValid, sukses, tidakDitemukan, type RestAnswer, type RestRoute, keyList } from '../base/rest';
import { localDateTimeIn } from '@core/tenants';
import { skpwniJson } from './records';
import { DuplicateReference, PINDAH_KELUAR_TIME_ZONE, issueLetter, lettersByNik, lettersByNumber, lettersByReference, listLetters } from './letters';
import { knownVillage } from './regions';
import { ALASAN_PINDAH, JENIS_KEPINDAHAN } from './schema';

/**
 * The move-out application's REST API (base: legacy-sim/base/rest):
 *   GET  /api/ping
 *   GET  /api/skpwni?nik=a,b,c            letters naming any of these people, one call (14 when none)
 *   GET  /api/skpwni?no_skpwni=x,y        letters by number
 *   GET  /api/skpwni?no_referensi=x       letters by the caller's own reference
 *   POST /api/skpwni                      issue a letter (see below); 51 if the reference exists,
 *                                         61 if the destination is no known desa/kelurahan
 *   GET  /api/daftar-skpwni?tgl_dari=&tgl_sampai=&halaman=&per_halaman=   the register, newest first (slow)
 *
 * POST body: {no_referensi, no_kk, nik_pemohon, nik_anggota: 'nik;nik;...', kode_wil_asal,
 * alamat_asal, kode_wil_tujuan, alamat_tujuan, alasan '1'..'7', jenis_kepindahan '1'..'4',
 * tgl_pindah 'DD-MM-YYYY'}; region codes ten digits without dots; the origin must be a kelurahan
 * of this city.
 */
const MAX_NIKS = 500;
const MAX_NUMBERS = 100;
const MAX_MOVERS = 20;
const NIK = /^\d{16}$/;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/;
const LETTER_NUMBER = /^[A-Za-z0-9][A-Za-z0-9/._-]{0,39}$/;

/** The application's own status for a destination the region list does not know. */
export const WILAYAH_TIDAK_DIKENAL = '61';

function text(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw permintaanTidakValid(`${name.toUpperCase()} TIDAK VALID`);
  return String(value).trim();
}

function address(body: Record<string, unknown>, name: string): string | null {
  const value = text(body, name)?.replace(/\s+/g, ' ').toUpperCase();
  if (value && value.length > 120) throw permintaanTidakValid(`${name.toUpperCase()} TERLALU PANJANG`);
  return value && value !== '-' ? value : null;
}

export interface PindahKeluarApiOptions {
  /** '36.74': the city whose residents this application lets move out. */
  regencyCode: string;
  /** How long the register list takes, in ms (a report over the whole table in the old app). */
  listSlowMs: number;
}

export function pindahKeluarRoutes(db: Knex, options: PindahKeluarApiOptions): RestRoute[] {
  const regency4 = options.regencyCode.replace('.', '');

  async function issue(body: unknown): Promise<RestAnswer> {
    if (!body || typeof body !== 'object') throw permintaanTidakValid('ISI PERMINTAAN KOSONG');
    const fields = body as Record<string, unknown>;
    const noReferensi = text(fields, 'no_referensi');
    const noKk = text(fields, 'no_kk');
    const nikPemohon = text(fields, 'nik_pemohon');
    const niks = (text(fields, 'nik_anggota') ?? '').split(';').map((n) => n.trim()).filter(Boolean);
    const asal = knownVillage(text(fields, 'kode_wil_asal') ?? '');
    const kodeTujuan = text(fields, 'kode_wil_tujuan') ?? '';
    const alasan = text(fields, 'alasan');
    const jenis = text(fields, 'jenis_kepindahan');
    const tglPindah = isoFromLegacyDate(text(fields, 'tgl_pindah') ?? '');
    if (!noReferensi || !REFERENCE.test(noReferensi)) throw permintaanTidakValid('NO_REFERENSI TIDAK VALID');
    if (!noKk || !NIK.test(noKk)) throw permintaanTidakValid('NO_KK TIDAK VALID');
    if (!nikPemohon || !NIK.test(nikPemohon)) throw permintaanTidakValid('NIK_PEMOHON TIDAK VALID');
    if (niks.length === 0 || niks.length > MAX_MOVERS || niks.some((n) => !NIK.test(n)) || new Set(niks).size !== niks.length) throw permintaanTidakValid('NIK_ANGGOTA TIDAK VALID');
    if (!asal || !asal.startsWith(`${options.regencyCode}.`)) throw permintaanTidakValid('KODE_WIL_ASAL TIDAK VALID');
    if (!/^\d{10}$/.test(kodeTujuan)) throw permintaanTidakValid('KODE_WIL_TUJUAN TIDAK VALID');
    const tujuan = knownVillage(kodeTujuan);
    if (!tujuan) return { http: 200, envelope: { status: WILAYAH_TIDAK_DIKENAL, pesan: 'KODE WILAYAH TUJUAN TIDAK TERDAFTAR', data: null } };
    if (!alasan || !(ALASAN_PINDAH as readonly string[]).includes(alasan)) throw permintaanTidakValid('ALASAN TIDAK VALID');
    if (!jenis || !(JENIS_KEPINDAHAN as readonly string[]).includes(jenis)) throw permintaanTidakValid('JENIS_KEPINDAHAN TIDAK VALID');
    if (!tglPindah || Number.isNaN(Date.parse(`${tglPindah}T00:00:00Z`)) || new Date(`${tglPindah}T00:00:00Z`).toISOString().slice(0, 10) !== tglPindah) throw permintaanTidakValid('TGL_PINDAH TIDAK VALID');
    try {
      const letter = await issueLetter(db, { noReferensi, noKk, nikPemohon, niks, asal, alamatAsal: address(fields, 'alamat_asal'), tujuan, alamatTujuan: address(fields, 'alamat_tujuan'), alasan, jenisKepindahan: jenis, tglPindah }, regency4);
      return sukses(skpwniJson(letter));
    } catch (error) {
      if (error instanceof DuplicateReference) return gagal(STATUS.DATA_SUDAH_ADA, 'NO REFERENSI SUDAH TERDAFTAR');
      throw error;
    }
  }

  return [
    { method: 'GET', path: '/api/ping', handle: () => sukses({ aplikasi: 'SKPWNI PINDAH KELUAR', waktu: legacyDateTime(localDateTimeIn(PINDAH_KELUAR_TIME_ZONE)) }) },
    {
      method: 'GET',
      path: '/api/skpwni',
      handle: async ({ query }) => {
        const niks = keyList(query, 'nik', NIK, MAX_NIKS);
        const numbers = keyList(query, 'no_skpwni', LETTER_NUMBER, MAX_NUMBERS);
        const references = keyList(query, 'no_referensi', REFERENCE, MAX_NUMBERS);
        const asked = [niks, numbers, references].filter((k) => k.length > 0).length;
        if (asked !== 1) throw permintaanTidakValid('ISI SALAH SATU: NIK, NO_SKPWNI ATAU NO_REFERENSI');
        const letters = niks.length > 0 ? await lettersByNik(db, niks) : numbers.length > 0 ? await lettersByNumber(db, numbers) : await lettersByReference(db, references);
        // The vendor's quirk: nothing found is status 14, not an empty list.
        return letters.length === 0 ? tidakDitemukan() : sukses(letters.map(skpwniJson));
      },
    },
    { method: 'POST', path: '/api/skpwni', handle: ({ body }) => issue(body) },
    {
      method: 'GET',
      path: '/api/daftar-skpwni',
      slowMs: options.listSlowMs,
      handle: async ({ query }) => {
        const from = query.get('tgl_dari') ? isoFromLegacyDate(query.get('tgl_dari')!) : undefined;
        const to = query.get('tgl_sampai') ? isoFromLegacyDate(query.get('tgl_sampai')!) : undefined;
        if ((query.get('tgl_dari') && !from) || (query.get('tgl_sampai') && !to)) throw permintaanTidakValid('TANGGAL HARUS DD-MM-YYYY');
        const page = pageOf(query, { defaultPerPage: 50, maxPerPage: 100 });
        const { letters, total } = await listLetters(db, { from, to, offset: page.offset, limit: page.perHalaman });
        return sukses(letters.map(skpwniJson), pageInfo(page, total));
      },
    },
  ];
}
