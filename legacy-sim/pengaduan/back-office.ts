import type { Knex } from 'knex';
import { complaintsBy, listComplaints, respond, type Pengaduan } from './complaints';
import { STATUS } from './schema';

/**
 * What the complaints desk's officers do in the application's own screens, done on its tables:
 * the API (and so the gateway, through the "since" feed) must show these on the next call.
 */
export async function answerComplaint(db: Knex, noTiket: string, petugas: string, isi: string): Promise<Pengaduan> {
  return respond(db, { noTiket, noReferensi: null, petugas: petugas.toUpperCase(), isi, kdStatus: null });
}

/** Moves a complaint to another status (see ALLOWED_MOVES), with an optional note. */
export async function setStatus(db: Knex, noTiket: string, kdStatus: number, petugas: string, note: string | null = null): Promise<Pengaduan> {
  return respond(db, { noTiket, noReferensi: null, petugas: petugas.toUpperCase(), isi: note, kdStatus });
}

export async function closeComplaint(db: Knex, noTiket: string, petugas: string): Promise<Pengaduan> {
  return setStatus(db, noTiket, STATUS.SELESAI, petugas);
}

export async function showComplaint(db: Knex, noTiket: string): Promise<Pengaduan | undefined> {
  return (await complaintsBy(db, 'no_tiket', [noTiket]))[0];
}

export async function complaintsOfResident(db: Knex, nik: string): Promise<Pengaduan[]> {
  return complaintsBy(db, 'nik_pelapor', [nik]);
}

export async function openComplaints(db: Knex, limit: number): Promise<Pengaduan[]> {
  const { rows } = await listComplaints(db, { statuses: [STATUS.BARU, STATUS.DIPROSES] }, { offset: 0, limit });
  return rows.map((row) => ({ row, riwayat: [] }));
}
