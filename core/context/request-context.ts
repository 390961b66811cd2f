/**
 * Who is asking, for which regency, in which request. Built once per request at the gateway and
 * carried to every subgraph (signed per call, see hop-token.ts), so that authorisation, tenant isolation,
 * masking and the audit trail can all be decided from the same facts.
 */
export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      id: string;
      roles: string[];
      /** Scopes from the roles plus any the token grants (see core/context/roles.ts). */
      scopes?: string[];
      /** For officers and kelurahan operators: the region they serve (dotted Kemendagri code). */
      region?: string;
      /** For residents: their own NIK (the `nik` claim), which their own-data rules are decided from. */
      nik?: string;
      institution?: string;
    }
  | { kind: 'service'; id: string; roles: string[]; scopes?: string[] };

export interface RequestContext {
  requestId: string;
  principal: Principal;
  /** Tenant (regency) id, e.g. 'tangsel' or 'batang'. */
  tenant: string;
  /** The client's own correlation id, when it sent one (carried for logs and the audit trail). */
  correlationId?: string;
  /** Why the caller reads personal data (the `x-purpose` header), for the audit trail. */
  purpose?: string;
}

export const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous' });
