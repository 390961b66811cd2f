import { badUserInput } from '@core/errors';
import { regions, type Region } from '@core/domain/regions';
import { requireNik } from '@core/validation';
import type { Tenant } from '@core/tenants';

/**
 * Input checks of the mobility API, each a BAD_USER_INPUT with the argument and a reason. NIK and
 * KK checks are core/validation.ts's; region codes are checked against Kemendagri's list
 * (core/domain/regions). Values are never echoed back in messages.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const MAX_MOVERS = 20;

export interface PlaceInput {
  regionCode: string;
  street: string;
  rt: number;
  rw: number;
}

export interface Place {
  /** The desa/kelurahan. */
  region: Region;
  street: string;
  rt: number;
  rw: number;
}

/** An ISO date that exists on the calendar. */
export function requireDate(value: string, argument: string): string {
  const match = ISO_DATE.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!match || !date || date.toISOString().slice(0, 10) !== value) throw badUserInput(argument, 'BAD_DATE', 'Give the date as YYYY-MM-DD, a day that exists.');
  return value;
}

/** ISO date `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A date within [today - pastDays, today + futureDays] on the tenant's calendar. */
export function requireDateAround(value: string, argument: string, today: string, pastDays: number, futureDays: number): string {
  requireDate(value, argument);
  if (value < addDays(today, -pastDays)) throw badUserInput(argument, 'TOO_FAR_IN_THE_PAST', `The date cannot be more than ${pastDays} days before today (${today}).`);
  if (value > addDays(today, futureDays)) throw badUserInput(argument, futureDays === 0 ? 'IN_THE_FUTURE' : 'TOO_FAR_AHEAD', futureDays === 0 ? `The date cannot be after today (${today}).` : `The date cannot be more than ${futureDays} days after today (${today}).`);
  return value;
}

/** Text as the applications store it: 2 to `max` characters, UPPERCASE, blanks collapsed. */
export function requireText(value: string, argument: string, max = 100): string {
  const clean = value.replace(/\s+/g, ' ').trim().toUpperCase();
  if (clean.length < 2) throw badUserInput(argument, 'TOO_SHORT', 'Give at least 2 characters.');
  if (clean.length > max) throw badUserInput(argument, 'TOO_LONG', `Give at most ${max} characters.`);
  if (/[;<>|"\\]/.test(clean)) throw badUserInput(argument, 'BAD_CHARACTERS', 'Letters, digits, blanks and . , \' - / ( ) # only.');
  return clean;
}

/** NIKs of people moving: 1 to 20, valid, each once, in the order given. */
export function requireNiks(values: readonly string[], argument: string): string[] {
  if (values.length === 0) throw badUserInput(argument, 'NO_MOVERS', 'Name at least one person.');
  if (values.length > MAX_MOVERS) throw badUserInput(argument, 'TOO_MANY_MOVERS', `At most ${MAX_MOVERS} people per letter.`);
  const niks = values.map((v, i) => requireNik(v, `${argument}[${i}]`));
  if (new Set(niks).size !== niks.length) throw badUserInput(argument, 'DUPLICATE_NIK', 'Name each person once.');
  return niks;
}

/** A desa/kelurahan of Kemendagri's list (anywhere in Indonesia the list covers). */
export function requireVillage(code: string, argument: string): Region {
  const region = regions().get(code.trim());
  if (!region || region.level !== 'village') throw badUserInput(argument, 'UNKNOWN_REGION', `"${argument}" is not a known desa/kelurahan code (e.g. 36.74.01.1001).`);
  return region;
}

/** True when a dotted code lies in the tenant's regency. */
export function inCity(code: string, tenant: Tenant): boolean {
  return code.startsWith(`${tenant.regencyCode}.`);
}

/** A kelurahan of the tenant's city. */
export function requireCityKelurahan(code: string, argument: string, tenant: Tenant): Region {
  const region = requireVillage(code, argument);
  if (!inCity(region.code, tenant)) throw badUserInput(argument, 'OUTSIDE_THE_CITY', `"${argument}" must be a kelurahan of this city.`);
  return region;
}

function requireRtRw(value: number, argument: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 999) throw badUserInput(argument, 'BAD_RT_RW', 'RT and RW are whole numbers from 1 to 999.');
  return value;
}

/** A place: the village (checked by `village`), the street and RT/RW. */
export function requirePlace(input: PlaceInput, argument: string, village: (code: string, argument: string) => Region): Place {
  return {
    region: village(input.regionCode, `${argument}.regionCode`),
    street: requireText(input.street, `${argument}.street`),
    rt: requireRtRw(input.rt, `${argument}.rt`),
    rw: requireRtRw(input.rw, `${argument}.rw`),
  };
}

/** The address as a letter writes it: street, RT and RW. */
export function letterAddress(place: { street: string | null; rt: number | string | null; rw: number | string | null }): string | null {
  if (!place.street) return null;
  const three = (n: number | string | null) => String(n ?? '').padStart(3, '0');
  return place.rt !== null && place.rw !== null ? `${place.street} RT ${three(place.rt)} RW ${three(place.rw)}` : place.street;
}

const PASSPORT = /^[A-Z0-9]{5,20}$/;

/** Passport numbers as the register keeps them: upper case, no blanks. */
export function requirePassport(value: string, argument = 'passportNumber'): string {
  const clean = value.replace(/\s+/g, '').toUpperCase();
  if (!PASSPORT.test(clean)) throw badUserInput(argument, 'BAD_PASSPORT_NUMBER', 'A passport number is 5 to 20 letters or digits.');
  return clean;
}
