import type { AuditWriter } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { checkIdempotencyKey, type MutationStatus, type OutboxMutations } from '@core/outbox';
import { todayIn, type Tenant } from '@core/tenants';
import { requireKk, requireNik } from '@core/validation';
import type { Sex } from '@core/domain/population';
import type { AktaLahirPort, BirthRegistration } from '@adapters/akta-lahir';
import type { SiakPort } from '@adapters/siak';
import type { RegistrationView } from './context';
import { auditWrite, clientReference, deliveredResult, deliveriesOf, ownStatus, principalIdOf } from './registrations';
import type { DeedRows } from './row-access';
import { requireName, requirePastDate } from './validation';

/**
 * registerBirth through the durable outbox (docs/outbox.md): one write, the deed in akta-lahir, for
 * a child already on a family card in SIAK. The registry checks its client reference before
 * writing again, so a redelivery after a crash or restart never issues a second deed.
 */
export const BIRTH = 'registerBirth';

export interface RegisterBirthInput {
  childNik: string;
  familyNumber: string;
  childName: string;
  sex: Sex;
  birthPlace: string;
  birthDate: string;
  mother: { nik?: string | null; name: string };
  father?: { nik?: string | null; name: string } | null;
}

export interface BirthWrites {
  register(input: RegisterBirthInput, idempotencyKey: string): Promise<RegistrationView>;
  /** The caller's own registration under this key; null when there is none (or it is another's). */
  status(idempotencyKey: string): Promise<RegistrationView | null>;
}

export interface BirthWriteDeps {
  siak: SiakPort;
  aktaLahir: AktaLahirPort;
  mutations: OutboxMutations;
  audit: AuditWriter;
}

function viewOf(status: MutationStatus, replayed: boolean): RegistrationView {
  return {
    idempotencyKey: status.idempotencyKey,
    reference: (status.result as { reference: string }).reference,
    replayed,
    state: status.delivery,
    deliveries: deliveriesOf(status),
    deedNumber: deliveredResult<{ deedNumber?: string }>(status, 'akta-lahir')?.deedNumber ?? null,
  };
}

function parentOf(parent: { nik?: string | null; name: string }, argument: string): { nik: string | null; name: string } {
  return { nik: parent.nik ? requireNik(parent.nik, `${argument}.nik`) : null, name: requireName(parent.name, `${argument}.name`) };
}

export function birthWrites(deps: BirthWriteDeps, request: RequestContext, tenant: Tenant, rows: DeedRows, deadline: Deadline): BirthWrites {
  return {
    async register(input, idempotencyKey) {
      checkIdempotencyKey(idempotencyKey);
      const outcome = await deps.mutations.run(
        { tenant: tenant.id, principalId: principalIdOf(request), key: idempotencyKey, operation: BIRTH, input },
        async () => {
          // Check and read; nothing is written here.
          const today = todayIn(tenant.timeZone);
          const childNik = requireNik(input.childNik, 'input.childNik');
          const familyNumber = requireKk(input.familyNumber, 'input.familyNumber');
          const childName = requireName(input.childName, 'input.childName');
          const birthPlace = requireName(input.birthPlace, 'input.birthPlace');
          const birthDate = requirePastDate(input.birthDate, 'input.birthDate', today);
          const mother = parentOf(input.mother, 'input.mother');
          const father = input.father ? parentOf(input.father, 'input.father') : null;
          if (mother.nik === childNik) throw badUserInput('input.mother.nik', 'SAME_PERSON', 'The mother cannot be the child.');
          if (father?.nik && (father.nik === childNik || father.nik === mother.nik)) throw badUserInput('input.father.nik', 'SAME_PERSON', 'The father cannot be the child or the mother.');
          rows.guard();
          const people = await deps.siak.residentsByNik([childNik, ...[mother.nik, father?.nik].filter((n): n is string => !!n)], deadline);
          const child = people.get(childNik);
          if (!child) throw badUserInput('input.childNik', 'UNKNOWN_NIK', 'No resident with this NIK is registered: add the child to the family card first.');
          if (!(await rows.mayRead({ niks: [childNik], kelurahanCode: child.kelurahanCode }, deadline))) {
            throw new GerbangError(ErrorCode.FORBIDDEN, 'This child is registered outside the region you serve.', { reason: 'OUTSIDE_YOUR_REGION' });
          }
          if (child.familyNumber !== familyNumber) throw badUserInput('input.familyNumber', 'NOT_ON_FAMILY_CARD', 'The child is not on this family card in SIAK.');
          if (child.birthDate && child.birthDate !== birthDate) throw badUserInput('input.birthDate', 'BIRTH_DATE_MISMATCH', 'The birth date differs from the one SIAK records for the child: correct it there first.');
          if (child.sex !== input.sex) throw badUserInput('input.sex', 'SEX_MISMATCH', 'The sex differs from the one SIAK records for the child.');
          const registeredMother = mother.nik ? people.get(mother.nik) : undefined;
          if (registeredMother && registeredMother.sex !== 'FEMALE') throw badUserInput('input.mother.nik', 'WRONG_SEX', 'This NIK is not a woman\'s.');
          const registeredFather = father?.nik ? people.get(father.nik) : undefined;
          if (registeredFather && registeredFather.sex !== 'MALE') throw badUserInput('input.father.nik', 'WRONG_SEX', 'This NIK is not a man\'s.');
          // A second deed for one child is refused by the registry too; said here before anything is recorded.
          if ((await deps.aktaLahir.birthDeedsOf([childNik], deadline)).has(childNik)) {
            throw new GerbangError(ErrorCode.CONFLICT, 'This child already has a birth deed.', { reason: 'BIRTH_ALREADY_REGISTERED' });
          }
          await auditWrite(deps.audit, request, BIRTH, [childNik, mother.nik, father?.nik ?? null], 'birth');
          const reference = clientReference('LU', tenant.id, idempotencyKey);
          const registration: BirthRegistration = {
            clientReference: reference, childNik, childName, sex: input.sex, birthPlace, birthDate, mother, father,
            kelurahanCode: child.kelurahanCode, registeredOn: today,
          };
          return { result: { reference }, messages: [{ target: 'akta-lahir', operation: BIRTH, payload: registration }] };
        },
        deadline,
      );
      return viewOf(outcome.status, outcome.replayed);
    },

    async status(idempotencyKey) {
      checkIdempotencyKey(idempotencyKey);
      const own = ownStatus(await deps.mutations.status(tenant.id, idempotencyKey), BIRTH, request);
      return own ? viewOf(own, true) : null;
    },
  };
}
