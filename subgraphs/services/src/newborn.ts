import { NOTE_WIDTH, noteWithNewborn, type NewbornDetails } from '@adapters/sirena';
import type { Sex } from '@core/domain/population';
import type { ServiceKind } from '@core/domain/services';
import { badUserInput } from '@core/errors';
import { requireKk } from '@core/validation';
import type { SirenaItemInput } from './submissions';

/**
 * A newborn on a Sirena item (fileSirenaBatch): the child's sex and place of birth, which Sirena has
 * no column for and keeps in the item's note in its own form. Unlike the rest of an item (Sirena's
 * own check judges it, item by item), these details are Gerbang's: they are what SIAK and akta-lahir
 * are written from once the Dinas finishes the request (fulfilment/), so they are checked here,
 * as strictly as SIAK takes them, and a batch with a bad one is refused whole before anything is
 * recorded — a newborn refused by SIAK days later would help no one.
 */
export interface NewbornInput {
  sex: Sex;
  birthPlace: string;
}

/** A Sirena item as typed (the applicant is not needed here). */
type ItemWithNewborn = Omit<SirenaItemInput, 'applicantNik'>;

const NEWBORN_SERVICES: ReadonlySet<ServiceKind> = new Set<ServiceKind>(['BIRTH_REGISTRATION', 'FAMILY_CARD_CHANGE']);
/** As SIAK writes a name and a place on the KK (legacy-adapters/siak/sql/record-birth.ts). */
const KK_NAME = /^[A-Z][A-Z .,'-]{0,59}$/;
const PLACE = /^[A-Z0-9][A-Z0-9 .,'/-]{0,59}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const upper = (text: string) => text.replace(/\s+/g, ' ').trim().toUpperCase();

/** The item's newborn, checked; `{}` when it names none. `today` is the tenant's date. */
export function newbornOf(item: ItemWithNewborn, argument: string, today: string): { newborn?: NewbornDetails } {
  const input = item.newborn;
  if (!input) return {};
  if (!NEWBORN_SERVICES.has(item.service)) throw badUserInput(`${argument}.newborn`, 'NEWBORN_NOT_APPLICABLE', 'Only a birth registration or a KK change adding the child carries a newborn.');
  if (item.subjectNik?.trim()) throw badUserInput(`${argument}.subjectNik`, 'NEWBORN_HAS_NO_NIK', 'A newborn has no NIK yet: leave subjectNik empty (SIAK gives the child one).');
  if (!KK_NAME.test(upper(item.subjectName ?? ''))) throw badUserInput(`${argument}.subjectName`, 'INVALID_NAME', 'The newborn\'s name as it goes on the family card: 1 to 60 letters, spaces and . , \' -.');
  requireKk(item.familyCardNumber ?? '', `${argument}.familyCardNumber`);
  const born = item.eventDate?.trim() ?? '';
  const real = ISO_DATE.test(born) && !Number.isNaN(Date.parse(`${born}T00:00:00Z`)) && new Date(`${born}T00:00:00Z`).toISOString().slice(0, 10) === born;
  if (!real || born > today) throw badUserInput(`${argument}.eventDate`, 'INVALID_BIRTH_DATE', 'The newborn\'s birth date: an ISO date (YYYY-MM-DD), not after today.');
  const birthPlace = upper(input.birthPlace);
  if (!PLACE.test(birthPlace)) throw badUserInput(`${argument}.newborn.birthPlace`, 'INVALID_BIRTH_PLACE', 'The place of birth as on the birth letter: 1 to 60 letters, digits, spaces and . , \' / -.');
  const newborn: NewbornDetails = { sex: input.sex, birthPlace };
  if ((noteWithNewborn(item.note?.trim() || undefined, newborn)?.length ?? 0) > NOTE_WIDTH) {
    throw badUserInput(`${argument}.note`, 'TOO_LONG', `With the newborn's details, the note must fit Sirena's ${NOTE_WIDTH} characters: shorten it.`);
  }
  return { newborn };
}
