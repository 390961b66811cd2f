import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { IKD_TIME_ZONE, rowOf } from './register';
import type { IkdRow } from './rows';
import { IKD_TABLE, type StatusAktivasi } from './schema';

/**
 * What happens to an activation outside Gerbang, done on the application's table: the resident
 * registers in the IKD phone app, an officer verifies the face match and QR at the office, and may
 * suspend or reinstate it. The API (and so the gateway) must show these changes on the next call.
 *
 *   (phone app) ──► MENUNGGU VERIFIKASI ──► AKTIF ◄──► DITANGGUHKAN
 *   BELUM AKTIVASI ──(phone app)──┘
 */
const NEXT: Record<StatusAktivasi, readonly StatusAktivasi[]> = {
  'BELUM AKTIVASI': ['MENUNGGU VERIFIKASI'],
  'MENUNGGU VERIFIKASI': ['AKTIF'],
  AKTIF: ['DITANGGUHKAN'],
  DITANGGUHKAN: ['AKTIF'],
};

/** States as stored, including the pilot's words. */
export function currentState(stored: string): StatusAktivasi | undefined {
  const word = stored.trim().toUpperCase().replace(/\s+/g, ' ');
  const pilot: Record<string, StatusAktivasi> = { 'SUDAH AKTIVASI': 'AKTIF', 'PROSES VERIFIKASI': 'MENUNGGU VERIFIKASI', BLOKIR: 'DITANGGUHKAN' };
  return pilot[word] ?? (word in NEXT ? (word as StatusAktivasi) : undefined);
}

export interface ChangeOptions {
  /** Why it is suspended (DITANGGUHKAN). */
  keterangan?: string;
  /** The officer's NIP. */
  petugas?: string;
  now?: Date;
}

/** What the phone app does when a resident registers: a new row, or an unfinished one restarted. */
export async function registerFromPhone(db: Knex, nik: string, perangkat: string, now = new Date()): Promise<IkdRow> {
  const stamp = localDateTimeIn(IKD_TIME_ZONE, now);
  const existing = await rowOf(db, nik);
  if (existing && currentState(existing.status_aktivasi) !== 'BELUM AKTIVASI') throw new Error(`${nik}: already ${existing.status_aktivasi}`);
  const row: IkdRow = { nik, status_aktivasi: 'MENUNGGU VERIFIKASI', tgl_daftar: stamp, tgl_aktivasi: null, perangkat, keterangan: null, petugas: null, tgl_ubah: stamp };
  if (existing) await db(IKD_TABLE).where({ nik }).update(row);
  else await db(IKD_TABLE).insert(row);
  return (await rowOf(db, nik))!;
}

/** An officer's change: verify (AKTIF), suspend (DITANGGUHKAN) or reinstate (AKTIF). */
export async function changeState(db: Knex, nik: string, to: StatusAktivasi, options: ChangeOptions = {}): Promise<IkdRow> {
  const row = await rowOf(db, nik);
  if (!row) throw new Error(`${IKD_TABLE}: no activation for ${nik}`);
  const from = currentState(row.status_aktivasi);
  if (!from || !NEXT[from].includes(to)) throw new Error(`${nik}: cannot go from ${row.status_aktivasi} to ${to}; allowed: ${from ? NEXT[from].join(', ') : 'none'}`);
  if (to === 'DITANGGUHKAN' && !options.keterangan) throw new Error('DITANGGUHKAN needs a keterangan (why)');
  const stamp = localDateTimeIn(IKD_TIME_ZONE, options.now);
  const changes: Partial<IkdRow> = { status_aktivasi: to, tgl_ubah: stamp, petugas: options.petugas ?? row.petugas };
  if (from === 'MENUNGGU VERIFIKASI') changes.tgl_aktivasi = stamp;
  changes.keterangan = to === 'DITANGGUHKAN' ? options.keterangan!.toUpperCase() : null;
  await db(IKD_TABLE).where({ nik }).update(changes);
  return (await rowOf(db, nik))!;
}

/** The oldest registrations waiting for an officer, as the verification screen lists them. */
export async function waitingForVerification(db: Knex, limit: number): Promise<IkdRow[]> {
  return (await db(IKD_TABLE).whereIn('status_aktivasi', ['MENUNGGU VERIFIKASI', 'PROSES VERIFIKASI']).orderBy('tgl_daftar').limit(limit)) as IkdRow[];
}
