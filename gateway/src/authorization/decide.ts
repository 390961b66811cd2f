import type { Principal } from '@core/context/request-context';
import type { AccessRule } from './rules';

/**
 * Whether a caller satisfies a rule. Policies are named checks on the principal, registered in
 * policies.ts; a policy the gateway does not know denies (a typo never opens a field). Checks that
 * depend on the row (a resident's own family, an officer's own region) are the subgraphs' job,
 * from the signed principal.
 */
export type Policy = (principal: Principal) => boolean;

function scopesOf(principal: Principal): ReadonlySet<string> {
  return new Set(principal.kind === 'anonymous' ? [] : (principal.scopes ?? []));
}

export function allows(rule: AccessRule, principal: Principal, policies: ReadonlyMap<string, Policy>): boolean {
  if (rule.authenticated && principal.kind === 'anonymous') return false;
  if (rule.scopes) {
    const held = scopesOf(principal);
    if (!rule.scopes.some((group) => group.every((scope) => held.has(scope)))) return false;
  }
  if (rule.policies) {
    if (!rule.policies.some((group) => group.every((name) => policies.get(name)?.(principal) === true))) return false;
  }
  return true;
}
