import type DataLoader from 'dataloader';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
import type { JemputBolaPort, OutreachVisit } from './port';

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
    visitByNumber: requestLoader<string, OutreachVisit | null>(deadline, async (numbers) => {
      throwIfCancelled(deadline, 'jemput-bola');
      const found = await port.visitsByNumber(numbers, deadline);
      return numbers.map((n) => found.get(n) ?? null);
    }, { maxBatchSize: 1000 }),
    visitsByApplicant: requestLoader<string, OutreachVisit[]>(deadline, async (niks) => {
      throwIfCancelled(deadline, 'jemput-bola');
      const found = await port.visitsByApplicant(niks, deadline);
      return niks.map((nik) => found.get(nik) ?? []);
    }, { maxBatchSize: 1000 }),
  };
}
