import { LEGALISED_DOCUMENTS, MAX_COPIES, type LegalisedDocument, type LegalisirPort } from '@adapters/legalisir';
import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';

/**
 * What a legalisation needs beyond a request (the document and the copies), checked at the edge,
 * and the app's own refusal of e-signed documents asked before anything is recorded.
 */
export interface LegalisationInput {
  document: string;
  documentNumber: string;
  issuedOn: string;
  copies?: number | null;
}

export interface LegalisationDocument {
  kind: LegalisedDocument;
  number: string;
  issuedOn: string;
  copies: number;
}

const DOCUMENT_NUMBER = /^[A-Za-z0-9][A-Za-z0-9./-]{0,39}$/;

export function requireLegalisation(input: LegalisationInput | null | undefined): LegalisationDocument {
  if (!input) throw badUserInput('input.legalisation', 'REQUIRED', 'A legalisation names the document (kind, number, issue date) and the copies.');
  if (!(LEGALISED_DOCUMENTS as readonly string[]).includes(input.document)) throw badUserInput('input.legalisation.document', 'UNKNOWN_DOCUMENT', `One of ${LEGALISED_DOCUMENTS.join(', ')}.`);
  const number = input.documentNumber.trim();
  if (!DOCUMENT_NUMBER.test(number)) throw badUserInput('input.legalisation.documentNumber', 'INVALID', 'The document\'s own number (KK number, NIK, deed number): letters, digits and . / -.');
  const copies = input.copies ?? 1;
  if (!Number.isInteger(copies) || copies < 1 || copies > MAX_COPIES) throw badUserInput('input.legalisation.copies', 'OUT_OF_RANGE', `1 to ${MAX_COPIES} copies.`);
  return { kind: input.document as LegalisedDocument, number, issuedOn: input.issuedOn.slice(0, 10), copies };
}

/**
 * CONFLICT DOCUMENT_E_SIGNED when the app would refuse the document (it carries a TTE: its printout
 * is valid as it is). An app that cannot be asked now is not a refusal: the request is recorded
 * and the app checks again when it takes it (the submission then FAILS with DOCUMENT_E_SIGNED).
 */
export async function refuseESigned(port: LegalisirPort, kind: LegalisedDocument, issuedOn: string, deadline: Deadline): Promise<void> {
  let check;
  try {
    check = await port.checkDocument(kind, issuedOn, deadline);
  } catch (error) {
    if (error instanceof GerbangError && (error.code === ErrorCode.LEGACY_UNAVAILABLE || error.code === ErrorCode.LEGACY_TIMEOUT)) return;
    throw error;
  }
  if (check.reason === 'E_SIGNED') {
    throw new GerbangError(
      ErrorCode.CONFLICT,
      `This document carries an electronic signature (TTE) and a QR code: its printout is valid as it is and is not legalised.${check.eSignedSince ? ` Documents of this kind issued since ${check.eSignedSince} are e-signed.` : ''}`,
      { reason: 'DOCUMENT_E_SIGNED', eSignedSince: check.eSignedSince },
    );
  }
  if (check.reason === 'UNKNOWN_DOCUMENT') throw badUserInput('input.legalisation.document', 'UNKNOWN_DOCUMENT', 'The legalisation office does not take this kind of document.');
}

const NIP = /^\d{18}$/;

/** The counter app records the staff member's NIP: the caller's, when their token's subject is one. */
export function counterStaffNipOf(request: RequestContext): string | undefined {
  return request.principal.kind === 'user' && NIP.test(request.principal.id) ? request.principal.id : undefined;
}
