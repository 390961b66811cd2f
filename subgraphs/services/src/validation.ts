import { SERVICE_POINT_KINDS, type ServicePoint, type ServicePointKind } from '@core/domain/services';
import { regions } from '@core/domain/regions';
import { badUserInput } from '@core/errors';
import type { Tenant } from '@core/tenants';
import type { ServiceRouting } from './routing/routing';

/** Checks of the services subgraph's arguments at the edge: a clear BAD_USER_INPUT naming the argument. */
const ARCHIVE_ID = /^ARS-\d{8}-[0-9A-F]{8}$/;
const DOCUMENT_TYPE = /^[A-Z][A-Z0-9_]{1,29}$/;

/** A service point the tenant has: a kecamatan or kelurahan of its regency, one of its kiosks, or none for the portal and the Dinas. */
export function requireServicePoint(input: { kind: ServicePointKind; id?: string | null }, tenant: Tenant, routing: ServiceRouting, argument: string, forFilter = false): ServicePoint {
  if (!(SERVICE_POINT_KINDS as readonly string[]).includes(input.kind)) throw badUserInput(`${argument}.kind`, 'UNKNOWN_SERVICE_POINT', 'Unknown kind of service point.');
  const id = input.id?.trim() || null;
  const bad = (message: string) => badUserInput(`${argument}.id`, 'UNKNOWN_SERVICE_POINT', message);
  switch (input.kind) {
    case 'ONLINE_PORTAL':
    case 'DINAS':
      if (id) throw bad('The online portal and the Dinas take no id.');
      return { kind: input.kind, id: null };
    case 'KECAMATAN':
    case 'KELURAHAN':
    case 'OUTREACH': {
      if (!id) {
        if (forFilter) return { kind: input.kind, id: null };
        throw bad(`Name the ${input.kind === 'KECAMATAN' ? 'kecamatan' : 'kelurahan'} by its dotted code.`);
      }
      const level = input.kind === 'KECAMATAN' ? 'district' : 'village';
      const region = regions().get(id);
      if (!region || region.level !== level || !id.startsWith(`${tenant.regencyCode}.`)) throw bad(`Not a ${input.kind === 'KECAMATAN' ? 'kecamatan' : 'kelurahan'} code of ${tenant.name}.`);
      return { kind: input.kind, id };
    }
    case 'MALL_KIOSK':
      if (!id) {
        if (forFilter) return { kind: input.kind, id: null };
        throw bad('Name the kiosk by its id.');
      }
      if (!routing.kiosks.includes(id.toUpperCase())) throw bad(`${tenant.name} has no such kiosk.`);
      return { kind: input.kind, id: id.toUpperCase() };
  }
}

export interface AttachmentInput {
  documentType: string;
  archiveId: string;
  fileName?: string | null;
}

export function requireAttachments(list: readonly AttachmentInput[] | null | undefined): Array<{ documentType: string; archiveId: string; fileName?: string }> {
  const attachments = list ?? [];
  if (attachments.length > 20) throw badUserInput('input.attachments', 'TOO_MANY', 'Attach at most 20 documents.');
  return attachments.map((a, i) => {
    const documentType = a.documentType.trim().toUpperCase();
    const archiveId = a.archiveId.trim().toUpperCase();
    if (!DOCUMENT_TYPE.test(documentType)) throw badUserInput(`input.attachments.${i}.documentType`, 'INVALID', 'A requirement name like KK or SURAT_KEHILANGAN.');
    if (!ARCHIVE_ID.test(archiveId)) throw badUserInput(`input.attachments.${i}.archiveId`, 'INVALID_ARCHIVE_ID', 'An archive id from the upload endpoint, like ARS-20260105-0A1B2C3D.');
    const fileName = a.fileName?.trim();
    if (fileName !== undefined && (fileName.length === 0 || fileName.length > 100)) throw badUserInput(`input.attachments.${i}.fileName`, 'INVALID', 'A file name of 1 to 100 characters.');
    return { documentType, archiveId, ...(fileName ? { fileName } : {}) };
  });
}

export function optionalText(value: string | null | undefined, argument: string, max: number): string | undefined {
  const text = value?.replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  if (text.length > max) throw badUserInput(argument, 'TOO_LONG', `At most ${max} characters.`);
  return text;
}

export function optionalPhone(value: string | null | undefined): string | undefined {
  const phone = value?.replace(/[\s-]/g, '');
  if (!phone) return undefined;
  if (!/^(\+62|62|0)8\d{7,12}$/.test(phone)) throw badUserInput('input.phone', 'INVALID_PHONE', 'An Indonesian mobile number, e.g. 0812 3456 7890.');
  return phone;
}
