import { AuditQueryError, auditEntryFrom, type AuditPage, type AuditWriter } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';

/**
 * A resident's personal-data trail, as the API gives it out (UU 27/2022: a data subject may ask
 * who processed their data). Who may read which trail is decided here from the signed principal:
 * a resident (`audit:read-own`) their own NIK only; an auditor or administrator (`audit:read`) any
 * NIK, within their own tenant. Reading a trail is itself recorded in it, so auditors are
 * accountable too; if that record cannot be written the trail is not shown (fail closed).
 */
export interface PersonalDataTrail {
  accessesTo(nik: string, page: { first: number; after?: string }): Promise<AuditPage>;
}

function refused(reason: string, message: string): GerbangError {
  return new GerbangError(ErrorCode.FORBIDDEN, message, { reason });
}

export function personalDataTrail(audit: AuditWriter, request: RequestContext): PersonalDataTrail {
  const principal = request.principal;
  const scopes = new Set(principal.kind === 'anonymous' ? [] : (principal.scopes ?? []));
  return {
    async accessesTo(nik, page) {
      if (!scopes.has('audit:read')) {
        const own = principal.kind === 'user' && scopes.has('audit:read-own') ? principal.nik : undefined;
        if (!own) throw refused('NO_ACCESS', 'You may not read the audit trail.');
        if (own !== nik) throw refused('NOT_YOUR_RECORD', 'You may read the trail of your own NIK only.');
      }
      let found: AuditPage;
      try {
        found = await audit.reader().byNik(nik, page, { tenant: request.tenant });
      } catch (error) {
        if (error instanceof AuditQueryError) throw badUserInput('after', 'BAD_CURSOR', 'This cursor does not come from this trail; start again without "after".');
        throw new GerbangError(ErrorCode.AUDIT_UNAVAILABLE, 'The audit trail cannot be read right now; try again later.', { retryable: true }, { cause: error });
      }
      try {
        await audit.append(auditEntryFrom(request, { operation: 'audit.personalDataAccesses', access: 'read', niks: [nik], purpose: request.purpose ?? null }));
      } catch (error) {
        throw new GerbangError(ErrorCode.AUDIT_UNAVAILABLE, 'The audit trail cannot be shown right now: this reading of it could not be recorded. Try again later.', { retryable: true }, { cause: error });
      }
      return found;
    },
  };
}
