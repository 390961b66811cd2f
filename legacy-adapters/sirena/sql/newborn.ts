import { badUserInput } from '@core/errors';
import type { NewbornDetails } from '../port';

/**
 * What Sirena cannot hold in a column of its own: a newborn's sex and place of birth. Its item row
 * has no such columns (SIRENA_ITEM: kind, NIKs, KK, name, event date, KETERANGAN), and the kelurahan
 * operators have always typed them into KETERANGAN for the Dinas to read off the birth letter. The
 * adapter writes them there in one fixed form, first, before any free note:
 *
 *   [BAYI JK:P TMPT:KOTA TANGERANG SELATAN] IBU DIRAWAT DI RSUD
 *
 * (JK L laki-laki / P perempuan; TMPT as on the birth letter, UPPERCASE), and reads the same form
 * back; a note typed otherwise in Sirena's screen simply has no newborn details.
 */
const TAG = /^\[BAYI JK:([LP]) TMPT:([A-Z0-9 .,'/-]{1,60})\]\s*/;
const PLACE = /^[A-Z0-9][A-Z0-9 .,'/-]{0,59}$/;
/** KETERANGAN's width in Sirena. */
export const NOTE_WIDTH = 255;

/** The place as the tag holds it: UPPERCASE, blanks collapsed; refused when the tag could not carry it. */
function placeOf(birthPlace: string): string {
  const place = birthPlace.replace(/\s+/g, ' ').trim().toUpperCase();
  if (!PLACE.test(place)) throw badUserInput('items', 'INVALID_BIRTH_PLACE', 'A newborn\'s place of birth is 1-60 letters, digits, spaces and . , \' / -.');
  return place;
}

/** KETERANGAN for an item: the newborn's tag (if any), then the free note; null when both are absent. */
export function noteWithNewborn(note: string | undefined, newborn: NewbornDetails | undefined): string | null {
  const free = note?.trim() ?? '';
  if (!newborn) return free || null;
  const tag = `[BAYI JK:${newborn.sex === 'FEMALE' ? 'P' : 'L'} TMPT:${placeOf(newborn.birthPlace)}]`;
  return free ? `${tag} ${free}` : tag;
}

/** KETERANGAN read back: the newborn's details when it starts with the tag, and the free note after it. */
export function readNote(text: string | null | undefined): { newborn: NewbornDetails | null; note: string | null } {
  const value = (text ?? '').trim();
  const m = TAG.exec(value);
  if (!m) return { newborn: null, note: value || null };
  const rest = value.slice(m[0].length).trim();
  return { newborn: { sex: m[1] === 'P' ? 'FEMALE' : 'MALE', birthPlace: m[2]!.trim() }, note: rest || null };
}
