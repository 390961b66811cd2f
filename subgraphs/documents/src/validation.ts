import { createHash } from 'node:crypto';
import { badUserInput } from '@core/errors';

/**
 * Input checks of the documents API, each a BAD_USER_INPUT naming the argument and a reason. The
 * caller's value is never echoed back (it may be anything a stranger typed).
 */

/** The archive's ids: ARS-<yyyymmdd>-<8 hex>. */
const ARCHIVE_ID = /^ARS-\d{8}-[0-9A-F]{8}$/;
/** tte's ids: TTE-<yyyymmdd>-<8 hex>. */
const SIGNATURE_ID = /^TTE-\d{8}-[0-9A-F]{8}$/;

export function requireArchiveId(value: string, argument: string): string {
  const clean = value.trim().toUpperCase();
  if (!ARCHIVE_ID.test(clean)) throw badUserInput(argument, 'INVALID_ARCHIVE_ID', 'An archive id looks like ARS-20240312-0A1B2C3D.');
  return clean;
}

export function requireSignatureId(value: string, argument: string): string {
  const clean = value.trim().toUpperCase();
  if (!SIGNATURE_ID.test(clean)) throw badUserInput(argument, 'INVALID_SIGNATURE_ID', 'A signature id looks like TTE-20260105-9F1C22A0.');
  return clean;
}

/** A document's number as printed: 1-60 of letters, digits, blanks and . / -; upper case. */
export function requireDocumentNumber(value: string, argument: string): string {
  const clean = value.replace(/\s+/g, ' ').trim().toUpperCase();
  if (clean === '' || clean.length > 60) throw badUserInput(argument, 'INVALID_DOCUMENT_NUMBER', 'A document number has 1 to 60 characters.');
  if (!/^[A-Z0-9][A-Z0-9 ./-]*$/.test(clean)) throw badUserInput(argument, 'INVALID_DOCUMENT_NUMBER', 'A document number has letters, digits, blanks and . / - only.');
  return clean;
}

/** Why a signature is withdrawn: 3-200 printable Latin characters (tte stores Latin-1 text). */
export function requireReason(value: string, argument: string): string {
  const clean = value.replace(/\s+/g, ' ').trim();
  if (clean.length < 3) throw badUserInput(argument, 'TOO_SHORT', 'Give at least 3 characters.');
  if (clean.length > 200) throw badUserInput(argument, 'TOO_LONG', 'Give at most 200 characters.');
  if (/[^\u0020-\u007e\u00a0-\u00ff]/.test(clean)) throw badUserInput(argument, 'NOT_LATIN', 'Use Latin letters, digits and punctuation only.');
  return clean;
}

/** Longer than any QR payload tte makes (about 400 characters); a QR code holds at most ~4,000. */
export const MAX_QR_PAYLOAD = 2_000;

/**
 * What a QR scanner reads off the paper: two base64url parts joined by one dot. Blanks around it (a
 * scanner's newline) are dropped. Empty, too long, other characters or another shape is not a
 * payload at all: BAD_USER_INPUT. One of the right shape whose content does not check is tte's
 * to judge (TAMPERED).
 */
export function requireQrPayload(value: string, argument = 'qrPayload'): string {
  const clean = value.trim();
  if (clean === '') throw badUserInput(argument, 'EMPTY', 'Give the text of the document\'s QR code.');
  if (clean.length > MAX_QR_PAYLOAD) throw badUserInput(argument, 'TOO_LONG', `A document's QR code holds at most ${MAX_QR_PAYLOAD} characters.`);
  if (!/^[A-Za-z0-9_.-]+$/.test(clean)) throw badUserInput(argument, 'BAD_CHARACTERS', 'A document\'s QR code holds letters, digits, "-", "_" and "." only.');
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(clean)) throw badUserInput(argument, 'MALFORMED', 'A document\'s QR code is two parts joined by one ".".');
  return clean;
}

/** A reference a legacy app keeps (tte and arsip take 1-40 of A-Z a-z 0-9 / _ . -): short, per tenant and key. */
export function referenceFor(prefix: 'GB-TTE' | 'GB-ARS', ...parts: string[]): string {
  return `${prefix}-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24)}`;
}
