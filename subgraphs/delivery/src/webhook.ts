import type { Knex } from 'knex';
import { Counter } from 'prom-client';
import { verifyOjolCallback, type OjolSettings } from '@adapters/ojol';
import type { HopVerifier } from '@core/context/hop-keys';
import { CONTEXT_HEADER, verifyHop } from '@core/context/hop-token';
import type { StreamRouteHandler } from '@core/http/graphql-server';
import { BodyTooLarge, CallerLeft, readBody } from '@core/http/read-body';
import type { Logger } from '@core/log';
import { metricsRegistry } from '@core/metrics';
import { answerUpload } from '@core/subgraph/upload-route';
import type { Tenants } from '@core/tenants';
import { applyStatusEvent } from './status-events';

/**
 * `POST /webhooks/ojol`: the partner's status callbacks, relayed by the gateway's public endpoint
 * (gateway/src/webhooks.ts) with a hop token of kind 'webhook' bound to the raw body. Checked in
 * this order: the gateway's token (nobody else may reach this route), then the partner's own
 * signature over the exact bytes (verifyOjolCallback: secret, signed moment, tolerance). A refused
 * callback is answered 401, logged once with its reason (never the payload) and counted, and
 * changes nothing. An accepted one is recorded (event id and the order's new status in one
 * transaction, src/status-events.ts) before it is answered 200: a double (the same event id) is
 * answered 200 with no effect, a late one is kept in the timeline and moves nothing backwards.
 * Storage down: 503, and the partner sends it again.
 */
export const OJOL_WEBHOOK_PATH = '/webhooks/ojol';
const MAX_CALLBACK_BYTES = 16 * 1024;

export const callbackOutcomes = new Counter({
  name: 'gerbang_delivery_callbacks_total',
  help: 'Courier partner callbacks received, by outcome (applied, stale, duplicate, unknown-order, or refused: the reason).',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

export interface OjolWebhookOptions {
  subgraph: string;
  db: Knex;
  verifier: HopVerifier;
  tenants: Tenants;
  ojol: Pick<OjolSettings, 'callbackSecret' | 'callbackToleranceSeconds'>;
  logger: Logger;
}

const answer = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });

export function ojolWebhook(options: OjolWebhookOptions): StreamRouteHandler {
  return async (req, res, requestId) => {
    let body: Buffer;
    try {
      body = await readBody(req, MAX_CALLBACK_BYTES);
    } catch (error) {
      if (error instanceof CallerLeft) return;
      if (error instanceof BodyTooLarge) return answerUpload(req, res, 413, answer('BAD_REQUEST', 'A callback is a few hundred bytes.'));
      throw error;
    }
    const token = req.headers[CONTEXT_HEADER];
    const hop = verifyHop(typeof token === 'string' ? token : undefined, { audience: options.subgraph, verifier: options.verifier, body, kind: 'webhook' });
    if (!hop.ok) {
      options.logger.warn('refused a webhook without a valid hop token', { reason: hop.reason, requestId });
      return answerUpload(req, res, 401, answer('UNAUTHENTICATED', 'Subgraphs answer only requests that come through the Gerbang gateway.'));
    }
    if (!options.tenants.has(hop.claims.t)) return answerUpload(req, res, 403, answer('FORBIDDEN', 'This service holds no data of that regency.'));

    const verdict = verifyOjolCallback({ rawBody: body, headers: req.headers, secret: options.ojol.callbackSecret, toleranceSeconds: options.ojol.callbackToleranceSeconds });
    if (!verdict.ok) {
      callbackOutcomes.inc({ outcome: `refused:${verdict.refusal}` });
      options.logger.warn('refused a courier partner callback', { refusal: verdict.refusal, requestId });
      return answerUpload(req, res, 401, answer('UNAUTHENTICATED', 'The callback is not signed by the partner.'));
    }
    const event = verdict.event;
    try {
      const outcome = await applyStatusEvent(options.db, { ...event, reference: event.reference, orderId: event.orderId }, 'callback');
      callbackOutcomes.inc({ outcome });
      options.logger.info('courier partner callback', { outcome, eventId: event.eventId, status: event.status, requestId });
      answerUpload(req, res, 200, { accepted: true, outcome });
    } catch (error) {
      // Not recorded: the partner must send it again (it does, on anything but 2xx).
      options.logger.error('could not record a courier partner callback', { error, requestId });
      answerUpload(req, res, 503, answer('SUBGRAPH_UNAVAILABLE', 'Not recorded; send it again later.'));
    }
  };
}
