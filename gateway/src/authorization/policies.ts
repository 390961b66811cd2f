import type { Principal } from '@core/context/request-context';
import type { Policy } from './decide';

/**
 * The named policies the schema may use with `@policy(policies: [["name"]])`. Each is a pure
 * check on the principal; add one here (with a test) before using its name in a schema.
 */
const CHANNEL_ROLES = new Set(['KIOSK', 'COURIER', 'PARTNER_SERVICE']);
const STAFF_ROLES = new Set(['OFFICER', 'KELURAHAN_OPERATOR', 'AUDITOR', 'ADMINISTRATOR']);

const rolesOf = (principal: Principal): string[] => (principal.kind === 'anonymous' ? [] : principal.roles);

export const POLICIES: ReadonlyMap<string, Policy> = new Map<string, Policy>([
  /** Sensitive data (biometrics, disability, parents' NIKs) never reaches a channel machine or courier. */
  ['not-a-channel', (p) => p.kind !== 'anonymous' && !rolesOf(p).some((r) => CHANNEL_ROLES.has(r))],
  /** Disdukcapil staff of any kind. */
  ['staff', (p) => rolesOf(p).some((r) => STAFF_ROLES.has(r))],
]);
