import type { Knex } from 'knex';
import { lettersByNik, lettersByNumber, listLetters, type Letter } from './letters';
import { SKPWNI_TABLE } from './schema';

/**
 * What the Dinas's move-out desk does in the application's own screens, done on its tables: the
 * API (and so the gateway) must show these changes on the next call. Cancelling is the one change
 * an issued letter sees (the resident withdrew, or a mistake was found): TERBIT ──► BATAL.
 */
export async function cancelLetter(db: Knex, noSkpwni: string, options: { petugas?: string } = {}): Promise<Letter> {
  const [letter] = await lettersByNumber(db, [noSkpwni]);
  if (!letter) throw new Error(`${SKPWNI_TABLE}: no letter ${noSkpwni}`);
  if (letter.row.status_surat !== 'TERBIT') throw new Error(`${noSkpwni}: cannot cancel a letter in status ${letter.row.status_surat}`);
  // The application keeps no change stamp of its own; the cancelling officer's NIP replaces the issuer's.
  await db(SKPWNI_TABLE).where({ no_skpwni: noSkpwni }).update({ status_surat: 'BATAL', petugas: options.petugas ?? letter.row.petugas });
  return (await lettersByNumber(db, [noSkpwni]))[0]!;
}

export async function showLetter(db: Knex, noSkpwni: string): Promise<Letter | undefined> {
  return (await lettersByNumber(db, [noSkpwni]))[0];
}

export async function lettersOfResident(db: Knex, nik: string): Promise<Letter[]> {
  return lettersByNik(db, [nik]);
}

export async function newestLetters(db: Knex, limit: number): Promise<Letter[]> {
  return (await listLetters(db, { offset: 0, limit })).letters;
}
