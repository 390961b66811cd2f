import type { ArchiveContentType } from '../port';

/**
 * Telling a file's type by its first bytes, as the archive must (a name or a declared type proves
 * nothing): PDF '%PDF-', JPEG FF D8 FF, PNG's 8-byte signature.
 */
export const SNIFF_BYTES = 8;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

/** The type, or undefined when unknown (or too short to tell). */
export function sniffContentType(head: Uint8Array): ArchiveContentType | undefined {
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, PNG)) return 'image/png';
  return undefined;
}

/** The extension the archive gives stored files. */
export function extensionOf(type: ArchiveContentType): string {
  return type === 'application/pdf' ? 'PDF' : type === 'image/jpeg' ? 'JPG' : 'PNG';
}
