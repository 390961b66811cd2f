import type DataLoader from 'dataloader';
import type { AuditWriter } from '@core/audit';
import { recordAccess } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
import type { ArchivedDocument, ArsipPort, OpenedDocument } from '@adapters/arsip';
import type { DocumentRows } from './row-access';

export type Integrity = 'INTACT' | 'CORRUPT' | 'MISSING';

/**
 * Per-request loaders over the archive: one statement per query level (the loaders batch), rows
 * outside the caller's reach withheld, and every document given out written to the audit trail
 * first (its owner's NIK), fail closed (AUDIT_UNAVAILABLE) when the trail cannot take it.
 * `integrity` reads a file through its checksum: one file per document, only when asked for.
 */
export interface DocumentLoaders {
  documentById: DataLoader<string, ArchivedDocument | null>;
  documentsByOwner: DataLoader<string, ArchivedDocument[]>;
  integrity: DataLoader<string, Integrity>;
}

const MAX_BATCH = 500;
/** Files read at once for their integrity (each is a full read of the file): a long list does not flood the disk. */
const INTEGRITY_AT_ONCE = 8;

export function createDocumentLoaders(arsip: ArsipPort, rows: DocumentRows, audit: AuditWriter, request: RequestContext, deadline: Deadline): DocumentLoaders {
  const record = (operation: string, niks: Iterable<string>): Promise<void> => recordAccess(audit, request, { operation, niks });

  return {
    documentById: requestLoader<string, ArchivedDocument | null>(deadline, async (ids) => {
      rows.guard();
      throwIfCancelled(deadline, 'arsip');
      const found = await arsip.documentsById(ids, deadline);
      const visible = await rows.visibleOwners([...found.values()].map((d) => d.ownerNik), deadline);
      const out = ids.map((id) => {
        const document = found.get(id);
        if (!document) return null;
        if (visible.has(document.ownerNik)) return document;
        rows.withhold(id);
        return null;
      });
      await record('arsip.documentsById', out.flatMap((d) => (d ? [d.ownerNik] : [])));
      return out;
    }, { maxBatchSize: MAX_BATCH }),

    documentsByOwner: requestLoader<string, ArchivedDocument[]>(deadline, async (niks) => {
      rows.guard();
      throwIfCancelled(deadline, 'arsip');
      // Owners outside the caller's reach are not even asked for.
      const visible = await rows.visibleOwners(niks, deadline);
      const found = visible.size > 0 ? await arsip.documentsOfOwners([...visible], deadline) : new Map<string, ArchivedDocument[]>();
      const out = niks.map((nik) => (visible.has(nik) ? (found.get(nik) ?? []) : []));
      await record('arsip.documentsOfOwners', out.flat().map((d) => d.ownerNik));
      return out;
    }, { maxBatchSize: MAX_BATCH }),

    // Only documents already given out by the loaders above reach this one (resolver of a field of theirs).
    integrity: requestLoader<string, Integrity>(deadline, async (ids) => {
      const out: Integrity[] = [];
      for (let i = 0; i < ids.length; i += INTEGRITY_AT_ONCE) {
        throwIfCancelled(deadline, 'arsip');
        out.push(...(await Promise.all(ids.slice(i, i + INTEGRITY_AT_ONCE).map(async (id) => integrityOf(await arsip.openDocument(id, deadline))))));
      }
      return out;
    }, { maxBatchSize: MAX_BATCH }),
  };
}

/** The verdict; an INTACT document's content stream is not wanted here, so it is let go. */
export function integrityOf(opened: OpenedDocument | null): Integrity {
  if (!opened) return 'MISSING';
  if (opened.integrity === 'INTACT') release(opened.content);
  return opened.integrity;
}

/** The stream the adapter opened with an INTACT verdict is not wanted here: destroying it closes the file. */
function release(content: NodeJS.ReadableStream & { destroy?: () => void; on(event: 'error', listener: (error: unknown) => void): unknown }): void {
  content.on('error', () => undefined);
  if (content.destroy) content.destroy();
  else content.resume();
}
