import type { Knex } from 'knex';
import { bookingsById, bookingsByNik, closeDay, listBookings, moveBooking, stampOf, type Booking } from './bookings';
import { KUOTA_TABLE, type StatusAntrian } from './schema';

/**
 * What the offices do in the queue application's own screens, done on its tables: the API (and
 * so the gateway, through the change log) must show these changes on the next call.
 *   - the counter calls a ticket and checks it in (CHECK_IN), then finishes it (SELESAI);
 *   - an officer cancels a booking (BATAL), e.g. the counter closed for the day;
 *   - the end-of-day job closes the day: whoever did not come is NO_SHOW;
 *   - the administrator sets a queue's daily quota (or closes the queue at an office).
 */
export interface OfficerOptions {
  /** The officer's NIP. */
  petugas?: string;
  /** The counter, e.g. 'A01'. */
  loket?: string;
  keterangan?: string;
  now?: Date;
}

async function move(db: Knex, id: number, to: StatusAntrian, options: OfficerOptions): Promise<Booking> {
  const moved = await moveBooking(db, id, to, { petugas: options.petugas ?? null, loket: options.loket ?? null, keterangan: options.keterangan ?? null, now: options.now ?? new Date() });
  if (!moved) throw new Error(`tb_antrian: no booking ${id}`);
  return moved;
}

export const checkIn = (db: Knex, id: number, options: OfficerOptions = {}) => move(db, id, 'CHECK_IN', options);
export const serve = (db: Knex, id: number, options: OfficerOptions = {}) => move(db, id, 'SELESAI', options);
export const cancel = (db: Knex, id: number, options: OfficerOptions = {}) => move(db, id, 'BATAL', { keterangan: 'DIBATALKAN PETUGAS', ...options });

/** Closes a day (default today): bookings still BOOKED become NO_SHOW. */
export async function closeTheDay(db: Knex, day?: string, now = new Date()): Promise<number> {
  return closeDay(db, day ?? stampOf(now).slice(0, 10), now);
}

/** Sets a queue's daily places at an office; 0 closes the queue there (new bookings refused with 65). */
export async function setQuota(db: Knex, kdKantor: string, kdLayanan: string, kuotaHarian: number): Promise<void> {
  if (!Number.isInteger(kuotaHarian) || kuotaHarian < 0) throw new Error('kuota must be a whole number, 0 or more');
  const changed = await db(KUOTA_TABLE).where({ kd_kantor: kdKantor, kd_layanan: kdLayanan }).update({ kuota_harian: kuotaHarian, aktif: kuotaHarian > 0 ? 'Y' : 'N' });
  if (changed === 0) await db(KUOTA_TABLE).insert({ kd_kantor: kdKantor, kd_layanan: kdLayanan, kuota_harian: kuotaHarian, aktif: kuotaHarian > 0 ? 'Y' : 'N' });
}

export async function showBooking(db: Knex, id: number): Promise<Booking | undefined> {
  return (await bookingsById(db, [id]))[0];
}

export async function bookingsOfResident(db: Knex, nik: string): Promise<Booking[]> {
  return bookingsByNik(db, [nik]);
}

/** A day's list at an office, as the counter screen shows it. */
export async function dayList(db: Knex, kdKantor: string, day: string): Promise<Booking[]> {
  return (await listBookings(db, { kdKantor, kunjunganDari: day, kunjunganSampai: day }, { offset: 0, limit: 1000 })).bookings;
}
