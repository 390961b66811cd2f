import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { lookupLoader } from '@core/graphql/request-loader';
import type { ForeignResident, OrangAsingPort } from './port';

/**
 * Per-request DataLoaders over the register port: every passport asked for while one level of a
 * query resolves goes to the register in one statement. Fresh per request; a batch due after the
 * deadline passed or the caller left is not sent.
 */
export interface OrangAsingLoaders {
  foreignerByPassport: DataLoader<string, ForeignResident | null>;
}

const MAX_BATCH = 500;

export function createOrangAsingLoaders(port: OrangAsingPort, deadline: Deadline): OrangAsingLoaders {
  return {
    foreignerByPassport: lookupLoader(deadline, 'orang-asing', (passports, d) => port.foreignersByPassport(passports, d), MAX_BATCH),
  };
}
