import type { AktaLahirPort } from '@adapters/akta-lahir';
import type { Resident, SiakPort } from '@adapters/siak';
import type { AuditWriter } from '@core/audit';
import { GerbangError } from '@core/errors';
import { NotYetDeliverableError, PermanentDeliveryError, type OutboxDispatcher } from '@core/outbox';
import { todayIn } from '@core/tenants';
import { clientReference } from '../writers';
import { auditFulfilment } from './audit';
import type { FulfilmentWriter } from './writer';

/**
 * A finished birth registration written into akta-lahir through the outbox: the birth deed, for a
 * child SIAK holds. The deed is issued from the register's record of the child (NIK, name, sex,
 * place and date of birth, parents, kelurahan), as civil-registry's registerBirth issues it, so the
 * request names only what finds the child: the family card, the name and the birth date. Until the
 * child is on that card (the KK change filed beside it, written by fulfilment/newborn-on-card.ts or
 * typed in SIAK by the Dinas) the deed waits (NotYetDeliverableError CHILD_NOT_ON_FAMILY_CARD, tried
 * again with backoff). akta-lahir keeps the reference, so a redelivery never issues a second deed.
 */
export const AKTA_LAHIR = 'akta-lahir';
export const REGISTER_BIRTH = 'registerBirth';

export interface BirthDeedOrder {
  /** akta-lahir's client reference for this request's deed (per tenant and request). */
  reference: string;
  familyCardNumber: string;
  /** As the request names the child (UPPERCASE, as Sirena keeps it). */
  childName: string;
  /** ISO date. */
  birthDate: string;
}

export interface BirthDeedResult {
  deedNumber: string;
  childNik: string;
}

export interface BirthDeedPorts {
  siak: SiakPort;
  aktaLahir: AktaLahirPort;
  audit: AuditWriter;
  /** The tenant's zone: the deed is registered on its calendar. */
  timeZone: string;
}

const sameName = (a: string, b: string) => a.replace(/\s+/g, ' ').trim().toUpperCase() === b.replace(/\s+/g, ' ').trim().toUpperCase();

export const birthDeedWriter: FulfilmentWriter = {
  register: AKTA_LAHIR,
  order: (_rule, tenant, requestId, record) => {
    const payload: BirthDeedOrder = {
      reference: clientReference('FLU', tenant, requestId),
      familyCardNumber: record.familyNumber ?? '',
      childName: record.subject?.name ?? '',
      birthDate: record.subject?.eventDate ?? '',
    };
    return { target: AKTA_LAHIR, operation: REGISTER_BIRTH, payload };
  },
};

/** The child on the card: a living child of that name and birth date (the newest, should an officer have typed them twice). */
function childOn(members: readonly Resident[], order: BirthDeedOrder): Resident | undefined {
  return members.filter((m) => m.alive && m.relationship === 'CHILD' && m.birthDate === order.birthDate && sameName(m.name, order.childName)).sort((a, b) => b.nik.localeCompare(a.nik))[0];
}

export function registerBirthDeedHandler(dispatcher: OutboxDispatcher, ports: BirthDeedPorts): OutboxDispatcher {
  return dispatcher.register(AKTA_LAHIR, REGISTER_BIRTH, async (message, deadline): Promise<BirthDeedResult> => {
    const order = message.payload as BirthDeedOrder;
    if (!order.familyCardNumber || !order.childName || !order.birthDate) {
      throw new PermanentDeliveryError('INCOMPLETE_BIRTH', 'The birth registration names no child, birth date or family card: the Dinas registers it in akta-lahir\'s own screen.');
    }
    const members = (await ports.siak.membersByFamily([order.familyCardNumber], deadline)).get(order.familyCardNumber) ?? [];
    const child = childOn(members, order);
    if (!child) throw new NotYetDeliverableError('CHILD_NOT_ON_FAMILY_CARD', 'The child is not on the family card in SIAK yet: the deed waits for the KK change.');
    await auditFulfilment(ports.audit, message, `siak.membersByFamily`, 'read', [child.nik, child.mother?.nik, child.father?.nik]);
    if (!child.mother) throw new PermanentDeliveryError('MOTHER_UNKNOWN', 'SIAK names no mother for the child: the Dinas registers this birth in akta-lahir\'s own screen.');
    // An officer may still fill the place in SIAK: waited for, not refused.
    if (!child.birthPlace || !child.birthDate) throw new NotYetDeliverableError('BIRTH_PLACE_MISSING', 'SIAK holds no place or date of birth for the child yet.');
    try {
      const { deed } = await ports.aktaLahir.registerBirth({
        clientReference: order.reference, childNik: child.nik, childName: child.name, sex: child.sex, birthPlace: child.birthPlace, birthDate: child.birthDate,
        mother: child.mother, father: child.father, kelurahanCode: child.kelurahanCode, registeredOn: todayIn(ports.timeZone),
      }, deadline);
      await auditFulfilment(ports.audit, message, `${AKTA_LAHIR}.${REGISTER_BIRTH}`, 'write', [child.nik, child.mother.nik, child.father?.nik]);
      return { deedNumber: deed.number, childNik: child.nik };
    } catch (error) {
      // The child has a deed already (registered at the Dinas counter meanwhile): final, with the registry's reason.
      if (error instanceof GerbangError && error.extensions.reason === 'BIRTH_ALREADY_REGISTERED') throw new PermanentDeliveryError('BIRTH_ALREADY_REGISTERED', 'The child already has a birth deed.', { cause: error });
      throw error;
    }
  });
}
