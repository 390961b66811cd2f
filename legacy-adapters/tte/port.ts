/**
 * The electronic signature port: signing issued documents and verifying their QR codes, in domain
 * terms. Served by the REST adapter (./rest) over the signature application's API.
 * Every method takes the request's deadline last.
 */
import type { Deadline } from '@core/deadline';

export type SignatureStatus = 'ACTIVE' | 'REVOKED';

export interface Signer {
  name: string;
  /** The official's NIP (18 digits). */
  nip: string;
  position: string | null;
}

export interface DocumentSignature {
  /** The application's id, e.g. 'TTE-20260105-9F1C22A0'. */
  signatureId: string;
  /** e.g. 'KK', 'AKTA_LAHIR'. */
  documentType: string;
  documentNumber: string;
  /** SHA-256 of the signed document, lower-case hex. */
  documentHash: string;
  signer: Signer;
  /** ISO local date-time 'YYYY-MM-DDTHH:mm:ss' (office time, no zone). */
  signedAt: string | null;
  /** What the document's QR code carries; verifyQr takes it back. */
  qrPayload: string;
  /** null when the application holds a status this port does not know. */
  status: SignatureStatus | null;
  revokedAt: string | null;
  revocationReason: string | null;
  /** The requester's own reference (idempotency key); null for documents signed in the app's screen. */
  reference: string | null;
}

export interface SignRequest {
  /** SHA-256 of the document, hex (either case). */
  documentHash: string;
  documentType: string;
  documentNumber: string;
  /** The caller's own unique reference: asking again with it never signs twice. */
  reference: string;
}

/**
 * VALID: genuine and current. SUPERSEDED: genuine, but the document was signed again since.
 * REVOKED: genuine, but withdrawn. TAMPERED: the payload does not check with the application's key
 * (changed, or not its own). UNKNOWN: well signed, but the application has no such signature.
 */
export type QrVerdict = 'VALID' | 'SUPERSEDED' | 'REVOKED' | 'TAMPERED' | 'UNKNOWN';

/** What anyone holding the paper may see about the signed document. */
export interface PublicDocumentMetadata {
  signatureId: string;
  documentType: string;
  documentNumber: string;
  documentHash: string;
  signer: Signer;
  signedAt: string | null;
  revokedAt: string | null;
}

export interface QrVerification {
  verdict: QrVerdict;
  /** The payload was signed by the application and not changed since. */
  genuine: boolean;
  /** Genuine, not revoked and not superseded. */
  current: boolean;
  revoked: boolean;
  /** The application's own words, e.g. 'TANDA TANGAN DICABUT: SALAH CETAK'. */
  note: string | null;
  /** Only for a genuine signature. */
  document: PublicDocumentMetadata | null;
}

export interface TtePort {
  /**
   * Signs a document's hash, once per reference: a request whose reference is known answers the
   * signature already made for it (CONFLICT if that one is for another document or hash).
   */
  signDocument(request: SignRequest, deadline: Deadline): Promise<DocumentSignature>;
  /** The signature made for a reference, if any (to check before signing again). */
  signatureByReference(reference: string, deadline: Deadline): Promise<DocumentSignature | null>;
  signature(signatureId: string, deadline: Deadline): Promise<DocumentSignature | null>;
  verifyQr(payload: string, deadline: Deadline): Promise<QrVerification>;
  /**
   * Revokes a signature; revoking one already revoked answers it as it is (safe to ask again).
   * null when there is no such signature.
   */
  revoke(signatureId: string, reason: string, deadline: Deadline): Promise<DocumentSignature | null>;
  /** Throws LEGACY_UNAVAILABLE when the application cannot be reached. */
  ping(deadline: Deadline): Promise<void>;
}
