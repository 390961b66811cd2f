import type { Principal } from '@core/context/request-context';
import type { AccessRule } from './rules';

/**
 * Whether a caller satisfies a rule, and if not, why (the `reason` on the FORBIDDEN error).
 * Policies are named checks on the caller, registered in policies.ts; a policy the gateway does
 * not know denies (a typo never opens a field). Checks that depend on the row (a resident's own
 * family, an officer's own region) are the subgraphs' job, from the signed principal.
 */
export interface Caller {
  principal: Principal;
  /** The purpose the caller stated for reading personal data (`x-purpose`), if any. */
  purpose?: string;
}

export interface Policy {
  allows(caller: Caller): boolean;
  /** What the caller is told when this policy alone stands in the way, e.g. PURPOSE_REQUIRED. */
  reason: string;
}

/** Why a field was refused: no token, a missing scope, or the named policy's reason. */
export type Denial = 'NOT_SIGNED_IN' | 'MISSING_SCOPE' | 'POLICY' | (string & {});

function scopesOf(principal: Principal): ReadonlySet<string> {
  return new Set(principal.kind === 'anonymous' ? [] : (principal.scopes ?? []));
}

/** Undefined when the rule lets the caller through; otherwise the reason it does not. */
export function denialOf(rule: AccessRule, caller: Caller, policies: ReadonlyMap<string, Policy>): Denial | undefined {
  const anonymous = caller.principal.kind === 'anonymous';
  if (rule.authenticated && anonymous) return 'NOT_SIGNED_IN';
  if (rule.scopes) {
    const held = scopesOf(caller.principal);
    if (!rule.scopes.some((group) => group.every((scope) => held.has(scope)))) return anonymous ? 'NOT_SIGNED_IN' : 'MISSING_SCOPE';
  }
  if (rule.policies) {
    let reason: string | undefined;
    const passes = rule.policies.some((group) =>
      group.every((name) => {
        const policy = policies.get(name);
        if (policy?.allows(caller)) return true;
        reason ??= policy?.reason ?? 'POLICY';
        return false;
      }),
    );
    if (!passes) return anonymous ? 'NOT_SIGNED_IN' : (reason ?? 'POLICY');
  }
  return undefined;
}

/** Whether the caller holds every scope of at least one of the sets. */
export function holdsAny(scopeSets: readonly (readonly string[])[], principal: Principal): boolean {
  const held = scopesOf(principal);
  return scopeSets.some((group) => group.every((scope) => held.has(scope)));
}
