import type { Knex } from 'knex';
import { isoFromLegacyDate, legacyDateTime, pageInfo, pageOf, permintaanTidakValid, sukses, tidakDitemukan, type RestAnswer, type RestRoute, catchingUp, keyList } from '../base/rest';
import { KioskRefused, REPORT_STATUSES, cancelPin, countByStatus, issuePin, kioskList, latestWithPin, listPins, logAfter, pinsById, pinsByNik, pinsByReference, redeemPin, stampOf, sweep, type KioskRules, type ListFilter } from './pins';
import { logJson, pinJson } from './records';
import { JENIS_DOKUMEN, KANAL } from './schema';

/**
 * The kiosk application's REST API (base: legacy-sim/base/rest), X-API-Key:
 *   GET  /api/ping
 *   GET  /api/kiosk                                  the kiosks, their mall and status
 *   GET  /api/pin?id=1,2 | ?nik=a,b | ?kd_referensi=x | ?pin=123456   PINs with print job and history; 14 when none
 *   POST /api/pin      {kd_referensi, nik, jenis_dokumen, no_dokumen, kanal}   a PIN valid 15 minutes; 51 reference known
 *   POST /api/pin/:id/batal                          withdraw an unused PIN; 76 when not AKTIF
 *   POST /api/cetak    {id_kiosk, pin}               a kiosk starts printing; 71 unknown PIN, 72 expired,
 *                                                    73 already used, 74 kiosk out of order, 05 unknown kiosk
 *   GET  /api/daftar-pin?id_kiosk=&kode_mall=&status=a,b&tgl_dari=&tgl_sampai=&halaman=&per_halaman=   (slow)
 *   GET  /api/rekap?(same filters)                   PINs per report status
 *   GET  /api/log?sejak=<id_log>&jumlah=             the log after an entry
 * Before answering anything the application does its background work (prints done, PINs expired).
 */
const MAX_KEYS = 200;
const NIK = /^\d{16}$/;
const ID = /^\d{1,10}$/;
const PIN = /^\d{6}$/;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/;
const DOCUMENT_NUMBER = /^[A-Za-z0-9][A-Za-z0-9/._-]{0,39}$/;
const KIOSK = /^ADM-[A-Z0-9]{1,4}-\d{2}$/;

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

function ditolak(status: string, pesan: string): RestAnswer {
  return { http: 200, envelope: { status, pesan, data: null } };
}

function refused(error: unknown): RestAnswer {
  if (error instanceof KioskRefused) return ditolak(error.status, error.pesan);
  throw error;
}

function listFilter(query: URLSearchParams): ListFilter {
  const idKiosk = query.get('id_kiosk') ?? undefined;
  const kodeMall = query.get('kode_mall') ?? undefined;
  if (idKiosk !== undefined && !KIOSK.test(idKiosk)) throw permintaanTidakValid('ID_KIOSK TIDAK VALID');
  if (kodeMall !== undefined && !/^[A-Z0-9]{1,4}$/.test(kodeMall)) throw permintaanTidakValid('KODE_MALL TIDAK VALID');
  return { idKiosk, kodeMall, status: keyList(query, 'status', new RegExp(`^(${REPORT_STATUSES.join('|')})$`), MAX_KEYS), dari: date(query, 'tgl_dari'), sampai: date(query, 'tgl_sampai') };
}

export interface AdmKioskApiOptions {
  rules: KioskRules;
  /** The application's clock (tests move it on; the app itself reads the server's). */
  now: () => Date;
  listSlowMs: number;
}

export function admKioskRoutes(db: Knex, options: AdmKioskApiOptions): RestRoute[] {
  // Every route first lets the application catch up with its clock.
  const route = catchingUp(() => sweep(db, options.now()));

  async function issue(body: unknown): Promise<RestAnswer> {
    if (!body || typeof body !== 'object') throw permintaanTidakValid('ISI PERMINTAAN KOSONG');
    const fields = body as Record<string, unknown>;
    const kdReferensi = text(fields, 'kd_referensi');
    const nik = text(fields, 'nik');
    const jenisDokumen = text(fields, 'jenis_dokumen')?.toUpperCase();
    const noDokumen = text(fields, 'no_dokumen')?.toUpperCase();
    const kanal = text(fields, 'kanal')?.toUpperCase() ?? 'WEB';
    if (!kdReferensi || !REFERENCE.test(kdReferensi)) throw permintaanTidakValid('KD_REFERENSI TIDAK VALID');
    if (!nik || !NIK.test(nik)) throw permintaanTidakValid('NIK TIDAK VALID');
    if (!jenisDokumen || !(JENIS_DOKUMEN as readonly string[]).includes(jenisDokumen)) throw permintaanTidakValid('JENIS_DOKUMEN TIDAK VALID');
    if (!noDokumen || !DOCUMENT_NUMBER.test(noDokumen)) throw permintaanTidakValid('NO_DOKUMEN TIDAK VALID');
    if (!(KANAL as readonly string[]).includes(kanal)) throw permintaanTidakValid('KANAL TIDAK VALID');
    try {
      return sukses(pinJson(await issuePin(db, { kdReferensi, nik, jenisDokumen, noDokumen, kanal }, options.rules, options.now())));
    } catch (error) {
      return refused(error);
    }
  }

  async function print(body: unknown): Promise<RestAnswer> {
    const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const idKiosk = text(fields, 'id_kiosk')?.toUpperCase();
    const pin = text(fields, 'pin');
    if (!idKiosk || !KIOSK.test(idKiosk)) throw permintaanTidakValid('ID_KIOSK TIDAK VALID');
    if (!pin || !PIN.test(pin)) return ditolak('71', 'PIN TIDAK DIKENAL');
    try {
      const started = await redeemPin(db, idKiosk, pin, options.rules, options.now());
      if (!started) throw permintaanTidakValid('ID_KIOSK TIDAK DIKENAL');
      return sukses(pinJson(started));
    } catch (error) {
      return refused(error);
    }
  }

  return [
    { method: 'GET', path: '/api/ping', handle: () => sukses({ aplikasi: 'ADM ANJUNGAN DUKCAPIL MANDIRI', waktu: legacyDateTime(stampOf(options.now())) }) },
    route({ method: 'GET', path: '/api/kiosk', handle: async () => sukses(await kioskList(db)) }),
    route({
      method: 'GET',
      path: '/api/pin',
      handle: async ({ query }) => {
        const ids = keyList(query, 'id', ID, MAX_KEYS);
        const niks = keyList(query, 'nik', NIK, MAX_KEYS);
        const references = keyList(query, 'kd_referensi', REFERENCE, MAX_KEYS);
        const pins = keyList(query, 'pin', PIN, 1);
        if ([ids, niks, references, pins].filter((k) => k.length > 0).length !== 1) throw permintaanTidakValid('ISI SALAH SATU: ID, NIK, KD_REFERENSI ATAU PIN');
        const found = ids.length > 0 ? await pinsById(db, ids.map(Number)) : niks.length > 0 ? await pinsByNik(db, niks) : references.length > 0 ? await pinsByReference(db, references) : [await latestWithPin(db, pins[0]!)].flatMap((p) => p ?? []);
        return found.length === 0 ? tidakDitemukan() : sukses(found.map(pinJson));
      },
    }),
    route({ method: 'POST', path: '/api/pin', handle: ({ body }) => issue(body) }),
    route({
      method: 'POST',
      path: '/api/pin/:id/batal',
      handle: async ({ params }) => {
        if (!params.id || !ID.test(params.id)) throw permintaanTidakValid('ID_PIN TIDAK VALID');
        try {
          const cancelled = await cancelPin(db, Number(params.id), options.now());
          return cancelled ? sukses(pinJson(cancelled)) : tidakDitemukan();
        } catch (error) {
          return refused(error);
        }
      },
    }),
    route({ method: 'POST', path: '/api/cetak', handle: ({ body }) => print(body) }),
    route({
      method: 'GET',
      path: '/api/daftar-pin',
      slowMs: options.listSlowMs,
      handle: async ({ query }) => {
        const filter = listFilter(query);
        const page = pageOf(query, { defaultPerPage: 20, maxPerPage: 100 });
        const { pins, total } = await listPins(db, filter, { offset: page.offset, limit: page.perHalaman });
        return sukses(pins.map(pinJson), pageInfo(page, total));
      },
    }),
    route({ method: 'GET', path: '/api/rekap', handle: async ({ query }) => sukses(await countByStatus(db, listFilter(query))) }),
    route({
      method: 'GET',
      path: '/api/log',
      handle: async ({ query }) => {
        const sejak = query.get('sejak') ?? '0';
        const jumlah = query.get('jumlah') ?? '100';
        if (!/^\d{1,10}$/.test(sejak)) throw permintaanTidakValid('SEJAK TIDAK VALID');
        if (!/^\d{1,3}$/.test(jumlah) || Number(jumlah) < 1 || Number(jumlah) > 500) throw permintaanTidakValid('JUMLAH HARUS 1 SAMPAI 500');
        return sukses((await logAfter(db, Number(sejak), Number(jumlah))).map(({ log, pin }) => logJson(log, pin)));
      },
    }),
  ];
}
