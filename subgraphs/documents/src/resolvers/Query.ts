import type { QueryResolvers } from '../generated/resolvers-types';
import { requireArchiveId } from '../validation';
import { withSignature } from './Signatures';

export const Query: QueryResolvers = {
  verifyDocument: async (_root, { qrPayload }, { verifications }) => await verifications.verify(qrPayload),

  documentSignature: async (_root, { signatureId }, { signatures }) => await signatures.signature(signatureId),

  documentSigning: async (_root, { idempotencyKey }, context) => {
    const view = await context.signatures.signingStatus(idempotencyKey);
    return view ? await withSignature(view, context) : null;
  },

  archivedDocument: async (_root, { archiveId }, { documents, rows }) => {
    const id = requireArchiveId(archiveId, 'archiveId');
    const document = await documents.documentById.load(id);
    if (document) return document;
    // Null means "no such document"; one outside the caller's reach is FORBIDDEN instead.
    const withheld = rows.withheld(id);
    if (withheld) throw withheld;
    return null;
  },
};
