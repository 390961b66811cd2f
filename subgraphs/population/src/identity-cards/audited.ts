import type { AuditWriter } from '@core/audit';
import { recordAccess } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import type { IdentityCardApps } from './apps';

/**
 * The card applications as one request sees them: like auditedSiak, every call that returned
 * residents' data is one audit record (which NIKs, who, why) written before the data is used, and
 * a print request is recorded as a write. If the trail cannot take the record, nothing is given
 * out (AUDIT_UNAVAILABLE: fail closed).
 */
export function auditedCardApps(apps: IdentityCardApps, audit: AuditWriter, request: RequestContext): IdentityCardApps {
  const record = (operation: string, niks: readonly string[], access: 'read' | 'write' = 'read'): Promise<void> => recordAccess(audit, request, { operation, niks, access });
  const { ktpRekam, ktpCetak, kia, ikd } = apps;
  return {
    health: apps.health,
    ktpRekam: {
      async enrolmentsOf(niks, deadline) {
        const found = await ktpRekam.enrolmentsOf(niks, deadline);
        await record('ktp-rekam.enrolmentsOf', [...found.keys()]);
        return found;
      },
      ping: (deadline) => ktpRekam.ping(deadline),
    },
    ktpCetak: {
      async printJobsOf(niks, deadline) {
        const found = await ktpCetak.printJobsOf(niks, deadline);
        await record('ktp-cetak.printJobsOf', [...found.keys()]);
        return found;
      },
      async printJob(jobNumber, deadline) {
        const job = await ktpCetak.printJob(jobNumber, deadline);
        if (job) await record('ktp-cetak.printJob', [job.nik]);
        return job;
      },
      async requestPrint(print, deadline) {
        // Recorded before the write is sent: a write that cannot be accounted for is not made.
        await record('ktp-cetak.requestPrint', [print.nik], 'write');
        return ktpCetak.requestPrint(print, deadline);
      },
      async printQueue(query, deadline) {
        const page = await ktpCetak.printQueue(query, deadline);
        await record('ktp-cetak.printQueue', page.jobs.map((j) => j.nik));
        return page;
      },
      ping: (deadline) => ktpCetak.ping(deadline),
    },
    kia: {
      async kiaOf(niks, deadline) {
        const found = await kia.kiaOf(niks, deadline);
        await record('kia.kiaOf', [...found.keys()]);
        return found;
      },
      async kiaByFamily(kks, deadline) {
        const found = await kia.kiaByFamily(kks, deadline);
        await record('kia.kiaByFamily', [...found.values()].flatMap((cards) => cards.map((c) => c.childNik)));
        return found;
      },
      async requestKia(card, deadline) {
        await record('kia.requestKia', [card.childNik], 'write');
        return kia.requestKia(card, deadline);
      },
      ping: (deadline) => kia.ping(deadline),
    },
    ikd: {
      async digitalIdsOf(niks, deadline) {
        const found = await ikd.digitalIdsOf(niks, deadline);
        await record('ikd.digitalIdsOf', [...found.keys()]);
        return found;
      },
      ping: (deadline) => ikd.ping(deadline),
    },
  };
}
