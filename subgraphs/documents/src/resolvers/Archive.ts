import type { ArchivedDocumentResolvers, ResidentResolvers } from '../generated/resolvers-types';

export const ArchivedDocument: ArchivedDocumentResolvers = {
  id: (d) => d.archiveId,
  type: (d) => d.documentType,
  owner: (d) => ({ nik: d.ownerNik }),
  // Read through its checksum only when asked for: a whole file per document.
  integrity: async (d, _args, { documents }) => await documents.integrity.load(d.archiveId),
};

/** A resident's archived documents, one archive statement for every resident of the query level. */
export const Resident: ResidentResolvers = {
  __resolveReference: ({ nik }) => ({ nik }),
  archivedDocuments: async ({ nik }, _args, { documents }) => await documents.documentsByOwner.load(nik),
};
