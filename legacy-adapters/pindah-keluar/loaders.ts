import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { listLoader, lookupLoader } from '@core/graphql/request-loader';
import type { MoveOutLetter, PindahKeluarPort } from './port';

/**
 * Per-request DataLoaders over the move-out port: every NIK (or letter number) asked for while one
 * level of a query resolves goes to the application in one call. Created fresh for each request
 * (a shared cache would leak one caller's data to another and hide the desk's cancellations); a
 * batch due after the deadline passed or the caller left is not sent.
 */
export interface PindahKeluarLoaders {
  /** Every letter naming the resident as a mover; [] when none. */
  moveOutLettersByNik: DataLoader<string, MoveOutLetter[]>;
  /** null when the application has no such letter. */
  moveOutLetterByNumber: DataLoader<string, MoveOutLetter | null>;
}

export function createPindahKeluarLoaders(port: PindahKeluarPort, deadline: Deadline): PindahKeluarLoaders {
  return {
    moveOutLettersByNik: listLoader(deadline, 'pindah-keluar', (niks, d) => port.moveOutLettersOf(niks, d), 500),
    moveOutLetterByNumber: lookupLoader(deadline, 'pindah-keluar', (numbers, d) => port.moveOutLetterByNumber(numbers, d), 100),
  };
}
