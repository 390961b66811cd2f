import DataLoader from 'dataloader';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import type { JemputBolaPort, OutreachVisit } from './port';
import { afterWaitingFields } from '@core/graphql/turns';

/**
 * Per-request DataLoaders over the outreach port: every visit number or NIK asked for while one
 * level of a query resolves is answered from one read of the app's export. Created per request,
 * never shared; a batch due after the deadline passed or the caller left is not read.
 */
export interface JemputBolaLoaders {
  visitByNumber: DataLoader<string, OutreachVisit | null>;
  visitsByApplicant: DataLoader<string, OutreachVisit[]>;
}

export function createJemputBolaLoaders(port: JemputBolaPort, deadline: Deadline): JemputBolaLoaders {
  return {
    visitByNumber: new DataLoader<string, OutreachVisit | null>(async (numbers) => {
      throwIfCancelled(deadline, 'jemput-bola');
      const found = await port.visitsByNumber(numbers, deadline);
      return numbers.map((n) => found.get(n) ?? null);
    }, { maxBatchSize: 1000, batchScheduleFn: afterWaitingFields(deadline) }),
    visitsByApplicant: new DataLoader<string, OutreachVisit[]>(async (niks) => {
      throwIfCancelled(deadline, 'jemput-bola');
      const found = await port.visitsByApplicant(niks, deadline);
      return niks.map((nik) => found.get(nik) ?? []);
    }, { maxBatchSize: 1000, batchScheduleFn: afterWaitingFields(deadline) }),
  };
}
