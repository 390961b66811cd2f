import type { Knex } from 'knex';
import { isoFromLegacyDate, legacyDate, legacyDateTime, pageInfo, pageOf, permintaanTidakValid, sukses, tidakDitemukan, type RestAnswer, type RestRoute, keyList } from '../base/rest';
import { BookingRefused, KODE, book, bookingsById, bookingsByNik, bookingsByReference, changesAfter, countByStatus, freeDays, listBookings, moveBooking, stampOf, type BookingRules, type ListFilter } from './bookings';
import { antrianJson, perubahanJson } from './records';
import { LAYANAN, STATUS_ANTRIAN, SUMBER } from './schema';

/**
 * The queue application's REST API (base: legacy-sim/base/rest), X-API-Key:
 *   GET  /api/ping
 *   GET  /api/antrian?id=1,2 | ?nik=a,b | ?kd_referensi=x      bookings with their history; 14 when none
 *   POST /api/antrian                      book {kd_referensi, nik, nama, no_hp, kd_kantor, kd_layanan,
 *                                          tgl_kunjungan 'DD-MM-YYYY', sumber WEB|APP|LOKET}
 *   POST /api/antrian/:id/checkin          {loket?}: arrived at the office (visit day only)
 *   POST /api/antrian/:id/batal            {ket?}: cancelled by the resident (while BOOKED)
 *   GET  /api/daftar-antrian?kd_kantor=&status=a,b&kd_layanan=a,b&tgl_daftar_dari=&tgl_daftar_sampai=
 *        &tgl_kunjungan_dari=&tgl_kunjungan_sampai=&halaman=&per_halaman=   by registration, paged (slow)
 *   GET  /api/rekap?(same filters)         bookings per status
 *   GET  /api/kuota?kd_kantor=&kd_layanan=&tgl_dari=&jumlah=   open days with free places
 *   GET  /api/riwayat?sejak=<id_log>&jumlah=                   the change log after an entry
 * Its own statuses: 62 quota full, 63 outside the booking window, 64 office closed that day,
 * 65 queue not open at that office, 66 the NIK already holds an open booking in that queue,
 * 67 a status change that does not fit the booking (besides 05, 14, 51 of the estate).
 */
const MAX_KEYS = 200;
const NIK = /^\d{16}$/;
const ID = /^\d{1,10}$/;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/;
const KANTOR = /^(00|\d{6})$/;
const PHONE = /^\+?\d{8,14}$/;
const LOKET = /^[A-Z]\d{2}$/;

function text(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw permintaanTidakValid(`${name.toUpperCase()} TIDAK VALID`);
  return String(value).trim();
}

function date(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  if (!value) return undefined;
  const iso = isoFromLegacyDate(value);
  if (!iso) throw permintaanTidakValid(`${name.toUpperCase()} HARUS DD-MM-YYYY`);
  return iso;
}

/** The application's own refusals: HTTP 200, its status, no data. */
function ditolak(status: string, pesan: string): RestAnswer {
  return { http: 200, envelope: { status, pesan, data: null } };
}

function refused(error: unknown): RestAnswer {
  if (error instanceof BookingRefused) return ditolak(error.status, error.pesan);
  throw error;
}

function listFilter(query: URLSearchParams): ListFilter {
  const kdKantor = query.get('kd_kantor') ?? undefined;
  if (kdKantor !== undefined && !KANTOR.test(kdKantor)) throw permintaanTidakValid('KD_KANTOR TIDAK VALID');
  return {
    kdKantor,
    status: keyList(query, 'status', new RegExp(`^(${STATUS_ANTRIAN.join('|')})$`), MAX_KEYS),
    kdLayanan: keyList(query, 'kd_layanan', /^[A-Z]$/, MAX_KEYS),
    daftarDari: date(query, 'tgl_daftar_dari'),
    daftarSampai: date(query, 'tgl_daftar_sampai'),
    kunjunganDari: date(query, 'tgl_kunjungan_dari'),
    kunjunganSampai: date(query, 'tgl_kunjungan_sampai'),
  };
}

export interface AntrianApiOptions {
  rules: BookingRules;
  /** The application's clock (tests set it; the app itself reads the server's). */
  now: () => Date;
  /** How long the worklist takes, in ms (a report over the whole table in the old app). */
  listSlowMs: number;
}

export function antrianRoutes(db: Knex, options: AntrianApiOptions): RestRoute[] {
  async function create(body: unknown): Promise<RestAnswer> {
    if (!body || typeof body !== 'object') throw permintaanTidakValid('ISI PERMINTAAN KOSONG');
    const fields = body as Record<string, unknown>;
    const kdReferensi = text(fields, 'kd_referensi');
    const nik = text(fields, 'nik');
    const kdKantor = text(fields, 'kd_kantor');
    const kdLayanan = text(fields, 'kd_layanan')?.toUpperCase();
    const tglKunjungan = isoFromLegacyDate(text(fields, 'tgl_kunjungan') ?? '');
    const sumber = text(fields, 'sumber')?.toUpperCase() ?? 'WEB';
    const nama = text(fields, 'nama')?.replace(/\s+/g, ' ').toUpperCase() ?? null;
    const noHp = text(fields, 'no_hp') ?? null;
    if (!kdReferensi || !REFERENCE.test(kdReferensi)) throw permintaanTidakValid('KD_REFERENSI TIDAK VALID');
    if (!nik || !NIK.test(nik)) throw permintaanTidakValid('NIK TIDAK VALID');
    if (!kdKantor || !KANTOR.test(kdKantor)) throw permintaanTidakValid('KD_KANTOR TIDAK VALID');
    if (!kdLayanan || !(kdLayanan in LAYANAN)) throw permintaanTidakValid('KD_LAYANAN TIDAK VALID');
    if (!tglKunjungan || legacyDate(tglKunjungan) !== text(fields, 'tgl_kunjungan') || Number.isNaN(Date.parse(`${tglKunjungan}T00:00:00Z`)) || new Date(`${tglKunjungan}T00:00:00Z`).toISOString().slice(0, 10) !== tglKunjungan) throw permintaanTidakValid('TGL_KUNJUNGAN TIDAK VALID');
    if (!(SUMBER as readonly string[]).includes(sumber)) throw permintaanTidakValid('SUMBER TIDAK VALID');
    if (nama !== null && nama.length > 60) throw permintaanTidakValid('NAMA TERLALU PANJANG');
    if (noHp !== null && !PHONE.test(noHp)) throw permintaanTidakValid('NO_HP TIDAK VALID');
    try {
      return sukses(antrianJson(await book(db, { kdReferensi, nik, nama, noHp, kdKantor, kdLayanan, tglKunjungan, sumber }, options.rules, options.now())));
    } catch (error) {
      return refused(error);
    }
  }

  async function move(id: string | undefined, to: 'CHECK_IN' | 'BATAL', body: unknown): Promise<RestAnswer> {
    if (!id || !ID.test(id)) throw permintaanTidakValid('ID_ANTRIAN TIDAK VALID');
    const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const loket = text(fields, 'loket')?.toUpperCase();
    if (loket !== undefined && !LOKET.test(loket)) throw permintaanTidakValid('LOKET TIDAK VALID');
    const ket = text(fields, 'ket')?.toUpperCase().slice(0, 100);
    try {
      const moved = await moveBooking(db, Number(id), to, { loket, keterangan: ket ?? (to === 'BATAL' ? 'DIBATALKAN PEMOHON' : null), now: options.now() });
      return moved ? sukses(antrianJson(moved)) : tidakDitemukan();
    } catch (error) {
      return refused(error);
    }
  }

  return [
    { method: 'GET', path: '/api/ping', handle: () => sukses({ aplikasi: 'SIAP ANTRI', waktu: legacyDateTime(stampOf(options.now())) }) },
    {
      method: 'GET',
      path: '/api/antrian',
      handle: async ({ query }) => {
        const ids = keyList(query, 'id', ID, MAX_KEYS);
        const niks = keyList(query, 'nik', NIK, MAX_KEYS);
        const references = keyList(query, 'kd_referensi', REFERENCE, MAX_KEYS);
        if ([ids, niks, references].filter((k) => k.length > 0).length !== 1) throw permintaanTidakValid('ISI SALAH SATU: ID, NIK ATAU KD_REFERENSI');
        const found = ids.length > 0 ? await bookingsById(db, ids.map(Number)) : niks.length > 0 ? await bookingsByNik(db, niks) : await bookingsByReference(db, references);
        return found.length === 0 ? tidakDitemukan() : sukses(found.map(antrianJson));
      },
    },
    { method: 'POST', path: '/api/antrian', handle: ({ body }) => create(body) },
    { method: 'POST', path: '/api/antrian/:id/checkin', handle: ({ params, body }) => move(params.id, 'CHECK_IN', body) },
    { method: 'POST', path: '/api/antrian/:id/batal', handle: ({ params, body }) => move(params.id, 'BATAL', body) },
    {
      method: 'GET',
      path: '/api/daftar-antrian',
      slowMs: options.listSlowMs,
      handle: async ({ query }) => {
        const filter = listFilter(query);
        const page = pageOf(query, { defaultPerPage: 20, maxPerPage: 100 });
        const { bookings, total } = await listBookings(db, filter, { offset: page.offset, limit: page.perHalaman });
        return sukses(bookings.map(antrianJson), pageInfo(page, total));
      },
    },
    { method: 'GET', path: '/api/rekap', handle: async ({ query }) => sukses(await countByStatus(db, listFilter(query))) },
    {
      method: 'GET',
      path: '/api/kuota',
      handle: async ({ query }) => {
        const kdKantor = query.get('kd_kantor') ?? '';
        const kdLayanan = (query.get('kd_layanan') ?? '').toUpperCase();
        if (!KANTOR.test(kdKantor)) throw permintaanTidakValid('KD_KANTOR TIDAK VALID');
        if (!(kdLayanan in LAYANAN)) throw permintaanTidakValid('KD_LAYANAN TIDAK VALID');
        const jumlah = query.get('jumlah') ?? '5';
        if (!/^\d{1,2}$/.test(jumlah) || Number(jumlah) < 1 || Number(jumlah) > 31) throw permintaanTidakValid('JUMLAH HARUS 1 SAMPAI 31');
        const now = options.now();
        const days = await freeDays(db, kdKantor, kdLayanan, date(query, 'tgl_dari') ?? stampOf(now).slice(0, 10), Number(jumlah), options.rules, now);
        if (days === undefined) return ditolak(KODE.LAYANAN_TIDAK_TERSEDIA, 'LAYANAN TIDAK TERSEDIA DI KANTOR INI');
        return sukses(days.map((d) => ({ tanggal: legacyDate(d.tanggal), kuota: d.kuota, sisa: d.sisa })));
      },
    },
    {
      method: 'GET',
      path: '/api/riwayat',
      handle: async ({ query }) => {
        const sejak = query.get('sejak') ?? '0';
        const jumlah = query.get('jumlah') ?? '100';
        if (!/^\d{1,10}$/.test(sejak)) throw permintaanTidakValid('SEJAK TIDAK VALID');
        if (!/^\d{1,3}$/.test(jumlah) || Number(jumlah) < 1 || Number(jumlah) > 500) throw permintaanTidakValid('JUMLAH HARUS 1 SAMPAI 500');
        // An empty log after the entry is an empty list here, not 14: the poller asks all day long.
        return sukses((await changesAfter(db, Number(sejak), Number(jumlah))).map(perubahanJson));
      },
    },
  ];
}
