import { badUserInput } from './errors';
import { checkKk } from './domain/kk';
import { checkNik } from './domain/nik';
import { regions, type Region } from './domain/regions';

/**
 * Validation of identifiers at the edge, shared by every subgraph: a malformed NIK or KK number
 * is a BAD_USER_INPUT error that names the argument and the reason, never a silent null.
 */
export function requireNik(value: string, argument = 'nik'): string {
  const check = checkNik(value);
  if (!check.ok) throw badUserInput(argument, check.problem, `"${argument}" is not a valid NIK: ${check.message}`);
  return check.parts.nik;
}

export function requireKk(value: string, argument = 'number'): string {
  const check = checkKk(value);
  if (!check.ok) throw badUserInput(argument, check.problem, `"${argument}" is not a valid KK number: ${check.message}`);
  return check.number;
}

/** A region to search in: a regency, kecamatan or kelurahan code known to Kemendagri's list. */
export function requireRegionCode(value: string, argument = 'regionCode'): Region {
  const region = regions().get(value.trim());
  if (!region || region.level === 'province') {
    // The value is not echoed: whatever a caller sends must not come back into screens and logs.
    throw badUserInput(argument, 'UNKNOWN_REGION', `"${argument}" is not a known region code: use a regency (36.74), kecamatan (36.74.01) or kelurahan (36.74.01.1001) code.`);
  }
  return region;
}
