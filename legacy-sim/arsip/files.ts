import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LegacyStorage } from '@core/config/shared';
import { ensureAppFolders, locateAppFolders } from '@core/files/app-folders';
import { locateAppDatabase, openAppDatabase } from '@core/sql/app-database';
import { seededContent, seededDamage } from './content';
import { kindOfRow, type ArsipRow } from './rows';
import { ARSIP_TABLE } from './schema';

/**
 * The archive's files on disk. They live under the app's folder tree, `archive/` (located by
 * core/files/app-folders.ts, as the adapter locates it), at each row's `path_simpan`.
 */
export function archiveRoot(storage: Pick<LegacyStorage, 'dataDir'>): string {
  return locateAppFolders('arsip', storage).archive;
}

/** A stored path ('2024\03\X.PDF') on this machine; refuses anything that would leave the root. */
export function fileOf(root: string, stored: string): string {
  const parts = stored.split(/[\\/]+/).filter(Boolean);
  if (parts.length === 0 || parts.some((p) => p === '..' || p === '.')) throw new Error(`arsip: bad stored path ${stored}`);
  return join(root, ...parts);
}

/**
 * Writes the seeded rows' files that are not on disk yet (after provisionSqlEmulator(arsipEmulator)):
 * idempotent, and fast on a second run. Damaged ones (content.ts, seededDamage) are written changed,
 * or not at all. Returns the number of files written.
 */
export async function provisionArsipFiles(storage: LegacyStorage): Promise<number> {
  ensureAppFolders(locateAppFolders('arsip', storage));
  const root = archiveRoot(storage);
  const db = openAppDatabase(locateAppDatabase('arsip', storage), { mustExist: true });
  let written = 0;
  try {
    const rows = (await db(ARSIP_TABLE).whereNull('no_referensi').select('id_arsip', 'path_simpan', 'tipe_konten')) as Array<Pick<ArsipRow, 'id_arsip' | 'path_simpan' | 'tipe_konten'>>;
    for (const row of rows) {
      const damage = seededDamage(row.id_arsip);
      const file = fileOf(root, row.path_simpan);
      if (damage === 'MISSING' || existsSync(file)) continue;
      const content = seededContent(row.id_arsip, kindOfRow(row));
      if (damage === 'CHANGED') content.writeUInt8(content.readUInt8(content.length - 2) ^ 0xff, content.length - 2);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      written += 1;
    }
  } finally {
    await db.destroy();
  }
  return written;
}
