import { createHash } from 'node:crypto';
import type { GeoPoint } from '@adapters/ojol';
import { badUserInput } from '@core/errors';
import { requireNik } from '@core/validation';

/**
 * Input checks of the delivery API, each a BAD_USER_INPUT naming the argument and a reason; the
 * caller's value is never echoed back. The partner checks again (its own limits are the same).
 */

/** An order's id is Gerbang's reference at the partner: GB-OJL- and 24 hex, per tenant and key. */
const ORDER_ID = /^GB-OJL-[0-9a-f]{24}$/;
/** The services API's ids: sr_ and base64url (the delivery subgraph cannot read the request itself). */
const SERVICE_REQUEST_ID = /^sr_[A-Za-z0-9_-]{4,200}$/;

export function orderReference(tenant: string, principalId: string, key: string): string {
  return `GB-OJL-${createHash('sha256').update([tenant, principalId, key].join('\u0000')).digest('hex').slice(0, 24)}`;
}

export function requireOrderId(value: string, argument = 'id'): string {
  const clean = value.trim();
  if (!ORDER_ID.test(clean)) throw badUserInput(argument, 'INVALID_ID', 'This is not a courier order id this API gave out.');
  return clean;
}

export function requireServiceRequestId(value: string, argument: string): string {
  const clean = value.trim();
  if (!SERVICE_REQUEST_ID.test(clean)) throw badUserInput(argument, 'INVALID_ID', 'This is not a service request id the services API gave out.');
  return clean;
}

export function requireApplicant(value: string, argument: string): string {
  return requireNik(value, argument);
}

export function requireLocation(value: { latitude: number; longitude: number }, argument: string): GeoPoint {
  const { latitude, longitude } = value;
  if (!Number.isFinite(latitude) || latitude < -90 || latitude > 90 || !Number.isFinite(longitude) || longitude < -180 || longitude > 180) {
    throw badUserInput(argument, 'INVALID_LOCATION', 'A location is latitude -90 to 90 and longitude -180 to 180 (WGS84 degrees).');
  }
  return { latitude, longitude };
}

/** Free text for the courier: collapsed blanks, printable, within bounds. */
export function requireText(value: string, argument: string, min: number, max: number): string {
  const clean = value.replace(/\s+/g, ' ').trim();
  if (clean.length < min || clean.length > max) throw badUserInput(argument, min > 1 ? 'BAD_LENGTH' : 'EMPTY', `Give ${min} to ${max} characters.`);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f]/.test(clean)) throw badUserInput(argument, 'BAD_CHARACTERS', 'Use printable characters only.');
  return clean;
}

/** An Indonesian mobile number, as +62… (the partner's own form is 62…; the adapter converts). */
export function requirePhone(value: string, argument: string): string {
  const digits = value.replace(/[\s-]/g, '');
  const match = /^(?:\+62|62|0)(8\d{7,12})$/.exec(digits);
  if (!match) throw badUserInput(argument, 'INVALID_PHONE', 'Give an Indonesian mobile number, e.g. 0812 3456 7890.');
  return `+62${match[1]}`;
}

export function requireQuoteId(value: string, argument: string): string {
  const clean = value.trim();
  if (!/^[A-Za-z0-9-]{6,40}$/.test(clean)) throw badUserInput(argument, 'INVALID_QUOTE_ID', 'This is not a quote id courierQuote gave out.');
  return clean;
}
