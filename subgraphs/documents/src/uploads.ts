import type { AuditWriter } from '@core/audit';
import { auditEntryFrom } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { checkIdempotencyKey } from '@core/outbox';
import type { UploadDescriptor, UploadHandler } from '@core/subgraph/uploads';
import { requireNik } from '@core/validation';
import type { ArchiveContentType, ArsipPort } from '@adapters/arsip';
import type { SiakPort } from '@adapters/siak';
import { uploadRule } from './row-access';
import { referenceFor } from './validation';

/**
 * Files streamed in by the gateway's upload endpoint (core/subgraph/uploads.ts), archived in arsip.
 * The descriptor is checked first, then who may file for whom (row-access.ts uploadRule), then the
 * write goes to the audit trail, and only then is the body streamed into the archive (counted,
 * hashed and sniffed by arsip on the way, never whole in memory). On a refusal arsip removes its
 * temporary file: nothing is left behind.
 */

/** What the archive keeps as a type: 2-20 of A-Z and _ (arsip's own rule), upper case. */
const DOCUMENT_TYPE = /^[A-Z][A-Z_]{1,19}$/;
const CONTENT_TYPES: ReadonlySet<string> = new Set<ArchiveContentType>(['application/pdf', 'image/jpeg', 'image/png']);
/** What browsers and old forms also send for these. */
const CONTENT_TYPE_ALIASES: Readonly<Record<string, ArchiveContentType>> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg', 'application/x-pdf': 'application/pdf' };

export interface CheckedUpload {
  ownerNik: string;
  documentType: string;
  fileName: string;
  declaredContentType?: ArchiveContentType;
}

export function checkDescriptor(upload: UploadDescriptor): CheckedUpload {
  checkIdempotencyKey(upload.idempotencyKey);
  const ownerNik = requireNik(upload.ownerNik, 'ownerNik');
  const documentType = upload.documentType.trim().toUpperCase();
  if (!DOCUMENT_TYPE.test(documentType)) throw badUserInput('documentType', 'INVALID_DOCUMENT_TYPE', 'documentType is 2 to 20 letters or "_", e.g. KK, KTP, AKTA_LAHIR.');
  // The name without the folders some browsers send along; kept for the officer, never trusted for the type.
  const fileName = (upload.fileName.split(/[\\/]/).pop() ?? '').trim();
  if (fileName === '' || fileName.length > 200) throw badUserInput('fileName', 'INVALID_FILE_NAME', 'fileName is 1 to 200 characters.');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f]/.test(fileName)) throw badUserInput('fileName', 'INVALID_FILE_NAME', 'fileName holds no control characters.');
  let declaredContentType: ArchiveContentType | undefined;
  if (upload.declaredContentType !== undefined && upload.declaredContentType.trim() !== '') {
    const declared = upload.declaredContentType.split(';')[0]!.trim().toLowerCase();
    const known = CONTENT_TYPE_ALIASES[declared] ?? declared;
    if (!CONTENT_TYPES.has(known)) throw badUserInput('declaredContentType', 'UNSUPPORTED_CONTENT', 'Only PDF, JPEG and PNG files are archived.');
    declaredContentType = known as ArchiveContentType;
  }
  return { ownerNik, documentType, fileName, declaredContentType };
}

/** arsip's refusals under the upload endpoint's stable reasons. */
function uploadError(error: unknown): unknown {
  if (!(error instanceof GerbangError)) return error;
  const reason = error.extensions.reason;
  if (error.code === ErrorCode.BAD_USER_INPUT && reason === 'TOO_LARGE') {
    return new GerbangError(ErrorCode.BAD_USER_INPUT, error.message, { argument: 'file', reason: 'FILE_TOO_LARGE' });
  }
  if (error.code === ErrorCode.BAD_USER_INPUT && (reason === 'UNSUPPORTED_CONTENT' || reason === 'CONTENT_TYPE_MISMATCH')) {
    return new GerbangError(ErrorCode.BAD_USER_INPUT, error.message, { argument: 'file', reason });
  }
  if (error.code === ErrorCode.CONFLICT && reason === 'REFERENCE_IN_USE') {
    return new GerbangError(ErrorCode.CONFLICT, 'This idempotency key was already used to upload another document.', { argument: 'idempotencyKey', reason: 'IDEMPOTENCY_KEY_REUSED' });
  }
  return error;
}

export interface UploadDeps {
  arsip: ArsipPort;
  siak: SiakPort;
  audit: AuditWriter;
}

/**
 * The archive's reference for an upload: per tenant, uploader and key, so that the same key
 * used by two callers stores two files and neither is answered the other's.
 */
export function uploadReference(request: RequestContext, key: string): string {
  const principal = request.principal.kind === 'anonymous' ? '' : request.principal.id;
  return referenceFor('GB-ARS', request.tenant, principal, key);
}

export function documentUploads(deps: UploadDeps): UploadHandler {
  return async (request, upload, body, deadline) => {
    const checked = checkDescriptor(upload);
    await uploadRule(deps.siak, request, checked.ownerNik, deadline);
    await deps.audit.append(auditEntryFrom(request, { operation: 'documents.upload', access: 'write', niks: [checked.ownerNik], purpose: request.purpose ?? null })).catch((error: unknown) => {
      throw new GerbangError(ErrorCode.AUDIT_UNAVAILABLE, 'The file cannot be archived right now: its record could not be written to the audit trail. Try again later.', { retryable: true }, { cause: error });
    });
    let archived;
    try {
      archived = await deps.arsip.archiveDocument(
        { reference: uploadReference(request, upload.idempotencyKey), ownerNik: checked.ownerNik, documentType: checked.documentType, originalName: checked.fileName, declaredContentType: checked.declaredContentType },
        body,
        deadline,
      );
    } catch (error) {
      throw uploadError(error);
    }
    const { document, created } = archived;
    return { archiveId: document.archiveId, documentType: document.documentType, contentType: document.contentType, sizeBytes: document.sizeBytes, checksum: document.checksum, created };
  };
}
