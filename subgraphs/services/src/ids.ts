import { badUserInput } from '@core/errors';

/**
 * A ServiceRequest's id: 'sr_' + base64url of '<app>:<the app's own id>'. It says which application
 * holds the request (so a lookup goes to that one only) without showing a legacy number in clear;
 * the same request always has the same id. Clients treat it as opaque.
 */
const PREFIX = 'sr_';
const APP = /^[a-z][a-z-]{1,30}$/;

export interface RequestRef {
  app: string;
  localId: string;
}

export function requestId(app: string, localId: string): string {
  return PREFIX + Buffer.from(`${app}:${localId}`, 'utf8').toString('base64url');
}

export function parseRequestId(id: string, argument = 'id'): RequestRef {
  const invalid = () => badUserInput(argument, 'INVALID_ID', 'This is not a service request id this API gave out.');
  if (!id.startsWith(PREFIX) || id.length > 200 || !/^[A-Za-z0-9_-]+$/.test(id.slice(PREFIX.length))) throw invalid();
  const text = Buffer.from(id.slice(PREFIX.length), 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  const app = text.slice(0, colon);
  const localId = text.slice(colon + 1);
  if (colon < 0 || !APP.test(app) || localId.length === 0 || requestId(app, localId) !== id) throw invalid();
  return { app, localId };
}
