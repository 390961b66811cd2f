import { Agent, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Transform, type TransformCallback } from 'node:stream';
import { CONTEXT_HEADER, hopUploadClaims, signHop } from '@core/context/hop-token';
import type { HopSigner } from '@core/context/hop-keys';
import type { RequestContext } from '@core/context/request-context';
import { Cancelled, startDeadline } from '@core/deadline';
import { ErrorCode, GerbangError } from '@core/errors';
import type { StreamRouteHandler } from '@core/http/graphql-server';
import { correlationIdOf } from '@core/http/graphql-server';
import type { Logger } from '@core/log';
import { answerUpload, encodeUploadDescriptor, UPLOAD_DESCRIPTOR_HEADER, UPLOAD_PATH, uploadErrorBody } from '@core/subgraph/upload-route';
import type { UploadDescriptor } from '@core/subgraph/uploads';
import type { Authenticator } from './auth/authenticator';
import { denialOf, type Policy } from './authorization/decide';
import type { AccessRule } from './authorization/rules';
import type { RateLimits } from './rate-limit';
import { principalKeyOf, rateLimitedAnswer } from './rate-limit';

/**
 * `POST /uploads`: a requirement scan or an issued document, streamed to the archive through the
 * documents subgraph. `@apollo/gateway` does not forward multipart requests, so files do not go
 * through GraphQL: the client posts the raw file here and gets an `archiveId` that mutations take.
 *
 *   POST /uploads?owner=<NIK>&type=<KK|KTP|AKTA_LAHIR|…>&name=<file name>
 *   Authorization: Bearer …      Idempotency-Key: <the client's key>      Content-Type: application/pdf
 *   x-purpose: …  (staff)         <the file's bytes>
 *
 * The body is never held: it is counted on its way through (over GATEWAY_UPLOAD_MAX_BYTES the copy
 * stops at once and the archive drops what it had), and the archive tells its type from its first
 * bytes. Who may upload is decided here (signed in, a scope that writes requirements, a purpose
 * for staff); for whom (a resident for their own family, staff in their region) by the subgraph.
 */
export const UPLOAD_RULE: AccessRule = {
  authenticated: true,
  /** Residents for themselves, counter staff, kelurahan operators filing for residents, administrators. */
  scopes: [['self:read'], ['services:work'], ['services:submit-batch'], ['admin']],
  policies: [['purpose-stated']],
};

export interface UploadEndpointOptions {
  /** The documents subgraph's GraphQL URL; uploads go to /uploads beside it. */
  subgraphUrl: string;
  subgraph: string;
  signer: HopSigner;
  authenticator: Authenticator;
  rateLimits: RateLimits;
  policies: ReadonlyMap<string, Policy>;
  defaultTenant: string;
  maxBytes: number;
  deadlineMs: number;
  purposeOf(req: IncomingMessage): string | undefined;
  logger: Logger;
}

class TooLarge extends Error {}

/** Counts the bytes going through and fails the copy the moment they pass the limit. */
class ByteLimit extends Transform {
  size = 0;
  constructor(private readonly max: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.max) return done(new TooLarge());
    done(null, chunk);
  }
}

const refusal = (code: ErrorCode, reason: string, message: string, extra: Record<string, unknown> = {}) => new GerbangError(code, message, { reason, ...extra });

function tooLarge(max: number): GerbangError {
  return refusal(ErrorCode.BAD_USER_INPUT, 'FILE_TOO_LARGE', `The file is larger than ${max} bytes.`, { argument: 'body', maxBytes: max });
}

/** The parameters of the query string, as the subgraph will check them; absent ones are refused here. */
function descriptorOf(req: IncomingMessage): UploadDescriptor | GerbangError {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const owner = url.searchParams.get('owner');
  const type = url.searchParams.get('type');
  const name = url.searchParams.get('name');
  const key = req.headers['idempotency-key'];
  const missing = [!owner && 'owner', !type && 'type', !name && 'name', typeof key !== 'string' && 'Idempotency-Key header'].filter(Boolean);
  if (missing.length > 0) return refusal(ErrorCode.BAD_USER_INPUT, 'MISSING_PARAMETER', `Missing: ${missing.join(', ')}.`, { argument: missing[0] });
  const declared = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const descriptor: UploadDescriptor = { idempotencyKey: key as string, ownerNik: owner!, documentType: type!, fileName: name! };
  // application/octet-stream (or nothing) declares no type: the content alone decides.
  if (declared && declared !== 'application/octet-stream') descriptor.declaredContentType = declared;
  return descriptor;
}

export function uploadEndpoint(options: UploadEndpointOptions): StreamRouteHandler {
  const target = new URL(UPLOAD_PATH, options.subgraphUrl);
  const https = target.protocol === 'https:';
  // Its own pool: a few long uploads never take the sockets GraphQL calls wait for.
  const agent = https ? new HttpsAgent({ keepAlive: true, maxSockets: 32 }) : new Agent({ keepAlive: true, maxSockets: 32 });
  const send = https ? httpsRequest : httpRequest;

  return async (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    const fail = (error: unknown) => {
      const { status, body } = uploadErrorBody(error);
      if (status === 500) options.logger.error('upload failed', { error, requestId });
      answerUpload(req, res, status, body);
    };
    let caller;
    try {
      caller = await options.authenticator.authenticate(req.headers.authorization);
    } catch (error) {
      return fail(error);
    }
    const purpose = options.purposeOf(req);
    const denial = denialOf(UPLOAD_RULE, { principal: caller.principal, purpose }, options.policies);
    if (denial) {
      const code = denial === 'NOT_SIGNED_IN' ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN;
      return fail(refusal(code, denial, denial === 'NOT_SIGNED_IN' ? 'Sign in to upload files.' : 'You may not upload files.'));
    }
    const tenant = caller.tenant ?? options.defaultTenant;
    const decision = await options.rateLimits.consume({ principalKey: principalKeyOf(caller.principal), address: req.socket.remoteAddress, tenant });
    if (!decision.allowed) {
      const answer = rateLimitedAnswer(decision);
      res.setHeader('retry-after', answer.headers['retry-after']!);
      return answerUpload(req, res, 429, answer.body);
    }
    const descriptor = descriptorOf(req);
    if (descriptor instanceof GerbangError) return fail(descriptor);
    const declaredLength = Number(req.headers['content-length']);
    if (Number.isFinite(declaredLength) && declaredLength > options.maxBytes) return fail(tooLarge(options.maxBytes));

    const deadline = startDeadline(options.deadlineMs);
    res.once('close', () => {
      if (!res.writableFinished) deadline.callerLeft();
    });
    const context: RequestContext = { requestId, correlationId: correlationIdOf(req), purpose, principal: caller.principal, tenant };
    const descriptorText = encodeUploadDescriptor(descriptor);
    const upstream = send(target, {
      method: 'POST',
      agent,
      headers: {
        'content-type': 'application/octet-stream',
        [UPLOAD_DESCRIPTOR_HEADER]: descriptorText,
        [CONTEXT_HEADER]: signHop(hopUploadClaims(context, { audience: options.subgraph, descriptor: descriptorText, deadlineMs: deadline.deadline.remaining() }), options.signer),
        'x-request-id': requestId,
      },
      signal: deadline.deadline.signal,
    });
    const limit = new ByteLimit(options.maxBytes);
    // pipe(), not pipeline(): on a refusal the client's request must stay open to receive its answer.
    req.pipe(limit).pipe(upstream);
    try {
      const outcome = await new Promise<{ response: IncomingMessage } | { error: unknown }>((resolve) => {
        upstream.once('response', (response) => resolve({ response }));
        upstream.once('error', (error) => resolve({ error }));
        limit.once('error', (error) => resolve({ error }));
      });
      // From here on a late error of the copy (the subgraph closing after a refusal) changes nothing.
      upstream.on('error', () => undefined);
      req.unpipe(limit);
      if ('error' in outcome) throw outcome.error;
      const response = outcome.response;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response) {
        size += (chunk as Buffer).length;
        // A receipt or an error is a few hundred bytes; anything else is not relayed.
        if (size > 64 * 1024) throw new Error('the documents subgraph answered an upload with an oversized body');
        chunks.push(chunk as Buffer);
      }
      const status = response.statusCode ?? 502;
      if (status >= 500 && status !== 503 && status !== 504) throw new Error(`the documents subgraph answered an upload with ${status}`);
      answerUpload(req, res, status, JSON.parse(Buffer.concat(chunks).toString('utf8')));
    } catch (error) {
      upstream.destroy();
      if (res.headersSent || res.destroyed) return;
      const cancelled = deadline.deadline.signal.aborted ? (deadline.deadline.signal.reason as unknown) : undefined;
      if (cancelled instanceof Cancelled && cancelled.reason === 'CALLER_LEFT') return;
      if (cancelled instanceof Cancelled) return fail(new GerbangError(ErrorCode.DEADLINE_EXCEEDED, 'The upload took longer than allowed.', { reason: 'UPLOAD_DEADLINE' }));
      if (error instanceof TooLarge) return fail(tooLarge(options.maxBytes));
      const unreachable = (error as { code?: string }).code === 'ECONNREFUSED' || (error as { code?: string }).code === 'ECONNRESET';
      if (unreachable) return fail(new GerbangError(ErrorCode.SUBGRAPH_UNAVAILABLE, 'The document archive cannot be reached; try again later.', { reason: 'DOCUMENTS_UNAVAILABLE' }));
      fail(error);
    } finally {
      deadline.dispose();
    }
  };
}
