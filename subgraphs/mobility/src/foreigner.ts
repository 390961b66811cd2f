import { foreignResidentSubjects, type AuditWriter } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { checkIdempotencyKey, type MutationStatus, type OutboxDispatcher, type OutboxMutations } from '@core/outbox';
import { todayIn, type Tenant } from '@core/tenants';
import type { ForeignerRegistration, OrangAsingPort, Sex, StayPermitType } from '@adapters/orang-asing';
import type { ForeignerRegistrationView } from './context';
import { auditWrite, clientReference, deliveredResult, ownStatus, principalIdOf, viewBase } from './registrations';
import type { MoveRows } from './row-access';
import { addDays, requireCityKelurahan, requireDate, requirePassport, requirePlace, requireText, type PlaceInput } from './validation';

/**
 * registerForeigner: a foreign resident's registration (SKTT) in orang-asing. Through the outbox
 * as a single message rather than a synchronous claim/commit of the key: the register is reached
 * over SQL and may be down, and the outbox gives the caller the same contract as every other
 * mutation here (PENDING, then delivered once when it returns), while the register's own
 * write-once by client reference makes a redelivery harmless. What can be checked beforehand is
 * (the passport not registered yet, the kelurahan in the caller's region), so a refusal at
 * delivery is rare (a counter registration of the same passport in between).
 */
export const REGISTER_FOREIGNER = 'registerForeigner';

export interface RegisterForeignerInput {
  passportNumber: string;
  nationality: string;
  name: string;
  sex: Sex;
  birthDate: string;
  permitType: StayPermitType;
  permitNumber: string;
  permitExpiresOn: string;
  sponsor?: string | null;
  address: PlaceInput;
}

export interface ForeignerWrites {
  register(input: RegisterForeignerInput, idempotencyKey: string): Promise<ForeignerRegistrationView>;
  status(idempotencyKey: string): Promise<ForeignerRegistrationView | null>;
}

export function registerForeignerHandlers(dispatcher: OutboxDispatcher, orangAsing: OrangAsingPort): OutboxDispatcher {
  return dispatcher.register('orang-asing', REGISTER_FOREIGNER, async (message, deadline) => {
    const { foreigner } = await orangAsing.registerForeigner(message.payload as ForeignerRegistration, deadline);
    return { registrationNumber: foreigner.registrationNumber };
  });
}

export function foreignerView(status: MutationStatus, replayed: boolean): ForeignerRegistrationView {
  return { ...viewBase(status, replayed), registrationNumber: deliveredResult<{ registrationNumber: string }>(status, 'orang-asing')?.registrationNumber ?? null };
}

export interface ForeignerDeps {
  orangAsing: OrangAsingPort;
  mutations: OutboxMutations;
  audit: AuditWriter;
}

export function foreignerWrites(deps: ForeignerDeps, request: RequestContext, tenant: Tenant, rows: MoveRows, deadline: Deadline): ForeignerWrites {
  return {
    async register(input, idempotencyKey) {
      checkIdempotencyKey(idempotencyKey);
      const outcome = await deps.mutations.run(
        { tenant: tenant.id, principalId: principalIdOf(request), key: idempotencyKey, operation: REGISTER_FOREIGNER, input },
        async () => {
          // Check and read; nothing is written here.
          const today = todayIn(tenant.timeZone);
          const passportNumber = requirePassport(input.passportNumber, 'input.passportNumber');
          const nationality = input.nationality.trim().toUpperCase();
          if (!/^[A-Z]{3}$/.test(nationality)) throw badUserInput('input.nationality', 'BAD_NATIONALITY', 'Give the nationality as an ISO 3166 alpha-3 code, e.g. JPN.');
          const name = requireText(input.name, 'input.name', 80);
          const birthDate = requireDate(input.birthDate, 'input.birthDate');
          if (birthDate > today || birthDate < '1900-01-01') throw badUserInput('input.birthDate', 'BAD_BIRTH_DATE', 'The birth date must be between 1900 and today.');
          const permitExpiresOn = requireDate(input.permitExpiresOn, 'input.permitExpiresOn');
          if (permitExpiresOn <= today) throw badUserInput('input.permitExpiresOn', 'PERMIT_ENDED', 'The stay permit must still be valid (end after today).');
          if (permitExpiresOn > addDays(today, 3653)) throw badUserInput('input.permitExpiresOn', 'TOO_FAR_AHEAD', 'A stay permit runs for at most ten years.');
          const permitNumber = input.permitNumber.trim().toUpperCase();
          if (!/^[A-Z0-9-]{1,30}$/.test(permitNumber)) throw badUserInput('input.permitNumber', 'BAD_PERMIT_NUMBER', 'A permit number is 1 to 30 letters, digits or -.');
          const sponsor = input.sponsor ? requireText(input.sponsor, 'input.sponsor', 80) : undefined;
          const address = requirePlace(input.address, 'input.address', (code, argument) => requireCityKelurahan(code, argument, tenant));
          rows.guard();
          if (!rows.mayWrite([address.region.code])) throw rows.outside();
          const known = (await deps.orangAsing.foreignersByPassport([passportNumber], deadline)).get(passportNumber);
          if (known) throw new GerbangError(ErrorCode.CONFLICT, 'This passport is already registered.', { argument: 'input.passportNumber', reason: 'PASSPORT_ALREADY_REGISTERED' });
          // Foreigners have no NIK: the trail names them by passport (the SKTT number comes with delivery).
          await auditWrite(deps.audit, request, REGISTER_FOREIGNER, foreignResidentSubjects({ passportNumber }), 'foreigner registration');
          const reference = clientReference('SKTT', tenant.id, idempotencyKey);
          const registration: ForeignerRegistration = {
            clientReference: reference, passportNumber, nationality, name, sex: input.sex, birthDate,
            permitType: input.permitType, permitNumber, permitExpiresOn, ...(sponsor ? { sponsor } : {}),
            street: address.street, rt: address.rt, rw: address.rw, kelurahanCode: address.region.code,
          };
          return { result: { reference }, messages: [{ target: 'orang-asing', operation: REGISTER_FOREIGNER, payload: registration }] };
        },
        deadline,
      );
      return foreignerView(outcome.status, outcome.replayed);
    },

    async status(idempotencyKey) {
      checkIdempotencyKey(idempotencyKey);
      const status = ownStatus(await deps.mutations.status(tenant.id, idempotencyKey), REGISTER_FOREIGNER, request);
      return status ? foreignerView(status, true) : null;
    },
  };
}
