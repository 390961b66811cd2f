import { recordAccess, type AuditWriter } from '@core/audit';
import type { OutboxMessage } from '@core/outbox';

/**
 * The trail of what a fulfilment reads and writes in a register. No caller is behind it (the Dinas
 * finished the request in the application's own screen): the subgraph itself is the principal, the
 * outbox message the request, and the request it fulfils the purpose. Written after the register's
 * answer, which names the people concerned (a newborn's NIK is SIAK's to give); a trail that cannot
 * take it fails the delivery, which is tried again and changes nothing the second time.
 */
export const FULFILMENT_PRINCIPAL = { kind: 'service' as const, id: 'services-fulfilment', roles: [] as string[] };

export async function auditFulfilment(audit: AuditWriter, message: OutboxMessage, operation: string, access: 'read' | 'write', niks: Iterable<string | null | undefined>): Promise<void> {
  await recordAccess(
    audit,
    { requestId: message.id, tenant: message.tenant, principal: FULFILMENT_PRINCIPAL, purpose: `fulfilment ${message.idempotencyKey}` },
    { operation: `services.fulfil.${operation}`, access, niks },
  );
}
