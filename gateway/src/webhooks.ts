import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTEXT_HEADER, hopWebhookClaims, signHop } from '@core/context/hop-token';
import type { HopSigner } from '@core/context/hop-keys';
import type { StreamRouteHandler } from '@core/http/graphql-server';
import { BodyTooLarge, CallerLeft, readBody } from '@core/http/read-body';
import type { Logger } from '@core/log';
import { answerUpload } from '@core/subgraph/upload-route';
import { rateLimitedAnswer, type RateLimits } from './rate-limit';
import type { Transport } from './subgraph-transport';
import { deadlineIn } from '@core/deadline';

/**
 * `POST /webhooks/<partner>`: a partner's callbacks (the courier partner's status changes) on the
 * public gateway, relayed to the subgraph that owns them. The partner has no Gerbang token: it
 * proves itself by signing the body with a shared secret, which the subgraph checks on the exact
 * bytes. So the gateway passes the raw body untouched, with the partner's signature headers and a
 * hop token of kind 'webhook' (anonymous, bound to that body): the subgraph's route is reachable
 * through the gateway only. Bodies are small (at most 16 KB) and read whole; calls are limited per
 * address like any anonymous caller's.
 */
export const WEBHOOK_PREFIX = '/webhooks/';
const MAX_BYTES = 16 * 1024;
const DEADLINE_MS = 10_000;

export interface WebhookRelay {
  /** e.g. 'ojol': the path is /webhooks/ojol on both sides. */
  partner: string;
  subgraph: string;
  subgraphUrl: string;
  /** The partner's headers passed on (lower case), e.g. its signature and timestamp. */
  headers: readonly string[];
}

export interface WebhookOptions {
  relay: WebhookRelay;
  signer: HopSigner;
  /** The gateway's pooled client for subgraph calls. */
  transport: Transport;
  rateLimits: RateLimits;
  defaultTenant: string;
  logger: Logger;
}

const errorBody = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });

export function webhookRelay(options: WebhookOptions): StreamRouteHandler {
  const { relay } = options;
  const target = new URL(`${WEBHOOK_PREFIX}${relay.partner}`, relay.subgraphUrl);
  return async (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    const decision = await options.rateLimits.consume({ principalKey: undefined, address: req.socket.remoteAddress, tenant: options.defaultTenant });
    if (!decision.allowed) {
      const answer = rateLimitedAnswer(decision);
      res.setHeader('retry-after', answer.headers['retry-after']!);
      return answerUpload(req, res, 429, answer.body);
    }
    let body: Buffer;
    try {
      body = await readBody(req, MAX_BYTES);
    } catch (error) {
      if (error instanceof CallerLeft) return;
      if (error instanceof BodyTooLarge) return answerUpload(req, res, 413, errorBody('BAD_REQUEST', `A callback is at most ${MAX_BYTES} bytes.`));
      throw error;
    }
    const headers: Record<string, string> = { 'x-request-id': requestId };
    for (const name of relay.headers) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    headers[CONTEXT_HEADER] = signHop(hopWebhookClaims({ audience: relay.subgraph, requestId, tenant: options.defaultTenant, body, deadlineMs: DEADLINE_MS }), options.signer);
    try {
      const response = await options.transport.postJson(target, headers, body, deadlineIn(DEADLINE_MS));
      // The subgraph's answers are small JSON; anything else (a proxy's page) is not relayed.
      let answer: unknown;
      try {
        answer = response.body.length <= 4_096 ? JSON.parse(response.body.toString('utf8')) : undefined;
      } catch {
        answer = undefined;
      }
      if (answer === undefined || response.status >= 500) {
        options.logger.warn('a webhook was not taken by its subgraph', { partner: relay.partner, status: response.status, requestId });
        return answerUpload(req, res, 503, errorBody('SUBGRAPH_UNAVAILABLE', 'Not recorded; send it again later.'));
      }
      answerUpload(req, res, response.status, answer);
    } catch {
      // The subgraph down: the partner sends it again (and Gerbang polls its feed for what it gave up).
      options.logger.warn('a webhook\'s subgraph cannot be reached', { partner: relay.partner, requestId });
      answerUpload(req, res, 503, errorBody('SUBGRAPH_UNAVAILABLE', 'Not recorded; send it again later.'));
    }
  };
}
