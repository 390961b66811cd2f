import type { Knex } from 'knex';
import { STATUS as REST, gagal, isoFromLegacyDate, legacyDateTime, permintaanTidakValid, sukses, tidakDitemukan, type RestAnswer, type RestRoute, catchingUp, changeFeedRoutes, keyList } from '../base/rest';
import { acceptMessage, currentRate, lastReportId, messagesById, messagesByRef, rekap, reportsAfter, stampOf, sweep } from './messages';
import { SMS_MAX_PARTS, WA_MAX_CHARS, smsParts } from './parts';
import { normaliseTujuan } from './phones';
import type { DeliveryRules } from './plan';
import { laporanJson, pesanJson } from './records';
import { KANAL, STATUS_KET, type Kanal } from './schema';
import type { SendThrottle } from './throttle';

/**
 * The gateway's REST API (base: legacy-sim/base/rest), `X-API-Key`:
 *   GET  /api/ping
 *   POST /api/kirim  {kanal: SMS|WA, no_tujuan, pesan, ref_klien?, url_callback?}
 *                    a message id; 51 (with the FIRST message as data) when ref_klien was seen in
 *                    the last 24 hours; 05 bad number, empty or too long text; HTTP 429 / 91 with
 *                    Retry-After beyond the rate (nothing stored)
 *   GET  /api/pesan?id=1,2 | ref_klien=a,b     messages with their status (≤ 200); 14 when none
 *   GET  /api/laporan?sejak=<id_laporan>&jumlah=   delivery reports after an id, oldest first (≤ 500)
 *   GET  /api/laporan/terakhir                  the last report id
 *   GET  /api/rekap?tgl=DD-MM-YYYY              messages, parts and price per channel and status for a day
 * Before answering anything the gateway takes in the operators' reports that are due.
 */
const MAX_KEYS = 200;
const MAX_FEED = 500;
const ID = /^\d{1,10}$/;
/** The vendor takes any printable reference up to 100 characters (and keeps the first 32). */
const REF = /^[\x21-\x7e]{1,100}$/;

export interface NotifikasiApiOptions {
  rules: DeliveryRules;
  /** The application's clock (tests move it on). */
  now: () => Date;
  throttle: SendThrottle;
  apiKeyHeader: string;
}

function text(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  // Numbers are taken for no_tujuan (some clients send 6281234567890 as a number).
  if (typeof value !== 'string' && typeof value !== 'number') throw permintaanTidakValid(`${name.toUpperCase()} TIDAK VALID`);
  return String(value);
}

function callbackUrl(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (value.length > 200) throw permintaanTidakValid('URL_CALLBACK TERLALU PANJANG');
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
  } catch {
    // answered below
  }
  throw permintaanTidakValid('URL_CALLBACK TIDAK VALID');
}

export function notifikasiRoutes(db: Knex, options: NotifikasiApiOptions): RestRoute[] {
  // Every route first lets the gateway take in the reports that are due on its clock.
  const route = catchingUp(() => sweep(db, options.now()));

  async function send(body: unknown, apiKey: string): Promise<RestAnswer> {
    const now = options.now();
    // The throttle counts every send, refused ones included, before the message is even read.
    const waitS = options.throttle.take(apiKey, await currentRate(db), now);
    if (waitS !== undefined) return gagal(REST.SIBUK, 'BATAS PENGIRIMAN TERLAMPAUI, COBA LAGI NANTI', 429, { 'retry-after': String(waitS) });
    if (!body || typeof body !== 'object') throw permintaanTidakValid('ISI PERMINTAAN KOSONG');
    const fields = body as Record<string, unknown>;
    const kanal = text(fields, 'kanal')?.trim().toUpperCase();
    if (!kanal || !(KANAL as readonly string[]).includes(kanal)) throw permintaanTidakValid('KANAL HARUS SMS ATAU WA');
    const noTujuan = normaliseTujuan(text(fields, 'no_tujuan') ?? '');
    if (!noTujuan) throw permintaanTidakValid('NO_TUJUAN TIDAK VALID');
    const isi = text(fields, 'pesan');
    if (!isi || isi.trim() === '') throw permintaanTidakValid('PESAN WAJIB DIISI');
    if (kanal === 'SMS' && smsParts(isi).parts > SMS_MAX_PARTS) throw permintaanTidakValid(`PESAN TERLALU PANJANG (MAKSIMAL ${SMS_MAX_PARTS} SMS)`);
    if (kanal === 'WA' && isi.length > WA_MAX_CHARS) throw permintaanTidakValid(`PESAN TERLALU PANJANG (MAKSIMAL ${WA_MAX_CHARS} KARAKTER)`);
    const refKlien = text(fields, 'ref_klien') ?? null;
    if (refKlien !== null && !REF.test(refKlien)) throw permintaanTidakValid('REF_KLIEN TIDAK VALID');
    const accepted = await acceptMessage(db, { kanal: kanal as Kanal, noTujuan, isi, refKlien, urlCallback: callbackUrl(text(fields, 'url_callback')) }, options.rules, now);
    if (accepted.duplikat) {
      // The vendor's 51 carries the first message, unlike the estate's other apps.
      return { http: 200, envelope: { status: REST.DATA_SUDAH_ADA, pesan: 'REF_KLIEN SUDAH DIGUNAKAN', data: pesanJson(accepted.pesan) } };
    }
    return sukses(pesanJson(accepted.pesan));
  }

  return [
    { method: 'GET', path: '/api/ping', handle: () => sukses({ aplikasi: 'GATEWAY NOTIFIKASI SMS/WA', waktu: `${legacyDateTime(stampOf(options.now()))} WIB` }) },
    route({
      method: 'POST',
      path: '/api/kirim',
      handle: ({ body, headers }) => send(body, String(headers[options.apiKeyHeader.toLowerCase()] ?? '')),
    }),
    route({
      method: 'GET',
      path: '/api/pesan',
      handle: async ({ query }) => {
        const ids = keyList(query, 'id', ID, MAX_KEYS);
        const refs = keyList(query, 'ref_klien', REF, MAX_KEYS);
        if ((ids.length > 0) === (refs.length > 0)) throw permintaanTidakValid('ISI SALAH SATU: ID ATAU REF_KLIEN');
        const found = ids.length > 0 ? await messagesById(db, ids.map(Number)) : await messagesByRef(db, refs);
        return found.length === 0 ? tidakDitemukan() : sukses(found.map(pesanJson));
      },
    }),
    ...changeFeedRoutes({ path: '/api/laporan', sinceParam: 'sejak', maxRows: MAX_FEED, after: (since, n) => reportsAfter(db, since, n), json: laporanJson, lastId: () => lastReportId(db) }).map(route),
    route({
      method: 'GET',
      path: '/api/rekap',
      handle: async ({ query }) => {
        const tgl = query.get('tgl');
        const day = tgl ? isoFromLegacyDate(tgl) : stampOf(options.now()).slice(0, 10);
        if (!day) throw permintaanTidakValid('TGL HARUS DD-MM-YYYY');
        return sukses((await rekap(db, day)).map((r) => ({ kanal: r.kanal, status: r.kd_status, ket_status: STATUS_KET[r.kd_status] ?? '', jumlah: r.jumlah, jml_bagian: r.bagian, biaya: r.biaya })));
      },
    }),
  ];
}
