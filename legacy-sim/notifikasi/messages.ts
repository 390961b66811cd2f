import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { bagianOf, biayaOf } from './parts';
import { planFor, type DeliveryRules } from './plan';
import { FINAL_STATUSES, GAGAL, GAGAL_SEGERA, LAPORAN_TABLE, PENGATURAN, PENGATURAN_TABLE, PESAN_TABLE, REF_KLIEN_MAX, STATUS, SUMBER, type Kanal } from './schema';
import { oneWriteAtATime } from '../base/write-queue';

/**
 * What the gateway does to its tables, for its API (./api.ts), its background work (./server.ts)
 * and its back-office staff (./back-office.ts) alike. Time is the application's clock (`now`), so
 * tests can let the operator's reports arrive at once.
 *
 * Every write runs in one transaction that starts by bumping the KUNCI_TULIS row: on MariaDB that
 * row lock queues writers (API, background work and back office alike), so report ids are handed
 * out and committed in the same order and a reader of the "since" feed never sees id 12 before
 * id 11 is there. In this process writes are also queued, because SQLite cannot wait for a lock
 * held by a transaction of the same (single-threaded) process.
 */
export const NOTIFIKASI_TIME_ZONE = 'Asia/Jakarta';

/** The vendor dedupes a client reference for this long after the first message that carried it. */
export const DEDUPE_HOURS = 24;

export interface PesanRow {
  id_pesan: number;
  ref_klien: string | null;
  kanal: Kanal;
  no_tujuan: string;
  isi_pesan: string;
  jml_bagian: number;
  biaya: number;
  kd_status: number;
  kd_gagal: string | null;
  url_callback: string | null;
  tgl_terima: string;
  tgl_kirim: string | null;
  tgl_laporan: string | null;
  jadwal_kirim: string;
  jadwal_laporan: string;
  rencana_status: number;
  rencana_gagal: string | null;
}

export interface LaporanRow {
  id_laporan: number;
  id_pesan: number;
  kd_status: number;
  kd_gagal: string | null;
  waktu: string;
  sumber: string;
  status_callback: string | null;
}

/** A report with the fields of its message that the feed shows. */
export type LaporanPesan = LaporanRow & Pick<PesanRow, 'ref_klien' | 'kanal' | 'no_tujuan' | 'url_callback'>;

export function stampOf(now: Date): string {
  return localDateTimeIn(NOTIFIKASI_TIME_ZONE, now);
}

/** One write at a time per database handle in this process, each under the KUNCI_TULIS row lock (see above). */
function locked<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return oneWriteAtATime(db, () =>
    db.transaction(async (trx) => {
      await trx(PENGATURAN_TABLE).where({ nama: PENGATURAN.KUNCI }).update({ nilai: trx.raw(`CAST(CAST(nilai AS ${castInteger(db)}) + 1 AS CHAR)`) });
      return work(trx);
    }),
  );
}

function castInteger(db: Knex): string {
  return db.client.config.client === 'mysql2' ? 'SIGNED' : 'INTEGER';
}

export interface NewMessage {
  kanal: Kanal;
  /** '628…' (normalised by the API). */
  noTujuan: string;
  isi: string;
  refKlien: string | null;
  urlCallback: string | null;
}

export interface Accepted {
  pesan: PesanRow;
  /** True when the reference was seen within DEDUPE_HOURS: `pesan` is the first message, nothing new was stored. */
  duplikat: boolean;
}

/**
 * Accepts a message: stores it with its parts, price and plan. A reference the gateway saw within
 * the last 24 hours answers the first message instead (after that the same reference makes a new
 * message: the vendor's window, not ours). References are cut to 32 characters first, silently,
 * as the vendor's column does.
 */
export async function acceptMessage(db: Knex, message: NewMessage, rules: DeliveryRules, now: Date): Promise<Accepted> {
  const stamp = stampOf(now);
  const ref = message.refKlien === null ? null : message.refKlien.slice(0, REF_KLIEN_MAX);
  return locked(db, async (trx) => {
    if (ref !== null) {
      const since = stampOf(new Date(now.getTime() - DEDUPE_HOURS * 3_600_000));
      const [first] = (await trx(PESAN_TABLE).where({ ref_klien: ref }).where('tgl_terima', '>=', since).orderBy('id_pesan').limit(1)) as PesanRow[];
      if (first) return { pesan: first, duplikat: true };
    }
    const { parts } = bagianOf(message.kanal, message.isi);
    const row: Omit<PesanRow, 'id_pesan'> = {
      ref_klien: ref,
      kanal: message.kanal,
      no_tujuan: message.noTujuan,
      isi_pesan: message.isi,
      jml_bagian: parts,
      biaya: biayaOf(message.kanal, parts),
      kd_status: STATUS.ANTRI,
      kd_gagal: null,
      url_callback: message.urlCallback,
      tgl_terima: stamp,
      tgl_kirim: null,
      tgl_laporan: null,
      // Placeholders until the id is known (the plan is drawn from it).
      jadwal_kirim: stamp,
      jadwal_laporan: stamp,
      rencana_status: STATUS.DITERIMA,
      rencana_gagal: null,
    };
    const [inserted] = await trx(PESAN_TABLE).insert(row);
    const id = Number(inserted);
    const plan = planFor(rules, id, message.kanal, message.noTujuan, now);
    const planned = { jadwal_kirim: stampOf(plan.kirim), jadwal_laporan: stampOf(plan.laporan), rencana_status: plan.status, rencana_gagal: plan.gagal };
    await trx(PESAN_TABLE).where({ id_pesan: id }).update(planned);
    return { pesan: { ...row, ...planned, id_pesan: id }, duplikat: false };
  });
}

export async function messagesById(db: Knex, ids: readonly number[]): Promise<PesanRow[]> {
  return (await db(PESAN_TABLE).whereIn('id_pesan', [...ids]).orderBy('id_pesan')) as PesanRow[];
}

/** Every message under these references (cut to 32 characters, as stored), oldest first, whatever their age. */
export async function messagesByRef(db: Knex, refs: readonly string[]): Promise<PesanRow[]> {
  return (await db(PESAN_TABLE).whereIn('ref_klien', refs.map((r) => r.slice(0, REF_KLIEN_MAX))).orderBy('id_pesan')) as PesanRow[];
}

/** Messages to a number ('628…'), newest first. */
export async function messagesTo(db: Knex, noTujuan: string, limit: number): Promise<PesanRow[]> {
  return (await db(PESAN_TABLE).where({ no_tujuan: noTujuan }).orderBy('id_pesan', 'desc').limit(limit)) as PesanRow[];
}

/** Messages still waiting for their last report, oldest first. */
export async function openMessages(db: Knex, limit: number): Promise<PesanRow[]> {
  return (await db(PESAN_TABLE).whereIn('kd_status', [STATUS.ANTRI, STATUS.TERKIRIM]).orderBy('id_pesan').limit(limit)) as PesanRow[];
}

async function report(trx: Knex.Transaction, pesan: Pick<PesanRow, 'id_pesan' | 'url_callback'>, kdStatus: number, kdGagal: string | null, waktu: string, sumber: string): Promise<void> {
  await trx(LAPORAN_TABLE).insert({ id_pesan: pesan.id_pesan, kd_status: kdStatus, kd_gagal: kdGagal, waktu, sumber, status_callback: pesan.url_callback ? 'N' : null });
}

const SWEEP_BATCH = 500;

/**
 * The operator's reports whose time has come, as the gateway receives them: handovers
 * (ANTRI → TERKIRIM, or GAGAL at once for E01/E04), then last reports (TERKIRIM → as planned),
 * each stamped with its planned time. Each row changes once, whoever sweeps at the same time (the
 * update is conditional on the old status), and a message a back-office officer settled by hand
 * is left as it is. Returns the number of reports written.
 */
export async function sweep(db: Knex, now: Date): Promise<number> {
  const stamp = stampOf(now);
  const due = async (q: Knex | Knex.Transaction) => {
    const handover = (await q(PESAN_TABLE).where({ kd_status: STATUS.ANTRI }).where('jadwal_kirim', '<=', stamp).orderBy('id_pesan').limit(SWEEP_BATCH)) as PesanRow[];
    const last = (await q(PESAN_TABLE).where({ kd_status: STATUS.TERKIRIM }).where('jadwal_laporan', '<=', stamp).orderBy('id_pesan').limit(SWEEP_BATCH)) as PesanRow[];
    return { handover, last };
  };
  // Most calls find nothing due: look before taking the write lock.
  const peek = await due(db);
  if (peek.handover.length === 0 && peek.last.length === 0) return 0;
  return locked(db, async (trx) => {
    let written = 0;
    for (const row of (await due(trx)).handover) {
      const failsAtOnce = row.rencana_status === STATUS.GAGAL && GAGAL_SEGERA.includes(row.rencana_gagal ?? '');
      const change = failsAtOnce
        ? { kd_status: STATUS.GAGAL, kd_gagal: row.rencana_gagal, tgl_laporan: row.jadwal_kirim }
        : { kd_status: STATUS.TERKIRIM, tgl_kirim: row.jadwal_kirim };
      if ((await trx(PESAN_TABLE).where({ id_pesan: row.id_pesan, kd_status: STATUS.ANTRI }).update(change)) !== 1) continue;
      await report(trx, row, change.kd_status, failsAtOnce ? row.rencana_gagal : null, String(row.jadwal_kirim), SUMBER.OPERATOR);
      written += 1;
    }
    // Includes the ones just handed over whose last report is due too.
    for (const row of (await due(trx)).last) {
      const change = { kd_status: Number(row.rencana_status), kd_gagal: row.rencana_gagal, tgl_laporan: row.jadwal_laporan };
      if ((await trx(PESAN_TABLE).where({ id_pesan: row.id_pesan, kd_status: STATUS.TERKIRIM }).update(change)) !== 1) continue;
      await report(trx, row, change.kd_status, change.kd_gagal, String(row.jadwal_laporan), SUMBER.OPERATOR);
      written += 1;
    }
    return written;
  });
}

export class MessageSettled extends Error {}
export class UnknownMessage extends Error {}

/**
 * A back-office officer settles a message by hand (the operator's report never came, or a resident
 * called to say it did): DITERIMA, or GAGAL with a reason. Only a message still waiting can be settled.
 */
export async function settleByHand(db: Knex, idPesan: number, outcome: { status: typeof STATUS.DITERIMA } | { status: typeof STATUS.GAGAL; kdGagal: string }, now: Date): Promise<PesanRow> {
  const kdGagal = outcome.status === STATUS.GAGAL ? outcome.kdGagal : null;
  if (kdGagal !== null && !GAGAL[kdGagal]) throw new Error(`unknown failure code ${kdGagal} (E01..E04)`);
  const stamp = stampOf(now);
  return locked(db, async (trx) => {
    const [row] = (await trx(PESAN_TABLE).where({ id_pesan: idPesan })) as PesanRow[];
    if (!row) throw new UnknownMessage(`no message ${idPesan}`);
    if (FINAL_STATUSES.includes(Number(row.kd_status))) throw new MessageSettled(`message ${idPesan} is already ${row.kd_status}`);
    const change = { kd_status: outcome.status, kd_gagal: kdGagal, tgl_laporan: stamp, tgl_kirim: row.tgl_kirim ?? stamp };
    await trx(PESAN_TABLE).where({ id_pesan: idPesan }).update(change);
    await report(trx, row, outcome.status, kdGagal, stamp, SUMBER.PETUGAS);
    return { ...row, ...change };
  });
}

/** Reports after `sinceId`, oldest first, with their message's reference, channel and number. */
export async function reportsAfter(db: Knex, sinceId: number, limit: number): Promise<LaporanPesan[]> {
  return (await db(`${LAPORAN_TABLE} as l`)
    .join(`${PESAN_TABLE} as p`, 'p.id_pesan', 'l.id_pesan')
    .where('l.id_laporan', '>', sinceId)
    .orderBy('l.id_laporan')
    .limit(limit)
    .select('l.*', 'p.ref_klien', 'p.kanal', 'p.no_tujuan', 'p.url_callback')) as LaporanPesan[];
}

export async function lastReportId(db: Knex): Promise<number> {
  const [row] = (await db(LAPORAN_TABLE).max({ id: 'id_laporan' })) as Array<{ id: number | string | null }>;
  return Number(row?.id ?? 0);
}

/** Reports whose callback is still to be sent, oldest first. */
export async function pendingCallbacks(db: Knex, limit: number): Promise<LaporanPesan[]> {
  return (await db(`${LAPORAN_TABLE} as l`)
    .join(`${PESAN_TABLE} as p`, 'p.id_pesan', 'l.id_pesan')
    .where('l.status_callback', 'N')
    .orderBy('l.id_laporan')
    .limit(limit)
    .select('l.*', 'p.ref_klien', 'p.kanal', 'p.no_tujuan', 'p.url_callback')) as LaporanPesan[];
}

/** A callback was tried: 'Y' answered, 'E' lost. Never tried again either way (the vendor's rule). */
export async function markCallback(db: Knex, idLaporan: number, outcome: 'Y' | 'E'): Promise<void> {
  await db(LAPORAN_TABLE).where({ id_laporan: idLaporan, status_callback: 'N' }).update({ status_callback: outcome });
}

/** Messages per status and channel accepted on a day (ISO date, WIB), with parts and price: the monthly bill's lines. */
export async function rekap(db: Knex, day: string): Promise<Array<{ kanal: string; kd_status: number; jumlah: number; bagian: number; biaya: number }>> {
  const rows = (await db(PESAN_TABLE)
    .whereBetween('tgl_terima', [`${day} 00:00:00`, `${day} 23:59:59`])
    .select('kanal', 'kd_status')
    .count({ jumlah: '*' })
    .sum({ bagian: 'jml_bagian' })
    .sum({ biaya: 'biaya' })
    .groupBy('kanal', 'kd_status')
    .orderBy(['kanal', 'kd_status'])) as Array<Record<string, string | number | null>>;
  return rows.map((r) => ({ kanal: String(r.kanal), kd_status: Number(r.kd_status), jumlah: Number(r.jumlah), bagian: Number(r.bagian ?? 0), biaya: Number(r.biaya ?? 0) }));
}

/** Messages per second the gateway accepts (per API key), as the operator set it. */
export async function currentRate(db: Knex): Promise<number> {
  const [row] = (await db(PENGATURAN_TABLE).where({ nama: PENGATURAN.RATE }).select('nilai')) as Array<{ nilai: string }>;
  const rate = Number(row?.nilai);
  return Number.isFinite(rate) && rate > 0 ? rate : DEFAULT_RATE;
}

export const DEFAULT_RATE = 10;

export async function setRate(db: Knex, perSecond: number): Promise<void> {
  if (!Number.isInteger(perSecond) || perSecond < 1 || perSecond > 10_000) throw new Error('the rate is a whole number of messages per second, 1 to 10000');
  const changed = await db(PENGATURAN_TABLE).where({ nama: PENGATURAN.RATE }).update({ nilai: String(perSecond) });
  if (changed === 0) await db(PENGATURAN_TABLE).insert({ nama: PENGATURAN.RATE, nilai: String(perSecond) });
}
