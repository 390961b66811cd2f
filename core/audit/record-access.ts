import type { RequestContext } from '@core/context/request-context';
import { ErrorCode, GerbangError } from '@core/errors';
import { auditEntryFrom, type AuditAccess } from './record';
import type { AuditWriter } from './writer';

/**
 * Writes to the trail what this request is about to give out (or has written), before it goes:
 * one record for the people named, none when nobody is. If the trail cannot take it, nothing is
 * given out: AUDIT_UNAVAILABLE (fail closed), retryable. Every subgraph's audited loaders call this.
 */
export async function recordAccess(audit: AuditWriter, request: RequestContext, access: { operation: string; niks: Iterable<string | null | undefined>; access?: AuditAccess }): Promise<void> {
  const niks = [...new Set([...access.niks].filter((n): n is string => !!n))];
  if (niks.length === 0) return;
  try {
    await audit.append(auditEntryFrom(request, { operation: access.operation, access: access.access ?? 'read', niks, purpose: request.purpose ?? null }));
  } catch (error) {
    throw new GerbangError(ErrorCode.AUDIT_UNAVAILABLE, 'This personal data cannot be shown right now: its access could not be recorded. Try again later.', { retryable: true }, { cause: error });
  }
}
