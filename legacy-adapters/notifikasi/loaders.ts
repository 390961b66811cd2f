import type DataLoader from 'dataloader';
import { throwIfCancelled, type Deadline } from '@core/deadline';
import { requestLoader } from '@core/graphql/request-loader';
import type { Notification, NotifikasiPort } from './port';

/**
 * Per-request DataLoaders over the notifications port: every message id or reference asked for
 * while one level of a query resolves goes to the gateway in one call. Created fresh for each
 * request (a shared cache would hide delivery reports that came in since, and leak one caller's
 * messages to another); a batch due after the deadline passed or the caller left is not sent.
 */
export interface NotifikasiLoaders {
  /** null when the gateway has no such message. */
  notificationById: DataLoader<string, Notification | null>;
  /** The message sent under a reference; null when none was. */
  notificationByReference: DataLoader<string, Notification | null>;
}

const MAX_BATCH = 200;

export function createNotifikasiLoaders(port: NotifikasiPort, deadline: Deadline): NotifikasiLoaders {
  return {
    notificationById: requestLoader<string, Notification | null>(deadline, 
      async (ids) => {
        throwIfCancelled(deadline, 'notifikasi');
        const found = await port.messagesById(ids, deadline);
        return ids.map((id) => found.get(id) ?? null);
      },
      { maxBatchSize: MAX_BATCH },
    ),
    notificationByReference: requestLoader<string, Notification | null>(deadline, 
      async (references) => {
        throwIfCancelled(deadline, 'notifikasi');
        const found = await port.messagesByReference(references, deadline);
        return references.map((r) => found.get(r) ?? null);
      },
      { maxBatchSize: MAX_BATCH },
    ),
  };
}
