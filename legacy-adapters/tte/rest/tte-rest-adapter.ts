import { cancellationOf, type Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput, legacyUnavailable } from '@core/errors';
import type { RestLegacyClient } from '../../base/rest/client';
import { faultOf } from '../../base/resilience';
import type { DocumentSignature, QrVerification, SignRequest, TtePort } from '../port';
import { toDocumentSignature, toQrVerification, type TtdRecord, type VerifikasiRecord } from './mapping';

/**
 * The signature application through its REST API.
 *
 * Writes are safe to ask again. Signing: the requester's reference (no_referensi) is unique in
 * the application; the adapter looks it up before signing, the application refuses a known
 * reference (status 51) and the adapter then answers the signature already made; a POST that got
 * no answer may have been signed all the same, so the adapter looks once more if time is left.
 * Revoking: the adapter reads the signature first; one already revoked is answered as it is
 * (the application says 51 for it).
 */
const ALREADY = '51';
const HASH = /^[0-9a-fA-F]{64}$/;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/;
const DOCUMENT_TYPE = /^[A-Za-z][A-Za-z_]{1,19}$/;
/** Longer than any payload the application makes; anything longer is not one of its QR codes. */
const MAX_PAYLOAD = 2_000;

function conflict(): GerbangError {
  return new GerbangError(ErrorCode.CONFLICT, 'This reference was already used to sign another document.', { argument: 'reference', reason: 'REFERENCE_IN_USE' });
}

/** No answer came (timed out, connection cut): the write may have been done. */
function unanswered(error: unknown): boolean {
  if (!(error instanceof GerbangError)) return false;
  if (error.code === ErrorCode.LEGACY_TIMEOUT) return true;
  const fault = faultOf(error);
  return error.code === ErrorCode.LEGACY_UNAVAILABLE && fault?.legacyStatus === undefined && fault?.httpStatus === undefined;
}

function validate(request: SignRequest): void {
  if (!HASH.test(request.documentHash)) throw badUserInput('documentHash', 'INVALID_HASH', 'documentHash must be a SHA-256 digest (64 hexadecimal characters).');
  if (!REFERENCE.test(request.reference)) throw badUserInput('reference', 'INVALID_REFERENCE', 'reference must be 1-40 letters, digits or / _ . -');
  if (!DOCUMENT_TYPE.test(request.documentType)) throw badUserInput('documentType', 'INVALID_DOCUMENT_TYPE', 'documentType must be 2-20 letters or underscores.');
  if (request.documentNumber.trim() === '' || request.documentNumber.length > 60) throw badUserInput('documentNumber', 'INVALID_DOCUMENT_NUMBER', 'documentNumber must be 1-60 characters.');
}

export class TteRestAdapter implements TtePort {
  constructor(private readonly rest: RestLegacyClient) {}

  async signDocument(request: SignRequest, deadline: Deadline): Promise<DocumentSignature> {
    validate(request);
    const known = await this.alreadySigned(request, deadline);
    if (known) return known;
    let answer;
    try {
      answer = await this.rest.post<TtdRecord>('/api/tte', {
        jenis_dokumen: request.documentType.toUpperCase(),
        no_dokumen: request.documentNumber.trim(),
        hash_dokumen: request.documentHash.toLowerCase(),
        no_referensi: request.reference,
      }, deadline, [ALREADY]);
    } catch (error) {
      if (!unanswered(error) || cancellationOf(deadline)) throw error;
      const landed = await this.alreadySigned(request, deadline).catch(() => undefined);
      if (landed) return landed;
      throw error;
    }
    if (answer.status === ALREADY || !answer.data) {
      // Signed meanwhile by another try with the same reference.
      const existing = await this.alreadySigned(request, deadline);
      if (existing) return existing;
      throw legacyUnavailable('tte');
    }
    return toDocumentSignature(answer.data);
  }

  async signatureByReference(reference: string, deadline: Deadline): Promise<DocumentSignature | null> {
    if (!REFERENCE.test(reference)) return null;
    const records = await this.rest.get<TtdRecord[]>('/api/tte', { no_referensi: reference }, deadline);
    return records?.[0] ? toDocumentSignature(records[0]) : null;
  }

  async signature(signatureId: string, deadline: Deadline): Promise<DocumentSignature | null> {
    const record = await this.rest.get<TtdRecord>(`/api/tte/${encodeURIComponent(signatureId)}`, {}, deadline);
    return record ? toDocumentSignature(record) : null;
  }

  async verifyQr(payload: string, deadline: Deadline): Promise<QrVerification> {
    const trimmed = payload.trim();
    // Not something the application could have made: no need to ask it.
    if (trimmed === '' || trimmed.length > MAX_PAYLOAD || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(trimmed)) return toQrVerification({ sah: 'T', berlaku: 'T', dokumen: null });
    return toQrVerification(await this.rest.get<VerifikasiRecord>('/api/verifikasi', { qr: trimmed }, deadline));
  }

  async revoke(signatureId: string, reason: string, deadline: Deadline): Promise<DocumentSignature | null> {
    const text = reason.replace(/\s+/g, ' ').trim();
    if (text === '' || text.length > 120) throw badUserInput('reason', 'INVALID_REASON', 'reason must be 1-120 characters.');
    const current = await this.signature(signatureId, deadline);
    if (!current || current.status === 'REVOKED') return current;
    let answer;
    try {
      answer = await this.rest.post<TtdRecord>(`/api/tte/${encodeURIComponent(signatureId)}/cabut`, { alasan: text }, deadline, [ALREADY]);
    } catch (error) {
      if (!unanswered(error) || cancellationOf(deadline)) throw error;
      const landed = await this.signature(signatureId, deadline).catch(() => undefined);
      if (landed?.status === 'REVOKED') return landed;
      throw error;
    }
    // 51: revoked meanwhile by someone else; 14: gone. Either way the application's state is the answer.
    if (answer.status === ALREADY || !answer.data) return this.signature(signatureId, deadline);
    return toDocumentSignature(answer.data);
  }

  async ping(deadline: Deadline): Promise<void> {
    await this.rest.ping(deadline);
  }

  /** The signature already made under this reference; CONFLICT when it is for another document. */
  private async alreadySigned(request: SignRequest, deadline: Deadline): Promise<DocumentSignature | undefined> {
    const signature = await this.signatureByReference(request.reference, deadline);
    if (!signature) return undefined;
    const same = signature.documentHash === request.documentHash.toLowerCase() && signature.documentNumber === request.documentNumber.trim() && signature.documentType === request.documentType.toUpperCase();
    if (!same) throw conflict();
    return signature;
  }
}
