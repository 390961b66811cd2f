import { createHash } from 'node:crypto';

/**
 * The seeded archive's file contents, made from the row's id alone so provisioning can write the
 * files after the rows (./files.ts) and a re-provision writes the same bytes. Small but real files
 * of their kind: the magic bytes a browser or the adapter sniffs are right.
 */
export type SeedKind = 'PDF' | 'JPEG' | 'PNG';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function seededContent(id: string, kind: SeedKind): Buffer {
  // Some filler so the sizes differ; derived from the id, so deterministic.
  const filler = createHash('sha256').update(id).digest();
  const body = Buffer.concat(Array.from({ length: 4 + (filler[0]! % 24) }, () => filler));
  if (kind === 'PDF') return Buffer.concat([Buffer.from(`%PDF-1.4\n% arsip ${id}\n`), body, Buffer.from('\n%%EOF\n')]);
  if (kind === 'JPEG') return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`JFIF arsip ${id}`), body, Buffer.from([0xff, 0xd9])]);
  return Buffer.concat([PNG_SIGNATURE, Buffer.from(`arsip ${id}`), body]);
}

export function sha256Hex(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * What happened to a seeded file on disk, by its id: about 2% changed since archiving (a scanner
 * re-saved it, a disk error), 1% lost (moved by hand). Decided by the id, so it holds after a re-seed.
 */
export function seededDamage(id: string): 'NONE' | 'CHANGED' | 'MISSING' {
  const n = createHash('sha256').update(`damage:${id}`).digest()[0]! % 100;
  return n < 2 ? 'CHANGED' : n < 3 ? 'MISSING' : 'NONE';
}
