import type { Knex } from 'knex';
import { Random } from '../world/random';
import { ALASAN_BATAL_MITRA, ALASAN_GAGAL, drawCourier } from './couriers';
import { changeStatus, openOrders, OjolRefused, type OrderRow } from './orders';
import { DIBATALKAN_OLEH, STATUS } from './schema';

/**
 * "Simulate" mode, for `npm start`: the couriers move orders on by themselves, one step per order
 * every `everyMs` (a courier found; the item picked up; delivered with proof, now and then failed;
 * now and then no courier found at all). Off in tests, which drive every step themselves through
 * ./back-office.ts. Seeded, so a run can be replayed.
 */
export interface Simulation {
  /** Moves every open order one step; returns how many moved. */
  step(): Promise<number>;
  stop(): void;
}

export function nextStep(row: OrderRow, rng: Random): Parameters<typeof changeStatus>[2] | undefined {
  switch (row.kode_status) {
    case STATUS.MENCARI_DRIVER:
      return rng.chance(0.05) ? { kodeStatus: STATUS.DIBATALKAN, alasan: rng.pick(ALASAN_BATAL_MITRA), dibatalkanOleh: DIBATALKAN_OLEH.MITRA } : { kodeStatus: STATUS.DRIVER_DITEMUKAN, driver: drawCourier(rng) };
    case STATUS.DRIVER_DITEMUKAN:
      return { kodeStatus: STATUS.DIJEMPUT };
    case STATUS.DIJEMPUT: {
      if (rng.chance(0.08)) return { kodeStatus: STATUS.GAGAL, alasan: rng.pick(ALASAN_GAGAL) };
      // The courier's phone takes the position where the item was handed over: near the destination.
      const jitter = () => (rng.next() - 0.5) * 0.0004;
      return { kodeStatus: STATUS.SELESAI, bukti: { penerima: row.tujuan_nama, foto: `bukti/${row.no_order}.jpg`, lat: row.tujuan_lat + jitter(), lon: row.tujuan_lon + jitter() } };
    }
    default:
      return undefined;
  }
}

export function startSimulation(db: Knex, options: { everyMs: number; seed: number; now: () => Date; log?: (line: string) => void }): Simulation {
  const rng = new Random(options.seed);
  let busy = false;
  async function step(): Promise<number> {
    if (busy) return 0;
    busy = true;
    let moved = 0;
    try {
      for (const row of await openOrders(db, 200)) {
        const change = nextStep(row, rng);
        if (!change) continue;
        try {
          await changeStatus(db, row.no_order, change, options.now());
          moved += 1;
        } catch (error) {
          // The caller cancelled in the meantime: nothing to move.
          if (!(error instanceof OjolRefused)) throw error;
        }
      }
    } finally {
      busy = false;
    }
    return moved;
  }
  const timer = options.everyMs > 0 ? setInterval(() => void step().catch((error: unknown) => options.log?.(`ojol simulation: ${String(error)}`)), options.everyMs) : undefined;
  timer?.unref();
  return { step, stop: () => clearInterval(timer) };
}
