import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Principal, RequestContext } from './request-context';

/**
 * The gateway is the only door: it decides the principal and tenant and passes them to subgraphs
 * in one header, `<payload>.<signature>`, where payload is base64url JSON and signature is
 * HMAC-SHA256 with a secret shared by gateway and subgraphs. A subgraph trusts nothing else, so a
 * client that reaches a subgraph directly cannot pick its own tenant or role.
 * The issue time bounds replay of a captured header.
 */
export const CONTEXT_HEADER = 'x-gerbang-context';
export const REQUEST_ID_HEADER = 'x-request-id';
const MAX_AGE_MS = 5 * 60_000;

interface SignedPayload {
  rid: string;
  p: Principal;
  t: string;
  iat: number;
}

function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function signContext(context: RequestContext, secret: string, now = Date.now()): string {
  const body: SignedPayload = { rid: context.requestId, p: context.principal, t: context.tenant, iat: now };
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${sign(payload, secret)}`;
}

export type ContextCheck = { ok: true; context: RequestContext } | { ok: false; reason: 'MISSING' | 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED' };

export function verifyContext(header: string | undefined, secret: string, now = Date.now()): ContextCheck {
  if (!header) return { ok: false, reason: 'MISSING' };
  const dot = header.indexOf('.');
  if (dot <= 0) return { ok: false, reason: 'MALFORMED' };
  const payload = header.slice(0, dot);
  const given = Buffer.from(header.slice(dot + 1));
  const expected = Buffer.from(sign(payload, secret));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'BAD_SIGNATURE' };
  let body: SignedPayload;
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SignedPayload;
  } catch {
    return { ok: false, reason: 'MALFORMED' };
  }
  if (typeof body.iat !== 'number' || Math.abs(now - body.iat) > MAX_AGE_MS) return { ok: false, reason: 'EXPIRED' };
  if (typeof body.rid !== 'string' || typeof body.t !== 'string' || typeof body.p?.kind !== 'string') return { ok: false, reason: 'MALFORMED' };
  return { ok: true, context: { requestId: body.rid, principal: body.p, tenant: body.t } };
}
