import { readFileSync, writeFileSync } from 'node:fs';
import type { Knex } from 'knex';
import type { LegacyStorage } from '@core/config/shared';
import { archiveRoot, fileOf } from './files';
import type { ArsipRow } from './rows';
import { ARSIP_TABLE } from './schema';

/** What the archive's officers do in its own screens (and what goes wrong on its disk). */
export async function documentsOfOwner(db: Knex, nik: string): Promise<ArsipRow[]> {
  return (await db(ARSIP_TABLE).where({ nik_pemilik: nik }).orderBy('tgl_unggah')) as ArsipRow[];
}

export async function showDocument(db: Knex, id: string): Promise<ArsipRow | undefined> {
  return (await db(ARSIP_TABLE).where({ id_arsip: id }).first()) as ArsipRow | undefined;
}

/** Where a row's file is on disk. */
export function pathOf(storage: Pick<LegacyStorage, 'dataDir'>, row: Pick<ArsipRow, 'path_simpan'>): string {
  return fileOf(archiveRoot(storage), row.path_simpan);
}

/**
 * Changes a byte of the stored file without touching its row, as a scanner re-saving a file or a
 * failing disk does: the next read must report the file as corrupt.
 */
export async function damageFile(db: Knex, storage: Pick<LegacyStorage, 'dataDir'>, id: string): Promise<string> {
  const row = await showDocument(db, id);
  if (!row) throw new Error(`${ARSIP_TABLE}: no document ${id}`);
  const file = pathOf(storage, row);
  const content = readFileSync(file);
  content.writeUInt8(content.readUInt8(content.length - 1) ^ 0x5a, content.length - 1);
  writeFileSync(file, content);
  return file;
}
