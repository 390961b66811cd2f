import type { Principal } from '@core/context/request-context';

/**
 * `compute` worked out once per principal instead of once per request. The authenticator shares
 * one deep-frozen principal between every request with the same token (auth/authenticator.ts), so
 * what is derived from it cannot go stale. A principal that is not frozen (built elsewhere, in a
 * test) may still change and is worked out every time.
 */
export function perPrincipal<T>(compute: (principal: Principal) => T): (principal: Principal) => T {
  const remembered = new WeakMap<Principal, T>();
  return (principal) => {
    const known = remembered.get(principal);
    if (known !== undefined) return known;
    const value = compute(principal);
    if (Object.isFrozen(principal)) remembered.set(principal, value);
    return value;
  };
}
