import type { AuditWriter } from '@core/audit';
import { recordAccess } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import type { Family, Resident, SiakPort } from '@adapters/siak';

/**
 * The SIAK port as one request sees it: every resident record it loads is written to the audit
 * trail (who, role, tenant, purpose, which NIKs, when) before it is handed to a resolver. If the
 * trail cannot take the record, the data is not given out: the call fails with AUDIT_UNAVAILABLE
 * (fail closed). Loaders batch, so a query costs one audit record per SIAK statement that
 * returned people, not one per resident.
 */
export function auditedSiak(port: SiakPort, audit: AuditWriter, request: RequestContext): SiakPort {
  const record = (operation: string, niks: readonly string[]): Promise<void> => recordAccess(audit, request, { operation: `siak.${operation}`, niks });
  const residentNiks = (residents: Iterable<Resident>) => [...residents].map((r) => r.nik);
  return {
    async residentsByNik(niks, deadline) {
      const found = await port.residentsByNik(niks, deadline);
      await record('residentsByNik', residentNiks(found.values()));
      return found;
    },
    async familiesByNumber(numbers, deadline) {
      const found = await port.familiesByNumber(numbers, deadline);
      // A family card shows its head by name and NIK.
      await record('familiesByNumber', [...found.values()].map((f: Family) => f.headNik).filter((n): n is string => !!n));
      return found;
    },
    async membersByFamily(numbers, deadline) {
      const found = await port.membersByFamily(numbers, deadline);
      await record('membersByFamily', [...found.values()].flatMap(residentNiks));
      return found;
    },
    async searchResidents(search, deadline) {
      const page = await port.searchResidents(search, deadline);
      await record('searchResidents', page.edges.map((e) => e.resident.nik));
      return page;
    },
    ping: (deadline) => port.ping(deadline),
  };
}
