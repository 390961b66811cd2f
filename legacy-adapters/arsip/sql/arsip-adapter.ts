import { randomBytes } from 'node:crypto';
import { mkdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { cancellationOf, throwIfCancelled, type Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput, deadlineExceeded, legacyUnavailable } from '@core/errors';
import { localDateTimeIn } from '@core/tenants';
import type { SqlLegacyClient } from '../../base/sql/sql-client';
import { extensionOf } from '../files/content-type';
import { TooLarge, UnsupportedContent, receiveFile } from '../files/intake';
import { checkFile, checkedStream } from '../files/reader';
import type { ArchiveRequest, ArchiveResult, ArchivedDocument, ArsipPort, OpenedDocument } from '../port';
import { ARSIP_COLUMNS, storedPath, storedPathParts, toArchivedDocument, type ArsipRow } from './mapping';

/** Where this archive runs: its folder, its upload limit, its office's clock. */
export interface ArsipSite {
  /** The folder holding the archive's files (the app's `archive/` folder, or a mounted share). */
  archiveFolder: string;
  maxBytes: number;
  /** The application stamps local wall-clock time, e.g. 'Asia/Jakarta'. */
  timeZone: string;
  /** Written in `petugas` for files that came through Gerbang. */
  officer: string;
}

const TABLE = 'arsip_dokumen';
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/;
const NIK = /^\d{16}$/;
const DOCUMENT_TYPE = /^[A-Za-z][A-Za-z_]{1,19}$/;
const UNKNOWN = Symbol('unknown');

function validate(request: ArchiveRequest): void {
  if (!REFERENCE.test(request.reference)) throw badUserInput('reference', 'INVALID_REFERENCE', 'reference must be 1-40 letters, digits or / _ . -');
  if (!NIK.test(request.ownerNik)) throw badUserInput('ownerNik', 'INVALID_NIK', 'ownerNik must be 16 digits.');
  if (!DOCUMENT_TYPE.test(request.documentType)) throw badUserInput('documentType', 'INVALID_DOCUMENT_TYPE', 'documentType must be 2-20 letters or underscores.');
  const name = baseName(request.originalName);
  if (name === '' || name.length > 200) throw badUserInput('originalName', 'INVALID_NAME', 'originalName must be 1-200 characters.');
}

/** The name without any folders a browser may have sent along. */
function baseName(name: string): string {
  return (name.split(/[\\/]/).pop() ?? '').trim();
}

function isFileSystemError(error: unknown): boolean {
  const e = error as { code?: unknown; syscall?: unknown };
  return typeof e?.code === 'string' && typeof e.syscall === 'string';
}

/**
 * The digital archive through its metadata table (SQL base: one statement per read, whatever the
 * number of keys) and its folder (files streamed in and out, never whole in memory).
 *
 * Archiving is safe to ask again: the uploader's reference is unique in the table. The adapter
 * looks it up first (a known reference answers what is archived, without reading the content),
 * writes the file under a fresh id, then inserts the row only if the reference is still free, in
 * one statement; when another upload with the same reference won meanwhile, its own file is
 * removed and the winner's row answered.
 */
export class ArsipAdapter implements ArsipPort {
  constructor(
    private readonly sql: SqlLegacyClient,
    private readonly site: ArsipSite,
  ) {}

  private select(): Knex.QueryBuilder {
    return this.sql.db(TABLE).select([...ARSIP_COLUMNS]);
  }

  private async rowsWhere(column: 'id_arsip' | 'no_referensi' | 'nik_pemilik', keys: readonly string[], deadline: Deadline): Promise<ArsipRow[]> {
    if (keys.length === 0) return [];
    return this.sql.query<ArsipRow>(this.select().whereIn(column, [...new Set(keys)]).orderBy([{ column: 'tgl_unggah' }, { column: 'id_arsip' }]), deadline);
  }

  async documentsById(archiveIds: readonly string[], deadline: Deadline): Promise<Map<string, ArchivedDocument>> {
    return new Map((await this.rowsWhere('id_arsip', archiveIds, deadline)).map((r) => [r.id_arsip, toArchivedDocument(r)]));
  }

  async documentsByReference(references: readonly string[], deadline: Deadline): Promise<Map<string, ArchivedDocument>> {
    const documents = (await this.rowsWhere('no_referensi', references, deadline)).map(toArchivedDocument);
    return new Map(documents.map((d) => [d.reference!, d]));
  }

  async documentsOfOwners(niks: readonly string[], deadline: Deadline): Promise<Map<string, ArchivedDocument[]>> {
    const byOwner = new Map<string, ArchivedDocument[]>();
    for (const row of await this.rowsWhere('nik_pemilik', niks, deadline)) {
      const document = toArchivedDocument(row);
      const list = byOwner.get(document.ownerNik);
      if (list) list.push(document);
      else byOwner.set(document.ownerNik, [document]);
    }
    return byOwner;
  }

  async archiveDocument(request: ArchiveRequest, content: AsyncIterable<Uint8Array>, deadline: Deadline): Promise<ArchiveResult> {
    validate(request);
    const known = await this.byReference(request, deadline);
    if (known) return { document: known, created: false };

    throwIfCancelled(deadline, 'arsip');
    const stamp = localDateTimeIn(this.site.timeZone);
    const archiveId = `ARS-${stamp.slice(0, 10).replace(/-/g, '')}-${randomBytes(4).toString('hex').toUpperCase()}`;
    const folder = join(this.site.archiveFolder, stamp.slice(0, 4), stamp.slice(5, 7));
    const temp = join(folder, `.${archiveId}.part`);
    let received;
    try {
      await mkdir(folder, { recursive: true });
      received = await receiveFile(content, temp, this.site.maxBytes, deadline.signal);
    } catch (error) {
      throw this.intakeError(error, deadline);
    }
    if (request.declaredContentType && request.declaredContentType !== received.contentType) {
      await unlink(temp).catch(() => undefined);
      throw badUserInput('content', 'CONTENT_TYPE_MISMATCH', `The file is ${received.contentType}, not ${request.declaredContentType}.`);
    }
    const stored = storedPath(stamp.slice(0, 10), archiveId, extensionOf(received.contentType));
    const file = join(this.site.archiveFolder, ...storedPathParts(stored));
    let changes: number;
    try {
      await rename(temp, file);
      ({ changes } = await this.sql.execute(this.insertOnce({
        id_arsip: archiveId,
        jenis_dokumen: request.documentType.toUpperCase(),
        nik_pemilik: request.ownerNik,
        nama_asli: baseName(request.originalName),
        ukuran: received.sizeBytes,
        tipe_konten: received.contentType,
        checksum_sha256: received.sha256,
        path_simpan: stored,
        tgl_unggah: stamp,
        petugas: this.site.officer,
        no_referensi: request.reference,
      }), deadline));
    } catch (error) {
      // No row points at the file: it must not stay (a row may have been written if the answer was
      // lost, so look before removing).
      await unlink(temp).catch(() => undefined);
      const landed = cancellationOf(deadline) ? UNKNOWN : await this.byReference(request, deadline).catch((): typeof UNKNOWN => UNKNOWN);
      if (landed !== UNKNOWN && landed?.archiveId === archiveId) return { document: landed, created: true };
      // When we cannot tell whether the row landed, the file stays: an orphan file is harmless, a
      // row without its file is not.
      if (landed !== UNKNOWN) await unlink(file).catch(() => undefined);
      throw isFileSystemError(error) ? legacyUnavailable('arsip', error) : error;
    }
    const document = await this.byReference(request, deadline);
    if (changes === 0) await unlink(file).catch(() => undefined);
    if (!document) throw legacyUnavailable('arsip', new Error(`${TABLE}: the row for ${request.reference} is not there after the insert`));
    return { document, created: changes === 1 && document.archiveId === archiveId };
  }

  async openDocument(archiveId: string, deadline: Deadline): Promise<OpenedDocument | null> {
    const [row] = await this.rowsWhere('id_arsip', [archiveId], deadline);
    if (!row) return null;
    const document = toArchivedDocument(row);
    throwIfCancelled(deadline, 'arsip');
    let file: string;
    try {
      file = join(this.site.archiveFolder, ...storedPathParts(row.path_simpan));
    } catch {
      return { integrity: 'MISSING', document };
    }
    let integrity;
    try {
      integrity = await checkFile(file, { sha256: document.checksum, sizeBytes: document.sizeBytes }, deadline.signal);
    } catch (error) {
      const cancelled = cancellationOf(deadline);
      if (cancelled) throw deadlineExceeded('arsip', cancelled);
      throw legacyUnavailable('arsip', error);
    }
    if (integrity !== 'INTACT') return { integrity, document };
    return { integrity, document, content: checkedStream(file, { sha256: document.checksum }) };
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.sql.ping(deadline);
  }

  /** INSERT … SELECT that writes nothing when the reference is already there (or taken meanwhile). */
  private insertOnce(values: Record<string, string | number>): Knex.Raw {
    const columns = Object.keys(values);
    const ignore = this.sql.db.client.config.client === 'mysql2' ? 'IGNORE' : 'OR IGNORE';
    return this.sql.db.raw(
      `INSERT ${ignore} INTO ?? (${columns.map(() => '??').join(', ')}) SELECT ${columns.map(() => '?').join(', ')} FROM (SELECT 1 AS one) d WHERE NOT EXISTS (SELECT 1 FROM ?? WHERE no_referensi = ?)`,
      [TABLE, ...columns, ...columns.map((c) => values[c]!), TABLE, values.no_referensi!],
    );
  }

  /** What is archived under this reference; CONFLICT when it is another owner's or type's. */
  private async byReference(request: ArchiveRequest, deadline: Deadline): Promise<ArchivedDocument | undefined> {
    const document = (await this.documentsByReference([request.reference], deadline)).get(request.reference);
    if (document && (document.ownerNik !== request.ownerNik || document.documentType !== request.documentType.toUpperCase())) {
      throw new GerbangError(ErrorCode.CONFLICT, 'This reference was already used to archive another document.', { argument: 'reference', reason: 'REFERENCE_IN_USE' });
    }
    return document;
  }

  private intakeError(error: unknown, deadline: Deadline): GerbangError | unknown {
    if (error instanceof TooLarge) return badUserInput('content', 'TOO_LARGE', `The file is larger than ${this.site.maxBytes} bytes.`);
    if (error instanceof UnsupportedContent) return badUserInput('content', 'UNSUPPORTED_CONTENT', 'Only PDF, JPEG and PNG files are archived.');
    const cancelled = cancellationOf(deadline);
    if (cancelled) return deadlineExceeded('arsip', cancelled);
    return isFileSystemError(error) ? legacyUnavailable('arsip', error) : error;
  }
}
