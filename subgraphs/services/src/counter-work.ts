import type { KecamatanPort } from '@adapters/kecamatan';
import type { LegalisirPort } from '@adapters/legalisir';
import { auditEntryFrom, type AuditWriter } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import type { RequestStatus } from '@core/domain/services';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import type { Tenant } from '@core/tenants';
import { parseRequestId } from './ids';
import { counterStaffNipOf } from './legalisation';
import type { ServicesLoaders } from './loaders';
import { withinRegion } from '@core/domain/regions';
import type { RequestRows } from './row-access';
import { fromCounterRequest, KECAMATAN } from './sources/kecamatan';
import { fromLegalisation, LEGALISIR } from './sources/legalisir';
import type { ServiceRequestRecord } from './sources/source';
import { optionalText } from './validation';

/**
 * Officers moving a request on, as the application's own screen lets them (the kecamatan counter,
 * the Dinas's legalisation desk): the app's rules decide which step is allowed (CONFLICT
 * STATUS_CHANGE_NOT_ALLOWED otherwise, with the current status). Done at once, not through the
 * outbox: an officer at the counter needs the answer now, and the app down is LEGACY_UNAVAILABLE.
 * The change then shows in the app's change feed like one made in its own screen.
 */
export const UPDATE_OPERATION = 'updateServiceRequestStatus';

export interface CounterPorts {
  kecamatan?: KecamatanPort;
  legalisir?: LegalisirPort;
}

export interface CounterWork {
  updateStatus(id: string, status: RequestStatus, note: string | null | undefined): Promise<ServiceRequestRecord>;
}

/** The steps each application's screen can set. */
const SETTABLE: Record<string, readonly RequestStatus[]> = {
  [KECAMATAN]: ['IN_PROCESS', 'COMPLETED', 'REJECTED'],
  [LEGALISIR]: ['VERIFYING', 'READY', 'COMPLETED', 'REJECTED'],
};

const refused = (reason: string, message: string) => new GerbangError(ErrorCode.FORBIDDEN, message, { reason });

export function counterWork(ports: CounterPorts, audit: AuditWriter, loaders: ServicesLoaders, rows: RequestRows, request: RequestContext, tenant: Tenant, deadline: Deadline): CounterWork {
  const region = request.principal.kind === 'user' ? request.principal.region : undefined;
  const recordWrite = async (niks: string[]) => {
    await audit.append(auditEntryFrom(request, { operation: `services.${UPDATE_OPERATION}`, access: 'write', niks, purpose: request.purpose ?? null })).catch((error: unknown) => {
      throw new GerbangError(ErrorCode.AUDIT_UNAVAILABLE, 'The change cannot be recorded right now: the audit trail could not take it. Try again later.', { retryable: true }, { cause: error });
    });
  };

  return {
    async updateStatus(id, status, noteInput) {
      const ref = parseRequestId(id);
      const settable = SETTABLE[ref.app];
      if (!settable) throw badUserInput('id', 'NOT_UPDATABLE_HERE', `Requests of ${ref.app} are moved on in the application itself.`);
      if (!settable.includes(status)) throw badUserInput('status', 'STATUS_NOT_SETTABLE', `The ${ref.app} application sets only ${settable.join(', ')}.`);
      const note = optionalText(noteInput, 'note', 255);
      rows.guard();
      const current = await loaders.requestByRef.load(ref);
      if (!current) {
        const withheld = rows.withheld(`${ref.app}:${ref.localId}`);
        throw withheld ?? new GerbangError(ErrorCode.NOT_FOUND, 'There is no such service request.', { reason: 'UNKNOWN_REQUEST' });
      }
      const niks = current.applicantNik ? [current.applicantNik] : [];
      if (ref.app === KECAMATAN) {
        // Counter work is the work of that kecamatan's officers.
        if (!region || !current.servicePoint.id || !withinRegion(current.servicePoint.id, region)) throw refused('NOT_YOUR_COUNTER', 'Only the officers of this kecamatan move its requests on.');
        const nip = counterStaffNipOf(request);
        if (!nip) throw refused('NIP_REQUIRED', 'The counter application records the officer\'s NIP: sign in with the account of your NIP.');
        const port = ports.kecamatan!;
        await recordWrite(niks);
        const updated = await port.updateStatus({ registrationNumber: ref.localId, status: status as 'IN_PROCESS' | 'COMPLETED' | 'REJECTED', counterStaffNip: nip, ...(note ? { note } : {}) }, deadline);
        return fromCounterRequest(updated.request);
      }
      // Legalisation is the Dinas's desk: officers serving the whole regency.
      if (!region || !withinRegion(tenant.regencyCode, region)) throw refused('NOT_YOUR_COUNTER', 'Only the Dinas\'s officers move legalisations on.');
      const officer = request.principal.kind === 'anonymous' ? 'GERBANG' : request.principal.id.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 30);
      await recordWrite(niks);
      const updated = await ports.legalisir!.updateStatus({ requestNumber: ref.localId, status: status as 'VERIFYING' | 'READY' | 'COMPLETED' | 'REJECTED', officer, ...(note ? { note } : {}) }, deadline);
      return fromLegalisation(updated.request);
    },
  };
}
