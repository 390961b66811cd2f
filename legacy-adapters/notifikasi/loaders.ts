import type DataLoader from 'dataloader';
import type { Deadline } from '@core/deadline';
import { lookupLoader } from '@core/graphql/request-loader';
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
    notificationById: lookupLoader(deadline, 'notifikasi', (ids, d) => port.messagesById(ids, d), MAX_BATCH),
    notificationByReference: lookupLoader(deadline, 'notifikasi', (references, d) => port.messagesByReference(references, d), MAX_BATCH),
  };
}
