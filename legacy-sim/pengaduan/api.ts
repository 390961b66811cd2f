import type { Knex } from 'knex';
import { checkNik } from '@core/domain/nik';
import { localDateTimeIn } from '@core/tenants';
import { STATUS as REST, gagal, isoFromLegacyDate, legacyDateTime, pageInfo, pageOf, permintaanTidakValid, sukses, tidakDitemukan, type RestAnswer, type RestRoute, changeFeedRoutes, keyList } from '../base/rest';
import { DuplicateReference, MoveNotAllowed, PENGADUAN_TIME_ZONE, UnknownTicket, complaintsBy, countByStatus, historySince, lastHistoryId, listComplaints, recordComplaint, respond, type ListFilter, type LookupKey } from './complaints';
import { feedJson, pengaduanJson, ringkasJson } from './records';
import { KATEGORI, KATEGORI_AKTIF, SALURAN, STATUS_KET, UNIT } from './schema';

/**
 * The complaints desk's REST API (base: legacy-sim/base/rest), `X-API-Key`:
 *   GET  /api/ping
 *   GET  /api/pengaduan?no_tiket=a,b | nik=a,b | no_referensi=x | no_permohonan=x,y
 *                                   complaints with their history (`riwayat`), one call; 14 when none
 *   POST /api/pengaduan             a new complaint; 51 if its no_referensi is known
 *   POST /api/pengaduan/:no_tiket/tanggapan   an officer's answer and/or status change;
 *                                   14 unknown ticket, 51 reference known, 62 move not allowed
 *   GET  /api/daftar-pengaduan?status=1,2&kategori=&unit=&tgl_dari=&tgl_sampai=&halaman=&per_halaman=
 *                                   the worklist, newest first, paged with a total (no history)
 *   GET  /api/rekap-status?kategori=&unit=&tgl_dari=&tgl_sampai=   complaints per status
 *   GET  /api/riwayat?sejak_id=&jumlah=        history rows after an id, oldest first (≤ 500)
 *   GET  /api/riwayat/terakhir                 the last history id
 */
const MAX_KEYS = 200;
const MAX_FEED = 500;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/;
const TICKET = /^ADU-\d{6}-\d{5}$/;
const NIK = /^\d{16}$/;
const FREE_KEY = /^[^,]{1,40}$/;

/** The desk's own status for a status change its rules do not allow. */
export const STATUS_TIDAK_DAPAT_DIUBAH = '62';

function text(body: Record<string, unknown>, name: string, max: number): string | null {
  const value = body[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' && typeof value !== 'number') throw permintaanTidakValid(`${name.toUpperCase()} TIDAK VALID`);
  const cleaned = String(value).trim();
  if (cleaned.length > max) throw permintaanTidakValid(`${name.toUpperCase()} TERLALU PANJANG`);
  return cleaned === '' ? null : cleaned;
}

function date(query: URLSearchParams, name: string): string | undefined {
  const raw = query.get(name);
  if (!raw) return undefined;
  const iso = isoFromLegacyDate(raw);
  if (!iso) throw permintaanTidakValid('TANGGAL HARUS DD-MM-YYYY');
  return iso;
}

function filterOf(query: URLSearchParams): ListFilter {
  const statuses = keyList(query, 'status', /^\d$/, MAX_KEYS).map(Number);
  if (statuses.some((s) => !STATUS_KET[s])) throw permintaanTidakValid('STATUS TIDAK DIKENAL');
  const kategori = query.get('kategori') || undefined;
  if (kategori && !KATEGORI[kategori]) throw permintaanTidakValid('KATEGORI TIDAK DIKENAL');
  const unit = query.get('unit') || undefined;
  if (unit && !UNIT.test(unit)) throw permintaanTidakValid('UNIT TIDAK VALID');
  return { statuses, kategori, unit, from: date(query, 'tgl_dari'), to: date(query, 'tgl_sampai') };
}

export function pengaduanRoutes(db: Knex): RestRoute[] {
  async function lookup(query: URLSearchParams): Promise<RestAnswer> {
    const asked: Array<[LookupKey, string[]]> = [
      ['no_tiket', keyList(query, 'no_tiket', TICKET, MAX_KEYS)],
      ['nik_pelapor', keyList(query, 'nik', NIK, MAX_KEYS)],
      ['no_referensi', keyList(query, 'no_referensi', REFERENCE, MAX_KEYS)],
      ['no_permohonan', keyList(query, 'no_permohonan', FREE_KEY, MAX_KEYS)],
    ];
    const given = asked.filter(([, values]) => values.length > 0);
    if (given.length !== 1) throw permintaanTidakValid('ISI SALAH SATU: NO_TIKET, NIK, NO_REFERENSI ATAU NO_PERMOHONAN');
    const [column, values] = given[0]!;
    const found = await complaintsBy(db, column, values);
    return found.length === 0 ? tidakDitemukan() : sukses(found.map(pengaduanJson));
  }

  async function create(body: unknown): Promise<RestAnswer> {
    if (!body || typeof body !== 'object') throw permintaanTidakValid('ISI PERMINTAAN KOSONG');
    const fields = body as Record<string, unknown>;
    const noReferensi = text(fields, 'no_referensi', 40);
    const nik = text(fields, 'nik_pelapor', 16);
    const nama = text(fields, 'nama_pelapor', 60);
    const saluran = text(fields, 'saluran', 1)?.toUpperCase();
    const kategori = text(fields, 'kategori', 2);
    const unit = text(fields, 'unit', 10)?.toUpperCase() ?? null;
    const isi = text(fields, 'isi', 2000);
    if (noReferensi && !REFERENCE.test(noReferensi)) throw permintaanTidakValid('NO_REFERENSI TIDAK VALID');
    if (nik && !checkNik(nik).ok) throw permintaanTidakValid('NIK_PELAPOR TIDAK VALID');
    if (!nama) throw permintaanTidakValid('NAMA_PELAPOR WAJIB DIISI');
    if (!saluran || !(SALURAN as readonly string[]).includes(saluran)) throw permintaanTidakValid('SALURAN TIDAK VALID');
    if (!kategori || !(KATEGORI_AKTIF as readonly string[]).includes(kategori)) throw permintaanTidakValid('KATEGORI TIDAK VALID');
    if (unit && !UNIT.test(unit)) throw permintaanTidakValid('UNIT TIDAK VALID');
    if (!isi || isi.length < 10) throw permintaanTidakValid('ISI PENGADUAN MINIMAL 10 KARAKTER');
    try {
      const saved = await recordComplaint(db, {
        noReferensi, nikPelapor: nik, namaPelapor: nama, noHp: text(fields, 'no_hp', 20), saluran, kdKategori: kategori, kdUnit: unit,
        noPermohonan: text(fields, 'no_permohonan', 40), judul: text(fields, 'judul', 100), isi,
      });
      return sukses(pengaduanJson(saved));
    } catch (error) {
      if (error instanceof DuplicateReference) return gagal(REST.DATA_SUDAH_ADA, 'NO REFERENSI SUDAH TERDAFTAR');
      throw error;
    }
  }

  async function answer(noTiket: string, body: unknown): Promise<RestAnswer> {
    if (!TICKET.test(noTiket)) throw permintaanTidakValid('NO_TIKET TIDAK VALID');
    if (!body || typeof body !== 'object') throw permintaanTidakValid('ISI PERMINTAAN KOSONG');
    const fields = body as Record<string, unknown>;
    const noReferensi = text(fields, 'no_referensi', 40);
    const petugas = text(fields, 'petugas', 30);
    const isi = text(fields, 'isi', 2000);
    const rawStatus = text(fields, 'status', 1);
    const status = rawStatus === null ? null : Number(rawStatus);
    if (noReferensi && !REFERENCE.test(noReferensi)) throw permintaanTidakValid('NO_REFERENSI TIDAK VALID');
    if (!petugas) throw permintaanTidakValid('PETUGAS WAJIB DIISI');
    if (status !== null && !STATUS_KET[status]) throw permintaanTidakValid('STATUS TIDAK DIKENAL');
    if (!isi && status === null) throw permintaanTidakValid('ISI ATAU STATUS WAJIB DIISI');
    try {
      return sukses(pengaduanJson(await respond(db, { noTiket, noReferensi, petugas: petugas.toUpperCase(), isi, kdStatus: status })));
    } catch (error) {
      if (error instanceof UnknownTicket) return tidakDitemukan('NO TIKET TIDAK DITEMUKAN');
      if (error instanceof DuplicateReference) return gagal(REST.DATA_SUDAH_ADA, 'NO REFERENSI SUDAH TERDAFTAR');
      if (error instanceof MoveNotAllowed) return { http: 200, envelope: { status: STATUS_TIDAK_DAPAT_DIUBAH, pesan: 'STATUS TIDAK DAPAT DIUBAH', data: null } };
      throw error;
    }
  }

  return [
    { method: 'GET', path: '/api/ping', handle: () => sukses({ aplikasi: 'PENGADUAN MASYARAKAT', waktu: legacyDateTime(localDateTimeIn(PENGADUAN_TIME_ZONE)) }) },
    { method: 'GET', path: '/api/pengaduan', handle: ({ query }) => lookup(query) },
    { method: 'POST', path: '/api/pengaduan', handle: ({ body }) => create(body) },
    { method: 'POST', path: '/api/pengaduan/:no_tiket/tanggapan', handle: ({ params, body }) => answer(params.no_tiket ?? '', body) },
    {
      method: 'GET',
      path: '/api/daftar-pengaduan',
      handle: async ({ query }) => {
        const filter = filterOf(query);
        const page = pageOf(query, { defaultPerPage: 20, maxPerPage: 100 });
        const { rows, total } = await listComplaints(db, filter, { offset: page.offset, limit: page.perHalaman });
        return sukses(rows.map(ringkasJson), pageInfo(page, total));
      },
    },
    {
      method: 'GET',
      path: '/api/rekap-status',
      handle: async ({ query }) => sukses((await countByStatus(db, filterOf(query))).map((r) => ({ status: r.kd_status, status_ket: STATUS_KET[r.kd_status] ?? '', jumlah: String(r.n) }))),
    },
    ...changeFeedRoutes({ path: '/api/riwayat', sinceParam: 'sejak_id', maxRows: MAX_FEED, after: (since, n) => historySince(db, since, n), json: feedJson, lastId: () => lastHistoryId(db) }),
  ];
}
