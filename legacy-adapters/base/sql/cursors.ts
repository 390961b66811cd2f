import { badUserInput } from '@core/errors';

/**
 * Small pieces the SQL channel adapters share (kecamatan, legalisir): opaque cursors for worklist
 * pages and change feeds, and date arguments turned into the apps' 'YYYY-MM-DD hh:mm:ss' bindings.
 */

/** Cursors are opaque to callers: a tagged JSON array, base64url. */
export function encodeCursor(tag: string, ...parts: Array<string | number>): string {
  return Buffer.from(JSON.stringify([tag, ...parts]), 'utf8').toString('base64url');
}

export function decodeCursor<T extends unknown[]>(cursor: string, tag: string, argument: string, valid: (parts: unknown[]) => parts is T): T {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed[0] === tag && valid(parsed.slice(1))) return parsed.slice(1) as T;
  } catch {
    // Not ours: answered below.
  }
  throw badUserInput(argument, 'INVALID_CURSOR', `The cursor is not one this API returned; start again without "${argument}".`);
}

/** The app's 'YYYY-MM-DD hh:mm:ss' from an ISO date or local date-time; BAD_USER_INPUT otherwise. */
export function legacyStamp(value: string, argument: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?))?$/.exec(value.trim());
  if (!m) throw badUserInput(argument, 'INVALID_DATE', `${argument} must be an ISO date or local date-time (YYYY-MM-DD[THH:mm:ss]).`);
  const time = m[2] ?? '00:00:00';
  return `${m[1]} ${time.length === 5 ? `${time}:00` : time}`;
}
