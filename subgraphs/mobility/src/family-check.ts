import type { Deadline } from '@core/deadline';
import { badUserInput } from '@core/errors';
import { requireKk, requireNik } from '@core/validation';
import type { Family, Resident, SiakPort } from '@adapters/siak';
import type { MovingMembers } from '@adapters/pindah-keluar';
import { requireNiks } from './validation';

/**
 * The family a move starts from, read from SIAK (two statements) and checked before anything is
 * recorded: the card exists, the applicant and every mover are living members of it.
 */
export interface MovingFamily {
  family: Family;
  /** Every living member, head first. */
  members: Resident[];
  movers: string[];
  applicantNik: string;
  /** Living members who stay; empty when the whole family moves. */
  remaining: Resident[];
  /** The head's NIK as the card names it (or the member recorded as head). */
  headNik: string | null;
  movingMembers: MovingMembers;
}

export async function movingFamily(siak: SiakPort, input: { familyCardNumber: string; applicantNik: string; movers: readonly string[] }, deadline: Deadline): Promise<MovingFamily> {
  const number = requireKk(input.familyCardNumber, 'input.familyCardNumber');
  const applicantNik = requireNik(input.applicantNik, 'input.applicantNik');
  const movers = requireNiks(input.movers, 'input.movers');
  const [families, membership] = await Promise.all([siak.familiesByNumber([number], deadline), siak.membersByFamily([number], deadline)]);
  const family = families.get(number);
  if (!family) throw badUserInput('input.familyCardNumber', 'UNKNOWN_FAMILY_CARD', 'No family card with this number is registered.');
  const all = membership.get(number) ?? [];
  const members = all.filter((m) => m.alive);
  const living = new Set(members.map((m) => m.nik));
  const onCard = new Set(all.map((m) => m.nik));
  if (movers.some((n) => !onCard.has(n))) throw badUserInput('input.movers', 'NOT_ON_FAMILY_CARD', 'Everyone moving must be on the family card.');
  if (movers.some((n) => !living.has(n))) throw badUserInput('input.movers', 'DECEASED', 'A person recorded as deceased cannot move.');
  if (!living.has(applicantNik)) throw badUserInput('input.applicantNik', 'NOT_ON_FAMILY_CARD', 'The applicant must be a living member of the family card.');
  const remaining = members.filter((m) => !movers.includes(m.nik));
  const headNik = family.headNik ?? members.find((m) => m.relationship === 'HEAD')?.nik ?? null;
  const headMoves = !!headNik && movers.includes(headNik);
  const movingMembers: MovingMembers = remaining.length === 0 ? 'WHOLE_FAMILY' : headMoves ? (movers.length === 1 ? 'HEAD_ONLY' : 'HEAD_AND_SOME_MEMBERS') : 'MEMBERS_ONLY';
  return { family, members, movers, applicantNik, remaining, headNik, movingMembers };
}
