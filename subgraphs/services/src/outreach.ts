import type { OutreachReason, VisitRequest } from '@adapters/jemput-bola';
import type { Resident } from '@adapters/siak';
import type { ServiceKind } from '@core/domain/services';
import { badUserInput } from '@core/errors';
import { todayIn, type Tenant } from '@core/tenants';
import { isWorkingDay } from './routing/calendar';
import type { ServiceRouting } from './routing/routing';
import { JEMPUT_BOLA } from './sources/jemput-bola';

/**
 * An outreach visit (jemput-bola, catalogue #21) as submitServiceRequest takes it: checked here,
 * at the edge, so that what reaches the app's schedule file is what its batch job accepts for
 * format. What only the app can judge (the kelurahan's six visits a day, a visit already planned
 * for the resident) is its batch job's to refuse: such a visit is kept by the app as REJECTED
 * with its reason, and shows so through the API (see writers.ts).
 */
export interface OutreachInput {
  /** Why the resident cannot come to an office. DISABLED is protected data (UU 24/2013 art. 84). */
  reason: OutreachReason;
  /** ISO date the team is to come. */
  plannedDate: string;
  /** Where the team goes (the resident may be cared for away from the address on their KK). */
  address: string;
  /** Services beyond the request's own, done on the same visit. */
  services?: readonly ServiceKind[] | null;
}

/** How far ahead the app's batch job takes a visit (its PLAN_AHEAD_DAYS). */
export const PLAN_AHEAD_DAYS = 21;
const REASONS: readonly OutreachReason[] = ['ELDERLY', 'SICK', 'DISABLED'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/**
 * An address as the team reads it: Latin letters (the app stores Windows-1252), digits and the
 * punctuation addresses use. No ';' or line break: the schedule file is ';'-separated lines.
 */
const ADDRESS = /^[A-Za-z0-9\u00C0-\u00FF .,'/()#:&-]+$/;
const ADDRESS_LENGTH = { min: 5, max: 100 };
/** The app's six service codes; more than that is a repeat. */
const MAX_SERVICES = 6;

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const realDate = (iso: string) => ISO_DATE.test(iso) && !Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) && new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) === iso;

/**
 * The schedule line for one visit. The input is checked first; then the applicant is read from SIAK
 * (`resident`): the name on the schedule is the register's (the team reads it at the door), and
 * only a living resident of the tenant's own regency is visited.
 */
export async function outreachVisit(
  input: { service: ServiceKind; outreach?: OutreachInput | null },
  context: { reference: string; resident: () => Promise<Resident>; kelurahanCode: string; phone?: string; tenant: Tenant; routing: ServiceRouting },
): Promise<VisitRequest> {
  const { outreach } = input;
  const { tenant, routing } = context;
  if (!outreach) throw badUserInput('input.outreach', 'REQUIRED', 'An outreach visit names the reason, the planned date and the address.');
  if (!REASONS.includes(outreach.reason)) throw badUserInput('input.outreach.reason', 'UNKNOWN_REASON', `One of ${REASONS.join(', ')}.`);

  // The tenant's calendar: from today (office time) to three weeks ahead, on a working day of the Dinas.
  const today = todayIn(tenant.timeZone);
  const plannedDate = outreach.plannedDate.trim();
  if (!realDate(plannedDate)) throw badUserInput('input.outreach.plannedDate', 'INVALID_DATE', 'The planned date is an ISO date (YYYY-MM-DD).');
  if (plannedDate < today || plannedDate > addDays(today, PLAN_AHEAD_DAYS)) {
    throw badUserInput('input.outreach.plannedDate', 'OUT_OF_RANGE', `Plan the visit from today to ${PLAN_AHEAD_DAYS} days ahead (${today} to ${addDays(today, PLAN_AHEAD_DAYS)}).`);
  }
  if (!isWorkingDay(routing.calendar, plannedDate)) throw badUserInput('input.outreach.plannedDate', 'NOT_A_WORKING_DAY', 'The outreach team goes out on the Dinas\'s working days only.');

  const address = outreach.address.replace(/\s+/g, ' ').trim();
  if (address.length < ADDRESS_LENGTH.min || address.length > ADDRESS_LENGTH.max) throw badUserInput('input.outreach.address', 'INVALID_LENGTH', `The address is ${ADDRESS_LENGTH.min} to ${ADDRESS_LENGTH.max} characters.`);
  if (!ADDRESS.test(address)) throw badUserInput('input.outreach.address', 'INVALID_CHARACTERS', 'Letters, digits, spaces and . , \' / ( ) # : & - only.');

  // The tenant's routing says what the team does at home (the same rule that chose jemput-bola for `service`).
  for (const [i, service] of (outreach.services ?? []).entries()) {
    if (routing.route(service, 'OFFLINE', 'OUTREACH') !== JEMPUT_BOLA) throw badUserInput(`input.outreach.services.${i}`, 'NOT_ROUTED', `${tenant.name}'s outreach team does not offer ${service} at home.`);
  }
  const services = [...new Set([input.service, ...(outreach.services ?? [])])];
  if (services.length > MAX_SERVICES) throw badUserInput('input.outreach.services', 'TOO_MANY', `A visit covers at most ${MAX_SERVICES} services.`);

  const resident = await context.resident();
  if (!resident.alive) throw badUserInput('input.applicantNik', 'DECEASED', 'The civil register records this resident as deceased.');
  if (!resident.kelurahanCode.startsWith(`${tenant.regencyCode}.`)) throw badUserInput('input.applicantNik', 'NOT_A_RESIDENT_HERE', `The outreach team visits residents of ${tenant.name} only.`);
  return {
    reference: context.reference, nik: resident.nik, name: resident.name, kelurahanCode: context.kelurahanCode, address, plannedDate, services, reason: outreach.reason,
    ...(context.phone ? { phone: context.phone } : {}),
  };
}
