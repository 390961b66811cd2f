import type { ArchiveContentType, ArchivedDocument } from '../port';

/**
 * The archive table's rows, decoded. Its quirks stop here:
 * - rows from before the 2020 migration: checksum in UPPER-case hex, document type in lower case,
 *   the old upload form's content types ('application/x-pdf', 'image/jpg', 'image/pjpeg');
 * - `path_simpan` is a Windows path ('2024\03\X.PDF') relative to the archive folder;
 * - dates are local 'YYYY-MM-DD HH:mm:ss' (MariaDB and SQLite alike);
 * - `ukuran` may come back as a string (BIGINT).
 */
export interface ArsipRow {
  id_arsip: string;
  jenis_dokumen: string;
  nik_pemilik: string;
  nama_asli: string;
  ukuran: number | string;
  tipe_konten: string;
  checksum_sha256: string;
  path_simpan: string;
  tgl_unggah: string | null;
  petugas?: string | null;
  no_referensi: string | null;
}

export const ARSIP_COLUMNS = ['id_arsip', 'jenis_dokumen', 'nik_pemilik', 'nama_asli', 'ukuran', 'tipe_konten', 'checksum_sha256', 'path_simpan', 'tgl_unggah', 'no_referensi'] as const;

const CONTENT_TYPES: Record<string, ArchiveContentType> = {
  'application/pdf': 'application/pdf',
  'application/x-pdf': 'application/pdf',
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/png': 'image/png',
};

export function decodeContentType(value: unknown): ArchiveContentType | null {
  return typeof value === 'string' ? (CONTENT_TYPES[value.trim().toLowerCase()] ?? null) : null;
}

export function decodeChecksum(value: unknown): string {
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

export function isoDateTime(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/.exec(value.trim());
  return match ? `${match[1]}T${match[2]}` : null;
}

/** The stored path's parts; refuses one that would leave the archive folder. */
export function storedPathParts(value: string): string[] {
  const parts = value.split(/[\\/]+/).filter(Boolean);
  if (parts.length === 0 || parts.some((p) => p === '..' || p === '.' || p.includes(':'))) throw new Error(`arsip: stored path outside the archive: ${value}`);
  return parts;
}

/** How the archive writes a path: 'YYYY\MM\<id>.<EXT>'. */
export function storedPath(isoDay: string, archiveId: string, extension: string): string {
  return `${isoDay.slice(0, 4)}\\${isoDay.slice(5, 7)}\\${archiveId}.${extension}`;
}

export function toArchivedDocument(row: ArsipRow): ArchivedDocument {
  return {
    archiveId: row.id_arsip.trim(),
    documentType: row.jenis_dokumen.trim().toUpperCase(),
    ownerNik: String(row.nik_pemilik).trim(),
    originalName: row.nama_asli.trim(),
    sizeBytes: Number(row.ukuran),
    contentType: decodeContentType(row.tipe_konten),
    checksum: decodeChecksum(row.checksum_sha256),
    archivedAt: isoDateTime(row.tgl_unggah),
    reference: row.no_referensi?.trim() || null,
  };
}
