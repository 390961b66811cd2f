import { PermanentDeliveryError, type OutboxDispatcher } from '@core/outbox';
import type { SignRequest, TtePort } from '@adapters/tte';
import { REVOKE, SIGN, type RevocationPayload } from './signing';

/**
 * Every write the documents subgraph sends through its outbox, as every replica registers them:
 * what a stored message turns into. tte signs once per reference and answers a second revoke as
 * it is, so a redelivery never writes twice.
 */
export function registerDocumentsHandlers(dispatcher: OutboxDispatcher, tte: TtePort): OutboxDispatcher {
  return dispatcher
    .register('tte', SIGN, async (message, deadline) => {
      const signature = await tte.signDocument(message.payload as SignRequest, deadline);
      return { signatureId: signature.signatureId };
    })
    .register('tte', REVOKE, async (message, deadline) => {
      const { signatureId, reason } = message.payload as RevocationPayload;
      const revoked = await tte.revoke(signatureId, reason, deadline);
      if (!revoked) throw new PermanentDeliveryError('UNKNOWN_SIGNATURE', 'tte holds no signature with this id.');
      return { signatureId: revoked.signatureId, status: revoked.status };
    });
}
