import { open, rename, rm } from 'node:fs/promises';

/**
 * Writes a whole file so that readers see either nothing or all of it: write `<name>.tmp`, fsync,
 * rename. A batch job (or an adapter) that lists the folder never sees a half-written file.
 */
export async function writeFileAtomic(path: string, bytes: Buffer): Promise<void> {
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Appends bytes and waits until they are on disk (an append-only journal or register). */
export async function appendDurably(path: string, bytes: Buffer): Promise<void> {
  const handle = await open(path, 'a');
  try {
    await handle.writeFile(bytes);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
