import { createHash } from 'node:crypto';
import type { AuditWriter } from '@core/audit';
import { auditEntryFrom } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import { ErrorCode, GerbangError } from '@core/errors';
import type { MutationStatus } from '@core/outbox';
import { pendingErrorCode } from '@core/outbox';

/**
 * What the registrations through the outbox share (births, marriages, court-ordered changes; the
 * death registration keeps its own in death-registration.ts): the reference a registry keeps, the
 * deliveries as the API shows them, the write's audit record, and who may follow a registration.
 */
export type DeliveryState = 'PENDING' | 'DELIVERED' | 'FAILED';

export interface DeliveryView {
  app: string;
  state: DeliveryState;
  attempts: number;
  errorCode: string | null;
}

/**
 * The reference a registry keeps for a registration (its check-before-writing-again key): short,
 * per tenant and idempotency key, the same on every repeat and redelivery.
 */
export function clientReference(register: string, tenant: string, key: string): string {
  return `GB-${register}-${createHash('sha256').update(`${tenant}\u0000${key}`).digest('hex').slice(0, 24)}`;
}

const stateOf = (s: string): DeliveryState => (s === 'DELIVERED' ? 'DELIVERED' : s === 'FAILED_PERMANENTLY' ? 'FAILED' : 'PENDING');

export function deliveriesOf(status: MutationStatus): DeliveryView[] {
  return status.messages.map((m) => ({ app: m.target, state: stateOf(m.state), attempts: m.attempts, errorCode: pendingErrorCode(m) }));
}

/** What the registry answered for its (single) delivered message, or undefined while it has not. */
export function deliveredResult<T>(status: MutationStatus, target: string): T | undefined {
  const message = status.messages.find((m) => m.target === target && m.state === 'DELIVERED');
  return (message?.result ?? undefined) as T | undefined;
}

export function principalIdOf(request: RequestContext): string | null {
  return request.principal.kind === 'anonymous' ? null : request.principal.id;
}

/**
 * The caller's own completed registration of this operation under the key, else undefined: the
 * outbox store does not know who may see what, so a key of another officer answers nothing.
 */
export function ownStatus(status: MutationStatus | undefined, operation: string, request: RequestContext): MutationStatus | undefined {
  if (!status || status.operation !== operation || status.state !== 'COMPLETED') return undefined;
  return status.principalId === principalIdOf(request) ? status : undefined;
}

/** One audit record (access 'write') before anything is recorded; fails closed. */
export async function auditWrite(audit: AuditWriter, request: RequestContext, operation: string, niks: ReadonlyArray<string | null>, what: string): Promise<void> {
  const named = [...new Set(niks.filter((n): n is string => !!n))];
  await audit.append(auditEntryFrom(request, { operation: `civil-registry.${operation}`, access: 'write', niks: named, purpose: request.purpose ?? null })).catch((error: unknown) => {
    throw new GerbangError(ErrorCode.AUDIT_UNAVAILABLE, `The ${what} cannot be registered right now: its record could not be written to the audit trail. Try again later.`, { retryable: true }, { cause: error });
  });
}
