import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { listLoader, lookupLoader } from '@core/graphql/request-loader';
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
    visitByNumber: lookupLoader(deadline, 'jemput-bola', (numbers, d) => port.visitsByNumber(numbers, d), 1000),
    visitsByApplicant: listLoader(deadline, 'jemput-bola', (niks, d) => port.visitsByApplicant(niks, d), 1000),
  };
}
