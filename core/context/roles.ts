/**
 * Who may call Gerbang, as roles carried in the caller's token (`roles` claim). Each role brings
 * the scopes it needs by default; a token may carry extra scopes of its own (`scope` claim).
 * Authorisation rules in the schema (`@requiresScopes`, `@policy`) and in the subgraphs (a
 * resident's own family, an officer's own region) are decided from these.
 */
export const ROLES = [
  /** A resident: their own data, their own family, their own requests. */
  'RESIDENT',
  /** Dinas or kecamatan counter staff, scoped to a service point or region (`region` claim). */
  'OFFICER',
  /** Kelurahan staff filing collective (Sirena) requests for their kelurahan. */
  'KELURAHAN_OPERATOR',
  /** A self-service machine in a mall: only the print flow. */
  'KIOSK',
  /** An ojol courier: only the deliveries assigned to them. */
  'COURIER',
  /** Another regency's system making verification calls. */
  'PARTNER_SERVICE',
  /** Reads the audit trail. */
  'AUDITOR',
  /** Runs the system. */
  'ADMINISTRATOR',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Roles that are machines (service principals) rather than people. */
export const SERVICE_ROLES: ReadonlySet<Role> = new Set<Role>(['KIOSK', 'PARTNER_SERVICE']);

/** Channel roles: machines, couriers and other regencies' systems; sensitive data never reaches them. */
export const CHANNEL_ROLES: ReadonlySet<string> = new Set<Role>(['KIOSK', 'COURIER', 'PARTNER_SERVICE']);

/** Disdukcapil staff of any kind. */
export const STAFF_ROLES: ReadonlySet<string> = new Set<Role>(['OFFICER', 'KELURAHAN_OPERATOR', 'AUDITOR', 'ADMINISTRATOR']);

/** Staff who must state a purpose (`x-purpose`) to read personal data. */
export const PURPOSE_ROLES: ReadonlySet<string> = new Set<Role>(['OFFICER', 'KELURAHAN_OPERATOR', 'ADMINISTRATOR']);

/** Roles whose token must name the region they serve (`region` claim): rows outside it stay hidden. */
export const REGIONAL_ROLES: ReadonlySet<Role> = new Set<Role>(['OFFICER', 'KELURAHAN_OPERATOR']);

/**
 * Machine clients that may only run the operations registered for them (persisted, safelisted
 * operations: gateway/operations/), never a query of their own.
 */
export const SAFELISTED_ROLES: ReadonlySet<Role> = new Set<Role>(['KIOSK', 'COURIER']);

/** The scopes each role has without asking (scope names: `<area>:<action>`). */
export const ROLE_SCOPES: Readonly<Record<Role, readonly string[]>> = {
  RESIDENT: ['self:read', 'audit:read-own'],
  OFFICER: ['population:read', 'population:read-identifiers', 'services:work'],
  KELURAHAN_OPERATOR: ['population:read', 'services:submit-batch'],
  KIOSK: ['kiosk:print'],
  COURIER: ['delivery:assigned'],
  PARTNER_SERVICE: ['population:verify', 'documents:verify'],
  AUDITOR: ['audit:read'],
  ADMINISTRATOR: ['population:read', 'population:read-identifiers', 'audit:read', 'admin'],
};
