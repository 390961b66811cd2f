import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';

/**
 * A file upload as a subgraph receives it from the gateway's upload endpoint: `@apollo/gateway`
 * does not forward multipart requests, so the gateway streams the raw body to the subgraph's
 * `POST /uploads` with these fields (signed in its hop token) and the file's bytes as the body.
 * The subgraph never sees the client directly.
 */
export interface UploadDescriptor {
  /** The caller's own unique key: uploading again with it never stores a second copy. */
  idempotencyKey: string;
  /** The resident the file belongs to. */
  ownerNik: string;
  /** What the file is, e.g. 'KK', 'KTP', 'AKTA_LAHIR', 'SURAT_NIKAH' (upper-case, 2–40 of A-Z 0-9 _). */
  documentType: string;
  /** The file's name on the client's machine (kept for the officer; never trusted for the type). */
  fileName: string;
  /** The type the client says it sends; the content decides, and a mismatch is refused. */
  declaredContentType?: string;
}

/** What the upload endpoint answers (JSON): what a mutation then references by `archiveId`. */
export interface UploadReceipt {
  archiveId: string;
  documentType: string;
  contentType: string | null;
  sizeBytes: number;
  checksum: string;
  /** false when the key was already used for this upload (a retry): nothing new was stored. */
  created: boolean;
}

/**
 * Receives one upload for the caller in `request` (row rules are the subgraph's: a resident may
 * only upload their own files). Throws GerbangError for refusals (BAD_USER_INPUT with a reason such
 * as FILE_TOO_LARGE or UNSUPPORTED_CONTENT, FORBIDDEN, CONFLICT); the HTTP status follows the code.
 */
export type UploadHandler = (request: RequestContext, upload: UploadDescriptor, body: AsyncIterable<Uint8Array>, deadline: Deadline) => Promise<UploadReceipt>;
