/**
 * The digital archive port: residents' scanned requirement documents and issued documents, in
 * domain terms. Served by the SQL + files adapter (./sql, ./files) over the archive's metadata
 * table and its folder. Batch methods take many keys and return a Map (one statement per batch);
 * keys without a record are absent. Every method takes the request's deadline last.
 */
import type { Readable } from 'node:stream';
import type { Deadline } from '@core/deadline';

/** What the archive accepts, told by the file's first bytes (never by its name). */
export type ArchiveContentType = 'application/pdf' | 'image/jpeg' | 'image/png';

export interface ArchivedDocument {
  /** The archive's id, e.g. 'ARS-20240312-0A1B2C3D'. */
  archiveId: string;
  /** e.g. 'KK', 'KTP', 'AKTA_LAHIR'. */
  documentType: string;
  ownerNik: string;
  /** The file's name when it was uploaded. */
  originalName: string;
  sizeBytes: number;
  /** null when the archive holds a type this port does not know. */
  contentType: ArchiveContentType | null;
  /** SHA-256 of the content when archived, lower-case hex. */
  checksum: string;
  /** ISO local date-time 'YYYY-MM-DDTHH:mm:ss' (office time). */
  archivedAt: string | null;
  /** The uploader's own reference (idempotency key); null for files scanned at the counter. */
  reference: string | null;
}

export interface ArchiveRequest {
  /** The caller's own unique reference: archiving again with it never stores a second copy. */
  reference: string;
  ownerNik: string;
  documentType: string;
  originalName: string;
  /** When given, the content must be of this type (BAD_USER_INPUT otherwise). */
  declaredContentType?: ArchiveContentType;
}

export interface ArchiveResult {
  document: ArchivedDocument;
  /** false when the reference was already archived (the content given was not read). */
  created: boolean;
}

/**
 * INTACT: the file is there and its checksum matches; `content` streams it (and fails at its end
 * if the file changed meanwhile). CORRUPT: the file changed since it was archived. MISSING: the
 * row is there, the file is not.
 */
export type OpenedDocument =
  | { integrity: 'INTACT'; document: ArchivedDocument; content: Readable }
  | { integrity: 'CORRUPT' | 'MISSING'; document: ArchivedDocument };

export interface ArsipPort {
  /**
   * Streams a file into the archive (never whole in memory), hashing it on the way: BAD_USER_INPUT
   * when larger than the limit or not a PDF, JPEG or PNG by its magic bytes. Once per reference:
   * a known reference answers the document archived for it (CONFLICT if another owner's or type's).
   */
  archiveDocument(request: ArchiveRequest, content: AsyncIterable<Uint8Array>, deadline: Deadline): Promise<ArchiveResult>;
  documentsByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, ArchivedDocument>>;
  documentsById(archiveIds: readonly string[], deadline: Deadline): Promise<Map<string, ArchivedDocument>>;
  /** Each resident's documents, oldest first. */
  documentsOfOwners(niks: readonly string[], deadline: Deadline): Promise<Map<string, ArchivedDocument[]>>;
  /** Verifies the file's checksum (streaming) before handing it out; null for an unknown id. */
  openDocument(archiveId: string, deadline: Deadline): Promise<OpenedDocument | null>;
  ping(deadline: Deadline): Promise<void>;
}
