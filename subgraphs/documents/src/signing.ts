import type { AuditWriter } from '@core/audit';
import { auditEntryFrom } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { checkIdempotencyKey, type MutationStatus, type OutboxMutations, pendingErrorCode } from '@core/outbox';
import type { Tenant } from '@core/tenants';
import type { ArsipPort } from '@adapters/arsip';
import type { DocumentSignature, SignRequest, TtePort } from '@adapters/tte';
import type { DeliveryStateView, DocumentSigningView, SignatureRevocationView } from './context';
import { integrityOf } from './loaders';
import type { DocumentRows } from './row-access';
import { referenceFor, requireArchiveId, requireDocumentNumber, requireReason, requireSignatureId } from './validation';

/**
 * signDocument and revokeSignature through the durable outbox (docs/outbox.md): each is one write
 * to tte, recorded with the idempotency key in one transaction and delivered until tte accepts it.
 * tte signs once per reference (derived from tenant and key) and revoking twice is answered as it
 * is, so a redelivery after a crash or a restart never signs or revokes twice.
 */
export const SIGN = 'signDocument';
export const REVOKE = 'revokeSignature';

export interface SignDocumentInput {
  archiveId: string;
  documentNumber: string;
}

export interface RevokeSignatureInput {
  signatureId: string;
  reason: string;
}

/** What a revocation message carries to tte. */
export interface RevocationPayload {
  signatureId: string;
  reason: string;
}

export interface SignatureWrites {
  sign(input: SignDocumentInput, idempotencyKey: string): Promise<DocumentSigningView>;
  /** The caller's own signing request under this key; null when there is none (or it is another's). */
  signingStatus(idempotencyKey: string): Promise<DocumentSigningView | null>;
  revoke(input: RevokeSignatureInput, idempotencyKey: string): Promise<SignatureRevocationView>;
  /** A signature as tte holds it now (staff only); null when there is none. */
  signature(signatureId: string): Promise<DocumentSignature | null>;
}

/** The reference tte keeps for a signing request: short, per tenant and key, the same on every repeat. */
export const signingReference = (tenant: string, key: string): string => referenceFor('GB-TTE', tenant, key);

const stateOf = (s: string): DeliveryStateView => (s === 'DELIVERED' ? 'DELIVERED' : s === 'FAILED_PERMANENTLY' ? 'FAILED' : 'PENDING');

function deliveriesOf(status: MutationStatus) {
  return status.messages.map((m) => ({ app: m.target, state: stateOf(m.state), attempts: m.attempts, errorCode: pendingErrorCode(m) }));
}

export function signingViewOf(status: MutationStatus, replayed: boolean): DocumentSigningView {
  const result = status.result as { reference: string; archiveId: string };
  const signed = status.messages.find((m) => m.target === 'tte' && m.state === 'DELIVERED')?.result as { signatureId?: string } | null | undefined;
  return {
    idempotencyKey: status.idempotencyKey,
    reference: result.reference,
    replayed,
    archiveId: result.archiveId,
    state: status.delivery,
    deliveries: deliveriesOf(status),
    signatureId: signed?.signatureId ?? null,
  };
}

function revocationViewOf(status: MutationStatus, replayed: boolean): SignatureRevocationView {
  const result = status.result as { signatureId: string };
  return { idempotencyKey: status.idempotencyKey, signatureId: result.signatureId, replayed, state: status.delivery, deliveries: deliveriesOf(status) };
}

export interface SignatureWriteDeps {
  arsip: ArsipPort;
  tte: TtePort;
  mutations: OutboxMutations;
  audit: AuditWriter;
}

/** Signing and revoking are staff work (the schema says so too); checked again here, with the purpose. */
function guardStaff(request: RequestContext, rows: DocumentRows): void {
  const principal = request.principal;
  const scopes = new Set(principal.kind === 'anonymous' ? [] : (principal.scopes ?? []));
  if (!scopes.has('services:work') && !scopes.has('admin')) throw new GerbangError(ErrorCode.FORBIDDEN, 'Only the office\'s staff sign and revoke documents.', { reason: 'STAFF_ONLY' });
  rows.guard();
}

export function signatureWrites(deps: SignatureWriteDeps, request: RequestContext, tenant: Tenant, rows: DocumentRows, deadline: Deadline): SignatureWrites {
  const principalId = request.principal.kind === 'anonymous' ? null : request.principal.id;
  const recordWrite = async (operation: string, niks: string[]) =>
    await deps.audit.append(auditEntryFrom(request, { operation, access: 'write', niks, purpose: request.purpose ?? null })).catch((error: unknown) => {
      throw new GerbangError(ErrorCode.AUDIT_UNAVAILABLE, 'This cannot be done right now: its record could not be written to the audit trail. Try again later.', { retryable: true }, { cause: error });
    });

  return {
    async sign(input, idempotencyKey) {
      checkIdempotencyKey(idempotencyKey);
      const outcome = await deps.mutations.run(
        { tenant: tenant.id, principalId, key: idempotencyKey, operation: SIGN, input },
        async () => {
          // Check and read; nothing is written here.
          const archiveId = requireArchiveId(input.archiveId, 'input.archiveId');
          const documentNumber = requireDocumentNumber(input.documentNumber, 'input.documentNumber');
          guardStaff(request, rows);
          const opened = await deps.arsip.openDocument(archiveId, deadline);
          if (!opened) throw badUserInput('input.archiveId', 'UNKNOWN_DOCUMENT', 'The archive holds no document with this id.');
          const integrity = integrityOf(opened);
          const { document } = opened;
          if (!(await rows.visibleOwners([document.ownerNik], deadline)).has(document.ownerNik)) throw rows.refusal();
          // What is signed is the archived checksum: only a file that still has it may be vouched for.
          if (integrity === 'CORRUPT') throw badUserInput('input.archiveId', 'DOCUMENT_CORRUPT', 'The archived file has changed since it was archived: it cannot be signed. Archive the document again.');
          if (integrity === 'MISSING') throw badUserInput('input.archiveId', 'DOCUMENT_MISSING', 'The archived file is missing: it cannot be signed. Archive the document again.');
          await recordWrite(`documents.${SIGN}`, [document.ownerNik]);
          const reference = signingReference(tenant.id, idempotencyKey);
          const payload: SignRequest = { documentHash: document.checksum, documentType: document.documentType, documentNumber, reference };
          return { result: { reference, archiveId }, messages: [{ target: 'tte', operation: SIGN, payload }] };
        },
        deadline,
      );
      return signingViewOf(outcome.status, outcome.replayed);
    },

    async signingStatus(idempotencyKey) {
      checkIdempotencyKey(idempotencyKey);
      guardStaff(request, rows);
      const status = await deps.mutations.status(tenant.id, idempotencyKey);
      // The store does not know who may see what: only the request's own author follows it.
      if (!status || status.operation !== SIGN || status.state !== 'COMPLETED' || status.principalId !== principalId) return null;
      return signingViewOf(status, true);
    },

    async revoke(input, idempotencyKey) {
      checkIdempotencyKey(idempotencyKey);
      const outcome = await deps.mutations.run(
        { tenant: tenant.id, principalId, key: idempotencyKey, operation: REVOKE, input },
        async () => {
          const signatureId = requireSignatureId(input.signatureId, 'input.signatureId');
          const reason = requireReason(input.reason, 'input.reason');
          guardStaff(request, rows);
          // Asked up front so that a wrong id is a clear answer now, not a failed delivery later.
          const signature = await deps.tte.signature(signatureId, deadline);
          if (!signature) throw badUserInput('input.signatureId', 'UNKNOWN_SIGNATURE', 'tte holds no signature with this id.');
          if (signature.status === 'REVOKED') throw new GerbangError(ErrorCode.CONFLICT, 'This signature is already revoked.', { argument: 'input.signatureId', reason: 'ALREADY_REVOKED' });
          const payload: RevocationPayload = { signatureId, reason };
          return { result: { signatureId }, messages: [{ target: 'tte', operation: REVOKE, payload }] };
        },
        deadline,
      );
      return revocationViewOf(outcome.status, outcome.replayed);
    },

    async signature(signatureId) {
      const id = requireSignatureId(signatureId, 'signatureId');
      guardStaff(request, rows);
      return await deps.tte.signature(id, deadline);
    },
  };
}
