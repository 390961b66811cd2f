import type { Principal } from '@core/context/request-context';
import { ErrorCode, GerbangError } from '@core/errors';

/**
 * Who may ask for a card on a resident's behalf, decided again here from the signed principal
 * (the gateway checks scopes, it cannot check whose NIK is asked for): counter staff and
 * administrators for anyone they may see (their region: the row-scoped register decides next), a
 * resident for themself only. Undefined when allowed, the FORBIDDEN error otherwise.
 */
const STAFF_SCOPES = ['services:work', 'admin'];

export function mayRequestFor(principal: Principal, nik: string): GerbangError | undefined {
  if (principal.kind === 'anonymous') return new GerbangError(ErrorCode.FORBIDDEN, 'Sign in to request a card.', { reason: 'NO_ACCESS' });
  const scopes = new Set(principal.scopes ?? []);
  if (STAFF_SCOPES.some((s) => scopes.has(s))) return undefined;
  if (scopes.has('self:read') && principal.kind === 'user' && principal.nik === nik) return undefined;
  if (scopes.has('self:read')) return new GerbangError(ErrorCode.FORBIDDEN, 'You may request a card only for yourself.', { reason: 'NOT_YOURSELF' });
  return new GerbangError(ErrorCode.FORBIDDEN, 'You may not request cards.', { reason: 'NO_ACCESS' });
}
