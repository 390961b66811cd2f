import type { Knex } from 'knex';
import { localDateTimeIn } from '@core/tenants';
import { KIA_TIME_ZONE, cardByNumber, cardsByFamily, cardsByNik, issueCard, type NewCard } from './cards';
import type { KiaRow } from './rows';
import { KIA_TABLE, type StatusKia } from './schema';

/**
 * What the KIA counter does in the application's own screens, done on its table: the API (and so
 * the gateway) must show these changes on the next call. The application stamps the change and
 * the officer's NIP itself, so we do too.
 *
 *   TERBIT ──► DICETAK ──► DIAMBIL          (a replacement marks the old card DIGANTI)
 */
const NEXT: Record<StatusKia, readonly StatusKia[]> = {
  TERBIT: ['DICETAK'],
  DICETAK: ['DIAMBIL'],
  DIAMBIL: [],
  DIGANTI: [],
};

/** Statuses as stored, including the first version's words ('BARU', 'SUDAH CETAK', 'Sudah Diambil'). */
export function currentStatus(stored: string): StatusKia | undefined {
  const word = stored.trim().toUpperCase().replace(/\s+/g, ' ');
  const old: Record<string, StatusKia> = { BARU: 'TERBIT', 'SUDAH CETAK': 'DICETAK', 'SUDAH DIAMBIL': 'DIAMBIL' };
  if (old[word]) return old[word];
  return word in NEXT ? (word as StatusKia) : undefined;
}

export async function moveCard(db: Knex, noKia: string, to: StatusKia, options: { petugas?: string; now?: Date } = {}): Promise<KiaRow> {
  const card = await cardByNumber(db, noKia);
  if (!card) throw new Error(`${KIA_TABLE}: no card ${noKia}`);
  const from = currentStatus(card.status_kia);
  if (!from || !NEXT[from].includes(to)) throw new Error(`${noKia}: cannot go from ${card.status_kia} to ${to}; allowed: ${from ? NEXT[from].join(', ') || 'none' : 'none'}`);
  await db(KIA_TABLE).where({ no_kia: noKia }).update({ status_kia: to, tgl_ubah: localDateTimeIn(KIA_TIME_ZONE, options.now), petugas: options.petugas ?? card.petugas });
  return (await cardByNumber(db, noKia))!;
}

/** A card asked for at the counter (no reference), as the officer types it in. */
export async function issueAtCounter(db: Knex, card: Omit<NewCard, 'noPermohonan'>, regency4: string): Promise<KiaRow> {
  return issueCard(db, card, regency4);
}

export async function showCard(db: Knex, noKia: string): Promise<KiaRow | undefined> {
  return cardByNumber(db, noKia);
}

export async function cardsOfChild(db: Knex, nik: string): Promise<KiaRow[]> {
  return cardsByNik(db, [nik]);
}

export async function cardsOfFamily(db: Knex, kk: string): Promise<KiaRow[]> {
  return cardsByFamily(db, [kk]);
}
