import type { SiakBirth, SiakBirthRecorder } from '@adapters/siak';
import type { AuditWriter } from '@core/audit';
import { PermanentDeliveryError, type OutboxDispatcher } from '@core/outbox';
import type { ServiceRequestRecord } from '../sources/source';
import { clientReference } from '../writers';
import { auditFulfilment } from './audit';
import type { FulfilmentWriter } from './writer';

/**
 * A finished KK change that adds a newborn, written into SIAK through the outbox: the child on the
 * family card with a NIK of their own (SIAK's recordBirth). Only the KK changes that carry a newborn
 * (no subject NIK yet, the child's sex and place of birth kept in Sirena's note) are SIAK's to take
 * here; another KK change (a spouse joining, a member leaving) stays with the Dinas's SIAK screen
 * (fulfilment/scope.ts). SIAK checks before writing (the same child on the card is this birth), so a
 * redelivery never adds a second child.
 */
export const SIAK = 'siak';
export const RECORD_BIRTH = 'recordBirth';

export interface NewbornOnCardResult {
  /** The child's NIK in SIAK. */
  nik: string;
  /** False when SIAK already had the child (a redelivery). */
  changed: boolean;
}

/** A KK change adding a newborn: the child has no NIK yet, and the request carries their details. */
export function addsNewborn(record: ServiceRequestRecord): boolean {
  return record.service === 'FAMILY_CARD_CHANGE' && !!record.subject?.newborn && !record.subject.nik;
}

export const newbornOnCardWriter: FulfilmentWriter = {
  register: SIAK,
  order: (_rule, tenant, requestId, record) => {
    const subject = record.subject;
    // scope.ts lets only KK changes carrying a newborn through; should one come without its details,
    // the empty place makes the handler refuse it (INCOMPLETE_NEWBORN) rather than guess.
    const payload: SiakBirth = {
      reference: clientReference('FKK', tenant, requestId),
      familyCardNumber: record.familyNumber ?? '',
      name: subject?.name ?? '',
      sex: subject?.newborn?.sex ?? 'MALE',
      birthPlace: subject?.newborn?.birthPlace ?? '',
      birthDate: subject?.eventDate ?? '',
    };
    return { target: SIAK, operation: RECORD_BIRTH, payload };
  },
};

export function registerNewbornOnCardHandler(dispatcher: OutboxDispatcher, ports: { siak: SiakBirthRecorder; audit: AuditWriter }): OutboxDispatcher {
  return dispatcher.register(SIAK, RECORD_BIRTH, async (message, deadline): Promise<NewbornOnCardResult> => {
    const birth = message.payload as SiakBirth;
    // Typed in Sirena's screen without a name, a birth date or a card: nothing SIAK could record.
    if (!birth.familyCardNumber || !birth.name || !birth.birthDate || !birth.birthPlace) {
      throw new PermanentDeliveryError('INCOMPLETE_NEWBORN', 'The KK change names no child, birth date, place of birth or family card: the Dinas adds the child in SIAK\'s own screen.');
    }
    // SIAK's refusals (unknown card, a birth date after today, a malformed name) are permanent GerbangErrors.
    const recorded = await ports.siak.recordBirth(birth, deadline);
    await auditFulfilment(ports.audit, message, `${SIAK}.${RECORD_BIRTH}`, 'write', [recorded.nik]);
    return { nik: recorded.nik, changed: recorded.changed };
  });
}
