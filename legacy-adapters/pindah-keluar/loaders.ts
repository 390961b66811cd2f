import type DataLoader from 'dataloader';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
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
    moveOutLettersByNik: requestLoader<string, MoveOutLetter[]>(deadline, 
      async (niks) => {
        throwIfCancelled(deadline, 'pindah-keluar');
        const found = await port.moveOutLettersOf(niks, deadline);
        return niks.map((nik) => found.get(nik) ?? []);
      },
      { maxBatchSize: 500 },
    ),
    moveOutLetterByNumber: requestLoader<string, MoveOutLetter | null>(deadline, 
      async (numbers) => {
        throwIfCancelled(deadline, 'pindah-keluar');
        const found = await port.moveOutLetterByNumber(numbers, deadline);
        return numbers.map((n) => found.get(n) ?? null);
      },
      { maxBatchSize: 100 },
    ),
  };
}
