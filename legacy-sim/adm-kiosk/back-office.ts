import type { Knex } from 'knex';
import { cancelPin, failPrint, kioskList, listPins, pinsById, pinsByNik, setKioskStatus, sweep, type PinRecord } from './pins';

/**
 * What the Dinas's kiosk desk does in the application's own screens, done on its tables: the API
 * (and so the gateway, through the log) must show these changes on the next call.
 *   - a kiosk reports a print failed (paper jam, no ink): PROSES → GAGAL;
 *   - an officer withdraws an unused PIN (the resident called): AKTIF → BATAL;
 *   - a kiosk is put out of order (RUSAK) or back (AKTIF).
 */
export async function failPrintJob(db: Knex, idPin: number, keterangan: string, options: { petugas?: string; now?: Date } = {}): Promise<PinRecord> {
  const now = options.now ?? new Date();
  await sweep(db, now);
  const failed = await failPrint(db, idPin, keterangan.toUpperCase(), now, options.petugas ?? null);
  if (!failed) throw new Error(`t_cetak: no print job for PIN ${idPin}`);
  return failed;
}

export async function withdrawPin(db: Knex, idPin: number, options: { petugas?: string; now?: Date } = {}): Promise<PinRecord> {
  const now = options.now ?? new Date();
  await sweep(db, now);
  const cancelled = await cancelPin(db, idPin, now, { petugas: options.petugas ?? null, keterangan: 'DIBATALKAN PETUGAS' });
  if (!cancelled) throw new Error(`t_pin: no PIN ${idPin}`);
  return cancelled;
}

export { kioskList, setKioskStatus };

export async function showPin(db: Knex, idPin: number): Promise<PinRecord | undefined> {
  return (await pinsById(db, [idPin]))[0];
}

export async function pinsOfResident(db: Knex, nik: string): Promise<PinRecord[]> {
  return pinsByNik(db, [nik]);
}

export async function latestPins(db: Knex, limit: number): Promise<PinRecord[]> {
  const { total } = await listPins(db, {}, { offset: 0, limit: 1 });
  return (await listPins(db, {}, { offset: Math.max(0, total - limit), limit })).pins;
}
