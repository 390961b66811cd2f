import type { DocumentSignature, PublicDocumentMetadata, QrVerdict, QrVerification, SignatureStatus, Signer } from '../port';
import { isoDateTimeFromLegacy } from '../../base/rest/dates';

/**
 * The signature API's records, decoded. Its quirks stop here:
 * - the hash comes in UPPER-case hex: back to lower case (as callers compute it);
 * - dates are local 'DD-MM-YYYY HH:mm:ss'; '' means none;
 * - '-' means no revocation reason, '' no reference; text has stray blanks;
 * - verification answers 'Y'/'T' flags and words, not a verdict: the verdict is read from
 *   sah/berlaku and the document's status; a signature the app does not know is status 14.
 */
export interface PenandatanganRecord {
  nama?: string | null;
  nip?: string | number | null;
  jabatan?: string | null;
}

export interface TtdRecord {
  id_ttd: string;
  jenis_dokumen?: string | null;
  no_dokumen?: string | null;
  hash_dokumen?: string | null;
  penandatangan?: PenandatanganRecord | null;
  tgl_ttd?: string | null;
  qr?: string | null;
  status?: string | null;
  tgl_cabut?: string | null;
  alasan_cabut?: string | null;
  no_referensi?: string | null;
}

export interface VerifikasiRecord {
  sah?: string | null;
  berlaku?: string | null;
  keterangan?: string | null;
  dokumen?: TtdRecord | null;
}

const STATUSES: Record<string, SignatureStatus> = { AKTIF: 'ACTIVE', DICABUT: 'REVOKED' };

export function cleanText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const cleaned = value.replace(/\s+/g, ' ').trim();
  return cleaned === '' || cleaned === '-' ? null : cleaned;
}

export function decodeFlag(value: unknown): boolean {
  return typeof value === 'string' && ['Y', 'YA', '1'].includes(value.trim().toUpperCase());
}

export function decodeStatus(value: unknown): SignatureStatus | null {
  return typeof value === 'string' ? (STATUSES[value.trim().toUpperCase()] ?? null) : null;
}

export function decodeHash(value: unknown): string {
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

export function decodeSigner(record: PenandatanganRecord | null | undefined): Signer {
  const nip = record?.nip;
  return {
    name: cleanText(record?.nama) ?? '',
    nip: typeof nip === 'number' ? String(nip).padStart(18, '0') : (cleanText(nip) ?? ''),
    position: cleanText(record?.jabatan),
  };
}

export function toDocumentSignature(record: TtdRecord): DocumentSignature {
  return {
    signatureId: record.id_ttd.trim(),
    documentType: cleanText(record.jenis_dokumen)?.toUpperCase() ?? '',
    documentNumber: cleanText(record.no_dokumen) ?? '',
    documentHash: decodeHash(record.hash_dokumen),
    signer: decodeSigner(record.penandatangan),
    signedAt: isoDateTimeFromLegacy(record.tgl_ttd),
    qrPayload: (record.qr ?? '').trim(),
    status: decodeStatus(record.status),
    revokedAt: isoDateTimeFromLegacy(record.tgl_cabut),
    revocationReason: cleanText(record.alasan_cabut),
    reference: cleanText(record.no_referensi),
  };
}

function toPublicMetadata(record: TtdRecord): PublicDocumentMetadata {
  const full = toDocumentSignature(record);
  return { signatureId: full.signatureId, documentType: full.documentType, documentNumber: full.documentNumber, documentHash: full.documentHash, signer: full.signer, signedAt: full.signedAt, revokedAt: full.revokedAt };
}

/** A verification answer; `null` (the app's status 14) is a well-signed payload it does not know. */
export function toQrVerification(record: VerifikasiRecord | null): QrVerification {
  if (!record) return { verdict: 'UNKNOWN', genuine: false, current: false, revoked: false, note: null, document: null };
  const genuine = decodeFlag(record.sah) && !!record.dokumen;
  const note = cleanText(record.keterangan);
  if (!genuine) return { verdict: 'TAMPERED', genuine: false, current: false, revoked: false, note, document: null };
  const revoked = decodeStatus(record.dokumen!.status) === 'REVOKED';
  const current = decodeFlag(record.berlaku) && !revoked;
  const verdict: QrVerdict = revoked ? 'REVOKED' : current ? 'VALID' : 'SUPERSEDED';
  return { verdict, genuine: true, current, revoked, note, document: toPublicMetadata(record.dokumen!) };
}
