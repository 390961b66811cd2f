import { CHANNEL_ROLES, PURPOSE_ROLES, STAFF_ROLES } from '@core/context/roles';
import type { Caller, Policy } from './decide';

/**
 * The named policies the schema may use with `@policy(policies: [["name"]])`. Each is a pure
 * check on the caller's kind, roles, scopes and whether a purpose was stated: the gateway gives
 * them nothing else (enforce.ts `decidingFacts`), because a decision is reused for every caller
 * with the same facts. Add one here (with a test) before using its name in a schema. A name the
 * gateway does not know denies.
 */
const rolesOf = (caller: Caller): readonly string[] => (caller.principal.kind === 'anonymous' ? [] : caller.principal.roles);

export const POLICIES: ReadonlyMap<string, Policy> = new Map<string, Policy>([
  /**
   * Deliberately open to anyone, signed in or not: what is printed on a paper anyone may hold (the
   * QR verification of a signed document). Naming it keeps "no rule" meaning "not thought about".
   */
  ['public', { reason: 'POLICY', allows: () => true }],
  /** Sensitive data (biometrics, disability, parents' NIKs) never reaches a channel machine or courier. */
  ['not-a-channel', { reason: 'NOT_FOR_CHANNELS', allows: (c) => c.principal.kind !== 'anonymous' && !rolesOf(c).some((r) => CHANNEL_ROLES.has(r)) }],
  /** Disdukcapil staff of any kind. */
  ['staff', { reason: 'STAFF_ONLY', allows: (c) => rolesOf(c).some((r) => STAFF_ROLES.has(r)) }],
  /**
   * Staff reading personal data say why (the `x-purpose` header), as UU 24/2013 makes every
   * access accountable; the purpose goes into the audit trail. Residents reading their own data,
   * machines and partners are not asked.
   */
  ['purpose-stated', { reason: 'PURPOSE_REQUIRED', allows: (c) => !rolesOf(c).some((r) => PURPOSE_ROLES.has(r)) || !!c.purpose }],
]);
