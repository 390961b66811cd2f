import type { Deadline } from '@core/deadline';
import { badUserInput } from '@core/errors';
import type { ArsipPort } from '@adapters/arsip';
import type { SiakPort } from '@adapters/siak';

export interface Attachment {
  documentType: string;
  archiveId: string;
  fileName?: string;
}

/** One answer for an id the archive does not hold and for another family's file: ids cannot be probed. */
const NOT_FOUND = 'No document with this archive id is in the archive: upload it first (POST /uploads) and attach the id it answers.';

/**
 * The documents a request names must be in the archive, be what the request says they are, and
 * belong to its applicant or to someone on the applicant's family card (a parent attaches the
 * child's birth deed). Checked before anything is recorded: a portal officer who opens a request
 * whose attachment is missing, or is another family's file, has nothing to work from, and an
 * archive id must not become a way to put another family's document into someone's request.
 * One archive statement and one SIAK lookup, whatever the number of attachments.
 */
export async function checkAttachments(
  deps: { arsip: ArsipPort; siak: SiakPort },
  attachments: readonly Attachment[],
  applicantNik: string,
  deadline: Deadline,
): Promise<void> {
  if (attachments.length === 0) return;
  const archived = await deps.arsip.documentsById(attachments.map((a) => a.archiveId), deadline);
  const owners = new Set([...archived.values()].map((d) => d.ownerNik));
  const strangers = owners.has(applicantNik) && owners.size === 1 ? new Set<string>() : await othersThanFamily(deps.siak, applicantNik, owners, deadline);
  attachments.forEach((attachment, i) => {
    const argument = `input.attachments.${i}`;
    const document = archived.get(attachment.archiveId);
    // Whether another family's id exists is not the caller's to learn: the same answer as a missing one.
    if (!document || strangers.has(document.ownerNik)) throw badUserInput(`${argument}.archiveId`, 'ARCHIVE_DOCUMENT_NOT_FOUND', NOT_FOUND);
    if (document.documentType !== attachment.documentType) {
      throw badUserInput(`${argument}.documentType`, 'DOCUMENT_TYPE_MISMATCH', `The archive holds this document as ${document.documentType}, not ${attachment.documentType}.`);
    }
  });
}

/** The owners who are neither the applicant nor on the applicant's family card in SIAK. */
async function othersThanFamily(siak: SiakPort, applicantNik: string, owners: ReadonlySet<string>, deadline: Deadline): Promise<Set<string>> {
  const residents = await siak.residentsByNik([applicantNik, ...owners], deadline);
  const family = residents.get(applicantNik)?.familyNumber ?? null;
  return new Set([...owners].filter((nik) => nik !== applicantNik && (family === null || residents.get(nik)?.familyNumber !== family)));
}
