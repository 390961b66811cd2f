import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTEXT_HEADER, requestContextFromHop, verifyHop } from '@core/context/hop-token';
import type { HopVerifier } from '@core/context/hop-keys';
import { startDeadline } from '@core/deadline';
import { ErrorCode, GerbangError, isPublicError } from '@core/errors';
import type { StreamRouteHandler } from '@core/http/graphql-server';
import type { Logger } from '@core/log';
import type { Tenants } from '@core/tenants';
import type { UploadDescriptor, UploadHandler } from './uploads';

/**
 * The subgraph side of a streamed upload: `POST /uploads` with the descriptor in a header, signed
 * by the gateway in a hop token of kind 'upload', and the file as the body. The body goes to the
 * subgraph's handler as a stream; nothing here holds it.
 */
export const UPLOAD_PATH = '/uploads';
export const UPLOAD_DESCRIPTOR_HEADER = 'x-gerbang-upload';

/** The descriptor as the header carries it: base64url JSON (header values must be plain ASCII). */
export function encodeUploadDescriptor(descriptor: UploadDescriptor): string {
  return Buffer.from(JSON.stringify(descriptor), 'utf8').toString('base64url');
}

const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;

/** The descriptor from its header text, or undefined when it is not one (the handler validates the values). */
export function decodeUploadDescriptor(text: string): UploadDescriptor | undefined {
  if (text.length > 4_096 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const d = value as Record<string, unknown>;
  if (!d || typeof d !== 'object') return undefined;
  if (!isText(d.idempotencyKey, 200) || !isText(d.ownerNik, 32) || !isText(d.documentType, 64) || !isText(d.fileName, 255)) return undefined;
  if (d.declaredContentType !== undefined && !isText(d.declaredContentType, 100)) return undefined;
  const descriptor: UploadDescriptor = { idempotencyKey: d.idempotencyKey, ownerNik: d.ownerNik, documentType: d.documentType, fileName: d.fileName };
  if (d.declaredContentType !== undefined) descriptor.declaredContentType = d.declaredContentType as string;
  return descriptor;
}

/** The HTTP status an upload refusal is answered with. */
export function uploadStatusOf(code: string, reason: unknown): number {
  switch (code) {
    case ErrorCode.BAD_USER_INPUT:
      return reason === 'FILE_TOO_LARGE' ? 413 : reason === 'UNSUPPORTED_CONTENT' || reason === 'CONTENT_TYPE_MISMATCH' ? 415 : 400;
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.FORBIDDEN:
      return 403;
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.CONFLICT:
      return 409;
    case ErrorCode.RATE_LIMITED:
      return 429;
    case ErrorCode.LEGACY_UNAVAILABLE:
    case ErrorCode.SUBGRAPH_UNAVAILABLE:
      return 503;
    case ErrorCode.LEGACY_TIMEOUT:
    case ErrorCode.DEADLINE_EXCEEDED:
      return 504;
    default:
      return 500;
  }
}

/** A GraphQL-shaped error body, as every other refusal of Gerbang's HTTP front is. */
export function uploadErrorBody(error: unknown): { status: number; body: { errors: Array<{ message: string; extensions: Record<string, unknown> }> } } {
  const extensions = error instanceof GerbangError ? error.extensions : undefined;
  if (!(error instanceof GerbangError) || !isPublicError(extensions)) {
    return { status: 500, body: { errors: [{ message: 'Internal error.', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] } };
  }
  const { http: _http, ...shown } = extensions as Record<string, unknown>;
  return { status: uploadStatusOf(error.code, shown.reason), body: { errors: [{ message: error.message, extensions: shown }] } };
}

/**
 * Answers a refusal while the client may still be sending: the answer goes first, then the rest of
 * the body is read and dropped, so the connection stays usable and the client (which may read its
 * answer only once it has sent everything) sees it; a client that goes on sending for long is cut off.
 */
export function answerUpload(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
  if (!req.complete && !req.readableEnded) {
    const cutOff = setTimeout(() => req.destroy(), 10_000).unref();
    req.once('end', () => clearTimeout(cutOff));
    req.resume();
  }
}

export interface UploadRouteOptions {
  subgraph: string;
  handler: UploadHandler;
  verifier: HopVerifier;
  tenants: Tenants;
  /** The longest an upload may run here, whatever the gateway's deadline says. */
  maxDeadlineMs: number;
  logger: Logger;
}

export function uploadRoute(options: UploadRouteOptions): StreamRouteHandler {
  return async (req, res, requestId) => {
    const descriptorText = req.headers[UPLOAD_DESCRIPTOR_HEADER];
    const token = req.headers[CONTEXT_HEADER];
    const text = typeof descriptorText === 'string' ? descriptorText : '';
    const check = verifyHop(typeof token === 'string' ? token : undefined, { audience: options.subgraph, verifier: options.verifier, body: text, kind: 'upload' });
    if (!check.ok) {
      options.logger.warn('refused an upload without a valid hop token', { reason: check.reason, requestId });
      const refusal = new GerbangError(ErrorCode.UNAUTHENTICATED, 'Subgraphs answer only requests that come through the Gerbang gateway.', { reason: check.reason });
      return answerUpload(req, res, 401, uploadErrorBody(refusal).body);
    }
    if (!options.tenants.has(check.claims.t)) {
      const refusal = new GerbangError(ErrorCode.FORBIDDEN, 'This service holds no data of your regency.', { reason: 'TENANT_NOT_SERVED' });
      return answerUpload(req, res, 403, uploadErrorBody(refusal).body);
    }
    const descriptor = decodeUploadDescriptor(text);
    if (!descriptor) {
      const refusal = new GerbangError(ErrorCode.BAD_USER_INPUT, 'The upload description is not readable.', { reason: 'BAD_UPLOAD_DESCRIPTOR' });
      return answerUpload(req, res, 400, uploadErrorBody(refusal).body);
    }
    const deadline = startDeadline(Math.min(check.claims.dl, options.maxDeadlineMs));
    res.once('close', () => {
      if (!res.writableFinished) deadline.callerLeft();
    });
    try {
      const receipt = await options.handler(requestContextFromHop(check.claims), descriptor, req, deadline.deadline);
      answerUpload(req, res, receipt.created ? 201 : 200, receipt);
    } catch (error) {
      if (res.destroyed) return;
      const { status, body } = uploadErrorBody(error);
      if (status === 500) options.logger.error('upload failed', { error, requestId });
      answerUpload(req, res, status, body);
    } finally {
      deadline.dispose();
    }
  };
}
