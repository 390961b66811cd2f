import type { Enrolment } from '@adapters/ktp-rekam';
import type { Resident } from '@adapters/siak';
import { ageOn } from '../resolvers/age';

/**
 * Who may have a KTP-el printed (UU 24/2013 art. 63): a living resident who is 17 or older, or is
 * or has been married, and whose enrolment passed the central biometric match. Returns every
 * reason that stands in the way ([] when the print may be queued), so the caller can fix them all.
 * `today` is an ISO date on the tenant's calendar.
 */
export type PrintIneligibility = 'NOT_ALIVE' | 'UNDER_17_AND_NEVER_MARRIED' | 'NOT_ENROLLED' | 'ENROLMENT_NOT_SUCCESSFUL';

const EVER_MARRIED = new Set(['MARRIED', 'DIVORCED', 'WIDOWED']);

export function printIneligibility(resident: Resident, enrolments: readonly Enrolment[], today: string): PrintIneligibility[] {
  const reasons: PrintIneligibility[] = [];
  if (!resident.alive) reasons.push('NOT_ALIVE');
  const age = ageOn(resident.birthDate, today);
  const everMarried = !!resident.maritalStatus && EVER_MARRIED.has(resident.maritalStatus);
  if (!everMarried && (age === null || age < 17)) reasons.push('UNDER_17_AND_NEVER_MARRIED');
  if (enrolments.length === 0) reasons.push('NOT_ENROLLED');
  else if (!enrolments.some((e) => e.status === 'SUCCESSFUL')) reasons.push('ENROLMENT_NOT_SUCCESSFUL');
  return reasons;
}

export const INELIGIBILITY_MESSAGES: Record<PrintIneligibility, string> = {
  NOT_ALIVE: 'A death is registered for this resident.',
  UNDER_17_AND_NEVER_MARRIED: 'A KTP-el is for residents aged 17 or older, or who are or have been married.',
  NOT_ENROLLED: 'The resident has no KTP-el enrolment: enrol at a Disdukcapil or kecamatan office first.',
  ENROLMENT_NOT_SUCCESSFUL: 'The enrolment has not passed the central biometric match yet (or matched another record).',
};
