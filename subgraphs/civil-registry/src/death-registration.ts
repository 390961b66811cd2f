import { createHash } from 'node:crypto';
import type { AuditWriter } from '@core/audit';
import { auditEntryFrom } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { checkIdempotencyKey, type MutationStatus, type OutboxDispatcher, type OutboxMutations, pendingErrorCode } from '@core/outbox';
import { todayIn, type Tenant } from '@core/tenants';
import type { AktaMatiPort, DeathCause, DeathRegistration } from '@adapters/akta-mati';
import type { SiakDeath, SiakDeathRecorder, SiakPort } from '@adapters/siak';
import type { DeathRegistrationView } from './context';
import type { DeedRows } from './row-access';
import { requireName, requirePastDate, requireTime } from './validation';
import { requireNik } from '@core/validation';

/**
 * registerDeath through the durable outbox (docs/outbox.md): one death, two writes — the deed in
 * akta-mati and the resident marked deceased in SIAK — recorded with the idempotency key in one
 * transaction, then delivered until each registry accepts. Both handlers check before writing
 * again (akta-mati by the client reference, SIAK by the resident's state), so a re-delivery after
 * a crash or a restart never writes twice.
 */
export const OPERATION = 'registerDeath';

export interface RegisterDeathInput {
  nik: string;
  dateOfDeath: string;
  timeOfDeath?: string | null;
  placeOfDeath: string;
  cause: DeathCause;
  reporterNik?: string | null;
  reporterName: string;
}

export interface DeathWrites {
  register(input: RegisterDeathInput, idempotencyKey: string): Promise<DeathRegistrationView>;
  /** The caller's own registration under this key; null when there is none (or it is another's). */
  status(idempotencyKey: string): Promise<DeathRegistrationView | null>;
}

/** The handlers every replica of the subgraph registers: what a stored message turns into. */
export function registerDeathHandlers(dispatcher: OutboxDispatcher, aktaMati: AktaMatiPort, siak: SiakDeathRecorder): OutboxDispatcher {
  return dispatcher
    .register('akta-mati', OPERATION, async (message, deadline) => {
      const { deed } = await aktaMati.registerDeath(message.payload as DeathRegistration, deadline);
      return { deedNumber: deed.number };
    })
    .register('siak', 'recordDeath', async (message, deadline) => {
      const recorded = await siak.recordDeath(message.payload as SiakDeath, deadline);
      return { changed: recorded.changed };
    });
}

/** The reference both registries keep: short, per tenant and key, the same on every repeat. */
export function deathReference(tenant: string, key: string): string {
  return `GB-KM-${createHash('sha256').update(`${tenant}\u0000${key}`).digest('hex').slice(0, 24)}`;
}

const stateOf = (s: string): 'PENDING' | 'DELIVERED' | 'FAILED' => (s === 'DELIVERED' ? 'DELIVERED' : s === 'FAILED_PERMANENTLY' ? 'FAILED' : 'PENDING');

export function viewOf(status: MutationStatus, replayed: boolean): DeathRegistrationView {
  const result = status.result as { reference: string };
  const deed = status.messages.find((m) => m.target === 'akta-mati' && m.state === 'DELIVERED')?.result as { deedNumber?: string } | null | undefined;
  return {
    idempotencyKey: status.idempotencyKey,
    reference: result.reference,
    replayed,
    state: status.delivery,
    deliveries: status.messages.map((m) => ({ app: m.target, state: stateOf(m.state), attempts: m.attempts, errorCode: pendingErrorCode(m) })),
    deedNumber: deed?.deedNumber ?? null,
  };
}

export interface DeathWriteDeps {
  siak: SiakPort;
  mutations: OutboxMutations;
  audit: AuditWriter;
}

export function deathWrites(deps: DeathWriteDeps, request: RequestContext, tenant: Tenant, rows: DeedRows, deadline: Deadline): DeathWrites {
  const principalId = request.principal.kind === 'anonymous' ? null : request.principal.id;
  return {
    async register(input, idempotencyKey) {
      checkIdempotencyKey(idempotencyKey);
      const outcome = await deps.mutations.run(
        { tenant: tenant.id, principalId, key: idempotencyKey, operation: OPERATION, input },
        async () => {
          // Check and read; nothing is written here.
          const today = todayIn(tenant.timeZone);
          const nik = requireNik(input.nik, 'input.nik');
          const dateOfDeath = requirePastDate(input.dateOfDeath, 'input.dateOfDeath', today);
          const timeOfDeath = input.timeOfDeath ? requireTime(input.timeOfDeath, 'input.timeOfDeath') : null;
          const placeOfDeath = requireName(input.placeOfDeath, 'input.placeOfDeath');
          const reporterName = requireName(input.reporterName, 'input.reporterName');
          const reporterNik = input.reporterNik ? requireNik(input.reporterNik, 'input.reporterNik') : null;
          if (reporterNik === nik) throw badUserInput('input.reporterNik', 'REPORTER_IS_DECEASED', 'The person reporting cannot be the deceased.');
          rows.guard();
          const person = (await deps.siak.residentsByNik([nik], deadline)).get(nik);
          if (!person) throw badUserInput('input.nik', 'UNKNOWN_NIK', 'No resident with this NIK is registered.');
          if (!(await rows.mayRead({ niks: [nik], kelurahanCode: person.kelurahanCode }, deadline))) throw rows.withheld(nik) ?? new GerbangError(ErrorCode.FORBIDDEN, 'This resident is registered outside the region you serve.', { reason: 'OUTSIDE_YOUR_REGION' });
          if (!person.alive) throw new GerbangError(ErrorCode.CONFLICT, 'A death is already recorded for this resident.', { reason: 'ALREADY_DECEASED' });
          if (person.birthDate && dateOfDeath < person.birthDate) throw badUserInput('input.dateOfDeath', 'BEFORE_BIRTH', 'The date of death is before the resident\'s birth.');
          await deps.audit.append(auditEntryFrom(request, { operation: `civil-registry.${OPERATION}`, access: 'write', niks: [nik], purpose: request.purpose ?? null })).catch((error: unknown) => {
            throw new GerbangError(ErrorCode.AUDIT_UNAVAILABLE, 'The death cannot be registered right now: its record could not be written to the audit trail. Try again later.', { retryable: true }, { cause: error });
          });
          const reference = deathReference(tenant.id, idempotencyKey);
          const deed: DeathRegistration = {
            clientReference: reference, nik, name: person.name, sex: person.sex, birthDate: person.birthDate, dateOfDeath, timeOfDeath, placeOfDeath,
            cause: input.cause, reporter: { nik: reporterNik, name: reporterName }, kelurahanCode: person.kelurahanCode, registeredOn: today,
          };
          const siakDeath: SiakDeath = { reference, nik, dateOfDeath };
          return {
            result: { reference },
            messages: [
              { target: 'akta-mati', operation: OPERATION, payload: deed },
              { target: 'siak', operation: 'recordDeath', payload: siakDeath },
            ],
          };
        },
        deadline,
      );
      return viewOf(outcome.status, outcome.replayed);
    },

    async status(idempotencyKey) {
      checkIdempotencyKey(idempotencyKey);
      const status = await deps.mutations.status(tenant.id, idempotencyKey);
      // The store does not know who may see what: only the registration's own author follows it.
      if (!status || status.operation !== OPERATION || status.state !== 'COMPLETED' || status.principalId !== principalId) return null;
      return viewOf(status, true);
    },
  };
}
