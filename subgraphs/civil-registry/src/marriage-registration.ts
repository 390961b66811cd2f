import type { AuditWriter } from '@core/audit';
import type { RequestContext } from '@core/context/request-context';
import type { Deadline } from '@core/deadline';
import type { Religion } from '@core/domain/population';
import { ErrorCode, GerbangError, badUserInput } from '@core/errors';
import { checkIdempotencyKey, type MutationStatus, type OutboxMutations } from '@core/outbox';
import { todayIn, type Tenant } from '@core/tenants';
import { requireNik } from '@core/validation';
import type { AktaKawinPort, MarriageRegistration } from '@adapters/akta-kawin';
import type { Resident, SiakPort } from '@adapters/siak';
import type { RegistrationView } from './context';
import { auditWrite, clientReference, deliveredResult, deliveriesOf, ownStatus, principalIdOf } from './registrations';
import type { DeedRows } from './row-access';
import { ageOn, requireName, requirePastDate } from './validation';

/**
 * registerMarriage through the durable outbox: one write, the deed in akta-kawin (SOAP), for two
 * residents in SIAK. The registry checks its client reference before writing again.
 *
 * Checked here, before anything is recorded, what the registry would refuse (a Muslim marriage,
 * witnesses under 21, not two witnesses) and what UU 1/1974 as amended by UU 16/2019 asks
 * (monogamy, 19 years for both since 2019-10-15; 19 and 16 before).
 */
export const MARRIAGE = 'registerMarriage';

export interface RegisterMarriageInput {
  husbandNik: string;
  wifeNik: string;
  marriedOn: string;
  place?: string | null;
  religion: Religion;
  religiousInstitution: string;
  witnesses: ReadonlyArray<{ nik?: string | null; name: string; birthDate: string }>;
}

export interface MarriageWrites {
  register(input: RegisterMarriageInput, idempotencyKey: string): Promise<RegistrationView>;
  status(idempotencyKey: string): Promise<RegistrationView | null>;
}

export interface MarriageWriteDeps {
  siak: SiakPort;
  aktaKawin: AktaKawinPort;
  mutations: OutboxMutations;
  audit: AuditWriter;
}

const WITNESS_AGE = 21;
const UU_16_2019 = '2019-10-15';

function viewOf(status: MutationStatus, replayed: boolean): RegistrationView {
  return {
    idempotencyKey: status.idempotencyKey,
    reference: (status.result as { reference: string }).reference,
    replayed,
    state: status.delivery,
    deliveries: deliveriesOf(status),
    deedNumber: deliveredResult<{ deedNumber?: string }>(status, 'akta-kawin')?.deedNumber ?? null,
  };
}

/** A spouse as SIAK has them: living, of the right sex, unmarried, old enough on the day. */
function checkSpouse(person: Resident | undefined, role: 'husband' | 'wife', marriedOn: string): Resident {
  const argument = `input.${role}Nik`;
  if (!person) throw badUserInput(argument, 'UNKNOWN_NIK', 'No resident with this NIK is registered.');
  if (person.sex !== (role === 'husband' ? 'MALE' : 'FEMALE')) throw badUserInput(argument, 'WRONG_SEX', `This NIK is not a ${role === 'husband' ? 'man' : 'woman'}'s.`);
  if (!person.alive) throw badUserInput(argument, 'DECEASED', 'A death is recorded for this resident.');
  if (person.maritalStatus === 'MARRIED') throw badUserInput(argument, 'ALREADY_MARRIED', 'SIAK records this resident as married.');
  const minimum = marriedOn >= UU_16_2019 || role === 'husband' ? 19 : 16;
  if (person.birthDate && ageOn(person.birthDate, marriedOn) < minimum) throw badUserInput(argument, 'UNDER_MARRIAGE_AGE', `Both spouses must be at least ${minimum} on the wedding day.`);
  return person;
}

export function marriageWrites(deps: MarriageWriteDeps, request: RequestContext, tenant: Tenant, rows: DeedRows, deadline: Deadline): MarriageWrites {
  return {
    async register(input, idempotencyKey) {
      checkIdempotencyKey(idempotencyKey);
      const outcome = await deps.mutations.run(
        { tenant: tenant.id, principalId: principalIdOf(request), key: idempotencyKey, operation: MARRIAGE, input },
        async () => {
          const today = todayIn(tenant.timeZone);
          const husbandNik = requireNik(input.husbandNik, 'input.husbandNik');
          const wifeNik = requireNik(input.wifeNik, 'input.wifeNik');
          if (husbandNik === wifeNik) throw badUserInput('input.wifeNik', 'SAME_PERSON', 'The husband and the wife must be two people.');
          const marriedOn = requirePastDate(input.marriedOn, 'input.marriedOn', today);
          if (input.religion === 'ISLAM') throw badUserInput('input.religion', 'MUSLIM_MARRIAGE', 'Muslim marriages are registered by the KUA, not the civil registry.');
          const religiousInstitution = requireName(input.religiousInstitution, 'input.religiousInstitution');
          const place = input.place ? requireName(input.place, 'input.place') : null;
          if (input.witnesses.length !== 2) throw badUserInput('input.witnesses', 'TWO_WITNESSES', 'Give exactly two witnesses.');
          const witnesses = input.witnesses.map((w, i) => {
            const argument = `input.witnesses.${i}`;
            const birthDate = requirePastDate(w.birthDate, `${argument}.birthDate`, today);
            if (ageOn(birthDate, marriedOn) < WITNESS_AGE) throw badUserInput(`${argument}.birthDate`, 'WITNESS_UNDER_21', `Witnesses must be at least ${WITNESS_AGE} on the wedding day.`);
            const nik = w.nik ? requireNik(w.nik, `${argument}.nik`) : null;
            if (nik === husbandNik || nik === wifeNik) throw badUserInput(`${argument}.nik`, 'WITNESS_IS_SPOUSE', 'A spouse cannot be a witness.');
            return { nik, name: requireName(w.name, `${argument}.name`), birthDate };
          }) as [MarriageRegistration['witnesses'][0], MarriageRegistration['witnesses'][1]];
          rows.guard();
          const people = await deps.siak.residentsByNik([husbandNik, wifeNik], deadline);
          const husband = checkSpouse(people.get(husbandNik), 'husband', marriedOn);
          const wife = checkSpouse(people.get(wifeNik), 'wife', marriedOn);
          // The deed is registered where the couple lives: the husband's kelurahan (the new family card's).
          if (!(await rows.mayRead({ niks: [husbandNik, wifeNik], kelurahanCode: husband.kelurahanCode }, deadline))) {
            throw new GerbangError(ErrorCode.FORBIDDEN, 'This couple is registered outside the region you serve.', { reason: 'OUTSIDE_YOUR_REGION' });
          }
          // An early, friendly refusal of a marriage registered already. When akta-kawin is down the
          // registration is still recorded (that is what the outbox is for): the registry refuses a
          // duplicate itself when it is delivered, and the registration then shows FAILED with that reason.
          const earlier = await deps.aktaKawin.marriageDeedsOf([husbandNik], deadline).then(
            (found) => found.get(husbandNik) ?? [],
            (error: unknown) => {
              const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
              if (code === ErrorCode.LEGACY_UNAVAILABLE || code === ErrorCode.LEGACY_TIMEOUT) return [];
              throw error;
            },
          );
          if (earlier.some((d) => d.wife.nik === wifeNik)) throw new GerbangError(ErrorCode.CONFLICT, 'This marriage is already registered.', { reason: 'MARRIAGE_ALREADY_REGISTERED' });
          await auditWrite(deps.audit, request, MARRIAGE, [husbandNik, wifeNik, ...witnesses.map((w) => w.nik)], 'marriage');
          const reference = clientReference('KW', tenant.id, idempotencyKey);
          const registration: MarriageRegistration = {
            clientReference: reference,
            husband: { nik: husbandNik, name: husband.name, birthDate: husband.birthDate },
            wife: { nik: wifeNik, name: wife.name, birthDate: wife.birthDate },
            marriedOn, place, religion: input.religion, religiousInstitution, witnesses, kelurahanCode: husband.kelurahanCode,
          };
          return { result: { reference }, messages: [{ target: 'akta-kawin', operation: MARRIAGE, payload: registration }] };
        },
        deadline,
      );
      return viewOf(outcome.status, outcome.replayed);
    },

    async status(idempotencyKey) {
      checkIdempotencyKey(idempotencyKey);
      const own = ownStatus(await deps.mutations.status(tenant.id, idempotencyKey), MARRIAGE, request);
      return own ? viewOf(own, true) : null;
    },
  };
}
