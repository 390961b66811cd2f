import type { DocumentsContext } from '../context';
import type { DocumentSignatureResolvers, SignerResolvers, VerifiedDocumentResolvers } from '../generated/resolvers-types';

/**
 * A signing or revocation answer with its signature read back from tte: what tte holds now (a
 * signature revoked since shows REVOKED), not what was sent. No signature id yet (PENDING): none.
 */
export async function withSignature<V extends { signatureId: string | null }>(view: V, { signatures }: DocumentsContext): Promise<V & { signature: Awaited<ReturnType<DocumentsContext['signatures']['signature']>> }> {
  return { ...view, signature: view.signatureId ? await signatures.signature(view.signatureId) : null };
}

export const DocumentSignature: DocumentSignatureResolvers = {
  id: (s) => s.signatureId,
  type: (s) => s.documentType,
  number: (s) => s.documentNumber,
};

/** Only the printed fields exist in the schema; these are the ones named differently in the port. */
export const VerifiedDocument: VerifiedDocumentResolvers = {
  type: (d) => d.documentType,
  number: (d) => d.documentNumber,
};

export const Signer: SignerResolvers = {};
