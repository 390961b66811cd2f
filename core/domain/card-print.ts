import { ageOn } from './age';

/**
 * Who may have a KTP-el printed (UU 24/2013 art. 63): a living resident who is 17 or older, or is
 * or has been married, and whose enrolment passed the central biometric match. Returns every
 * reason that stands in the way ([] when the print may be queued), so the caller can fix them all.
 * `today` is an ISO date on the tenant's calendar. Shared by every subgraph that asks for a print
 * (population's requestCardPrint, the services subgraph's fulfilment of a finished request).
 */
export type PrintIneligibility = 'NOT_ALIVE' | 'UNDER_17_AND_NEVER_MARRIED' | 'NOT_ENROLLED' | 'ENROLMENT_NOT_SUCCESSFUL';

const EVER_MARRIED = new Set(['MARRIED', 'DIVORCED', 'WIDOWED']);

/** What the rule reads of a resident (SIAK's Resident has it) and of their enrolments (ktp-rekam's). */
export interface PrintApplicant {
  alive: boolean;
  birthDate: string | null;
  maritalStatus: string | null;
}

export function printIneligibility(resident: PrintApplicant, enrolments: ReadonlyArray<{ status: string | null }>, today: string): PrintIneligibility[] {
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
