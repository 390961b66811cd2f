import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import { Random } from '../world/random';
import type { Order } from './orders';
import { callbackJson } from './records';
import { CALLBACK_TABLE, SETELAN_TABLE, STATUS_KIRIM } from './schema';

/**
 * The partner's webhooks, as the real one behaves: on every status change it POSTs the order's
 * new state to the caller's callback URL, signed (`X-Ojol-Signature: sha256=<hex HMAC-SHA256 of
 * the raw body with the shared secret>`, `X-Ojol-Timestamp: <epoch seconds>`, the same moment as
 * the body's signed `waktu_kirim`). And as the real one does, sometimes twice, sometimes late
 * (held back some seconds, so that a later change can overtake it: PICKED_UP after DELIVERED),
 * and, when the caller does not accept it (down, non-2xx), tried again a few times with growing
 * pauses and then given up: the caller must poll the feed.
 *
 * The quirks are knobs in tb_setelan_callback (the partner's operators' screen; tests and the
 * officer CLI set them through ./back-office.ts). Whether a change is sent twice or late is drawn
 * when the change is queued, from a PRNG seeded with the knobs' seed and the change's id: the
 * same seed gives the same quirks, in any process that makes the change.
 */
export interface CallbackQuirks {
  /** Chance (0 to 1) that a change is sent twice. */
  duplicateChance: number;
  /** Chance (0 to 1) that a change is held back. */
  delayChance: number;
  /** A held-back change waits between half of this and this, in ms. */
  delayMs: number;
  /** Attempts before a callback is given up. */
  maxAttempts: number;
  /** Pause before the second attempt, doubled for each further one, in ms. */
  retryMs: number;
  seed: number;
}

export const DEFAULT_QUIRKS: CallbackQuirks = { duplicateChance: 0.1, delayChance: 0.1, delayMs: 5_000, maxAttempts: 5, retryMs: 2_000, seed: 22 };

const SETTINGS_ID = 1;

function toRow(q: CallbackQuirks): Record<string, number> {
  return {
    peluang_ganda: Math.round(q.duplicateChance * 1000),
    peluang_tunda: Math.round(q.delayChance * 1000),
    tunda_ms: Math.round(q.delayMs),
    maks_percobaan: q.maxAttempts,
    jeda_ulang_ms: Math.round(q.retryMs),
    benih: q.seed,
  };
}

export async function readQuirks(db: Knex): Promise<CallbackQuirks> {
  const [row] = (await db(SETELAN_TABLE).where({ id: SETTINGS_ID })) as Array<Record<string, number | string>>;
  if (!row) return DEFAULT_QUIRKS;
  return {
    duplicateChance: Number(row.peluang_ganda) / 1000,
    delayChance: Number(row.peluang_tunda) / 1000,
    delayMs: Number(row.tunda_ms),
    maxAttempts: Number(row.maks_percobaan),
    retryMs: Number(row.jeda_ulang_ms),
    seed: Number(row.benih),
  };
}

export async function writeQuirks(db: Knex, change: Partial<CallbackQuirks>): Promise<CallbackQuirks> {
  const next = { ...(await readQuirks(db)), ...change };
  const chance = (v: number) => Number.isFinite(v) && v >= 0 && v <= 1;
  if (!chance(next.duplicateChance) || !chance(next.delayChance)) throw new Error('chances are between 0 and 1');
  if (!(next.delayMs >= 0) || !(next.retryMs >= 0) || !Number.isInteger(next.maxAttempts) || next.maxAttempts < 1 || next.maxAttempts > 20 || !Number.isInteger(next.seed)) {
    throw new Error('delays are 0 ms or more, attempts 1 to 20, the seed a whole number');
  }
  const updated = await db(SETELAN_TABLE).where({ id: SETTINGS_ID }).update(toRow(next));
  if (updated === 0) await db(SETELAN_TABLE).insert({ id: SETTINGS_ID, ...toRow(next) });
  return next;
}

/** What the partner does with change `eventId`: a pure function of the knobs (their seed) and the id. */
export function drawQuirks(quirks: CallbackQuirks, eventId: number): { late: number; twice: boolean; copyAfterMs: number } {
  const rng = new Random((quirks.seed * 1_000_003 + eventId) >>> 0);
  const late = rng.chance(quirks.delayChance) ? Math.round(quirks.delayMs * (0.5 + rng.next() / 2)) : 0;
  const twice = rng.chance(quirks.duplicateChance);
  return { late, twice, copyAfterMs: Math.round(rng.next() * 1000) };
}

/** Queues the callback(s) for the order's last change, in the caller's transaction. */
export async function enqueueCallback(trx: Knex.Transaction, order: Order, now: Date): Promise<void> {
  const last = order.riwayat.at(-1);
  if (!last) return;
  const { late, twice, copyAfterMs } = drawQuirks(await readQuirks(trx), last.id_riwayat);
  const base = {
    id_riwayat: last.id_riwayat,
    id_order: order.row.id_order,
    isi: JSON.stringify(callbackJson(order)),
    percobaan: 0,
    status_kirim: STATUS_KIRIM.ANTRI,
    dibuat: last.waktu,
  };
  const at = now.getTime() + late;
  await trx(CALLBACK_TABLE).insert({ ...base, kirim_setelah: at });
  // The copy follows within a second (the partner's two workers both picked the change up).
  if (twice) await trx(CALLBACK_TABLE).insert({ ...base, kirim_setelah: at + copyAfterMs });
}

export function signatureOf(rawBody: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

/** The signed request the partner sends for a queued callback at `now`. */
export function signedCallback(isi: string, secret: string, now: Date): { body: string; headers: Record<string, string> } {
  const sentAt = Math.floor(now.getTime() / 1000);
  const body = JSON.stringify({ ...(JSON.parse(isi) as Record<string, unknown>), waktu_kirim: sentAt });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'MitraOjol-Webhook/2.3',
      'x-ojol-signature': signatureOf(body, secret),
      'x-ojol-timestamp': String(sentAt),
    },
  };
}

export interface CallbackRow {
  id_callback: number;
  id_riwayat: number;
  id_order: number;
  isi: string;
  kirim_setelah: number;
  percobaan: number;
  status_kirim: string;
  http_terakhir: number | null;
  galat: string | null;
  dibuat: string;
  terkirim: string | null;
}

export async function callbacksOf(db: Knex, filter: { idOrder?: number; limit?: number } = {}): Promise<CallbackRow[]> {
  const q = db(CALLBACK_TABLE).orderBy('id_callback', 'desc').limit(filter.limit ?? 50);
  if (filter.idOrder !== undefined) q.where({ id_order: filter.idOrder });
  return ((await q) as Array<Record<string, unknown>>).map((r) => ({
    ...(r as unknown as CallbackRow),
    id_callback: Number(r.id_callback),
    id_riwayat: Number(r.id_riwayat),
    id_order: Number(r.id_order),
    kirim_setelah: Number(r.kirim_setelah),
    percobaan: Number(r.percobaan),
  }));
}

export interface DispatcherOptions {
  /** Where callbacks go; none: they wait in the queue. */
  url: string | undefined;
  secret: string;
  now: () => Date;
  /** How long the caller may take to accept one (default 5 s). */
  timeoutMs?: number;
  /** How often the queue is looked at; 0: only when runOnce() is called (tests). */
  intervalMs: number;
  stamp: (now: Date) => string;
  log?: (line: string) => void;
}

/** The partner's webhook worker over tb_callback: due rows in order, one at a time. */
export class CallbackDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private paused = false;

  constructor(
    private readonly db: Knex,
    private readonly options: DispatcherOptions,
  ) {}

  start(): void {
    this.paused = false;
    if (this.options.intervalMs > 0 && !this.timer) {
      this.timer = setInterval(() => void this.runOnce().catch((error: unknown) => this.options.log?.(`ojol callbacks: ${String(error)}`)), this.options.intervalMs);
      this.timer.unref();
    }
  }

  /** The host is down: nothing is sent until start() again. */
  async stop(): Promise<void> {
    this.paused = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** Sends every callback due now; returns how many were attempted. Concurrent calls share one run. */
  runOnce(): Promise<number> {
    if (this.paused || !this.options.url) return Promise.resolve(0);
    this.running ??= this.sendDue().finally(() => (this.running = undefined));
    return this.running;
  }

  private async sendDue(): Promise<number> {
    const nowMs = this.options.now().getTime();
    const due = ((await this.db(CALLBACK_TABLE).where({ status_kirim: STATUS_KIRIM.ANTRI }).where('kirim_setelah', '<=', nowMs).orderBy([{ column: 'kirim_setelah' }, { column: 'id_callback' }]).limit(50)) as Array<Record<string, unknown>>);
    const quirks = await readQuirks(this.db);
    let attempted = 0;
    for (const raw of due) {
      if (this.paused) break;
      attempted += 1;
      await this.sendOne(raw, quirks);
    }
    return attempted;
  }

  private async sendOne(raw: Record<string, unknown>, quirks: CallbackQuirks): Promise<void> {
    const now = this.options.now();
    const { body, headers } = signedCallback(String(raw.isi), this.options.secret, now);
    let http: number | null = null;
    let galat: string | null = null;
    try {
      const response = await fetch(this.options.url!, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000) });
      http = response.status;
      await response.arrayBuffer().catch(() => undefined);
      if (response.status < 200 || response.status >= 300) galat = `HTTP ${response.status}`;
    } catch (error) {
      // Duck-typed: fetch's errors may come from another realm (instanceof Error fails under jest).
      const failure = error as { name?: unknown; cause?: { code?: unknown } } | null;
      galat = String(failure?.cause?.code ?? failure?.name ?? 'ERROR').slice(0, 200);
    }
    const percobaan = Number(raw.percobaan) + 1;
    const done = galat === null;
    const givenUp = !done && percobaan >= quirks.maxAttempts;
    await this.db(CALLBACK_TABLE)
      .where({ id_callback: raw.id_callback })
      .update({
        percobaan,
        http_terakhir: http,
        galat,
        status_kirim: done ? STATUS_KIRIM.TERKIRIM : givenUp ? STATUS_KIRIM.GAGAL : STATUS_KIRIM.ANTRI,
        terkirim: done ? this.options.stamp(this.options.now()) : null,
        kirim_setelah: done || givenUp ? Number(raw.kirim_setelah) : now.getTime() + quirks.retryMs * 2 ** (percobaan - 1),
      });
  }
}
