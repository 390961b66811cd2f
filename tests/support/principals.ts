import type { Principal, RequestContext } from '@core/context/request-context';
import { ROLE_SCOPES, SERVICE_ROLES, type Role } from '@core/context/roles';

/**
 * The principal the gateway would build from a token with these roles and claims (scopes from
 * the roles, as gateway/src/auth/authenticator.ts derives them), for in-process subgraph tests.
 */
export function principalFor(role: Role, claims: { id?: string; region?: string; nik?: string } = {}): Principal {
  const id = claims.id ?? `${role.toLowerCase()}-1`;
  const scopes = [...ROLE_SCOPES[role]];
  if (SERVICE_ROLES.has(role)) return { kind: 'service', id, roles: [role], scopes };
  const principal: Principal = { kind: 'user', id, roles: [role], scopes };
  if (claims.region) principal.region = claims.region;
  if (claims.nik) principal.nik = claims.nik;
  return principal;
}

/** An administrator reading with a stated purpose: sees every row of the tenant, identifiers in clear. */
export const ADMINISTRATOR_REQUEST: Omit<RequestContext, 'requestId'> = {
  principal: principalFor('ADMINISTRATOR'),
  tenant: 'tangsel',
  purpose: 'automated test',
};
