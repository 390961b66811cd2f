import type { AktaLahirPort, BirthRegistration } from '@adapters/akta-lahir';
import type { Resident, SiakBirth, SiakBirthRecorder, SiakPort } from '@adapters/siak';
import type { AuditEntry, AuditWriter } from '@core/audit';
import { deadlineIn } from '@core/deadline';
import { GerbangError, ErrorCode } from '@core/errors';
import { NotYetDeliverableError, PermanentDeliveryError, type DeliveryHandler, type OutboxDispatcher, type OutboxMessage } from '@core/outbox';
import type { FulfilmentRule } from '../routing/routing';
import type { ServiceRequestRecord } from '../sources/source';
import { birthDeedWriter, registerBirthDeedHandler, type BirthDeedOrder } from './birth-deed';
import { addsNewborn, newbornOnCardWriter, registerNewbornOnCardHandler } from './newborn-on-card';
import { fulfils } from './scope';

/**
 * The two newborn registers on their own: which finished Sirena requests they take, what they
 * record, and how their handlers answer SIAK and akta-lahir (waiting, refusing for good, writing).
 */
const KK = '3674012301150003';
const record = (over: Partial<ServiceRequestRecord> = {}): ServiceRequestRecord => ({
  app: 'sirena', localId: 'SRN-3674011001-20261130-0001/2', service: 'FAMILY_CARD_CHANGE', serviceName: null, channel: 'OFFLINE',
  servicePoint: { kind: 'KELURAHAN', id: '36.74.01.1001' }, applicantNik: '3674011505800001', otherNiks: [], familyNumber: KK, status: 'COMPLETED',
  timeline: [], submittedAt: null, registrationNumber: null, producedDocuments: [], rejectionReason: null,
  subject: { nik: null, name: 'NUR AISYAH', eventDate: '2026-11-27', newborn: { sex: 'FEMALE', birthPlace: 'SERPONG' } },
  ...over,
});
const rule = (register: FulfilmentRule['register'], service: FulfilmentRule['service']): FulfilmentRule => ({ service, app: 'sirena', register });

function capture(): { dispatcher: OutboxDispatcher; handler: (target: string, payload: unknown) => Promise<unknown> } {
  const handlers = new Map<string, DeliveryHandler>();
  const dispatcher = { register(target: string, operation: string, h: DeliveryHandler) { handlers.set(target, h); return this; } } as unknown as OutboxDispatcher;
  const handler = async (target: string, payload: unknown) => {
    const message = { id: 'm-1', tenant: 'tangsel', idempotencyKey: 'fulfil:sr_x', seq: 0, target, operation: 'x', payload, state: 'PENDING', attempts: 1 } as unknown as OutboxMessage;
    return await handlers.get(target)!(message, deadlineIn(5_000));
  };
  return { dispatcher, handler };
}

const audited: AuditEntry[] = [];
const audit = { append: async (entry: AuditEntry) => { audited.push(entry); } } as unknown as AuditWriter;

const resident = (over: Partial<Resident>): Resident => ({
  nik: '3674016711260001', name: 'NUR AISYAH', sex: 'FEMALE', birthPlace: 'SERPONG', birthDate: '2026-11-27', bloodType: null, religion: 'ISLAM', maritalStatus: 'SINGLE',
  relationship: 'CHILD', education: null, occupation: null, alive: true, familyNumber: KK, kelurahanCode: '36.74.01.1001', updatedAt: null,
  mother: { name: 'SITI', nik: '3674015203850002' }, father: { name: 'BUDI', nik: '3674011505800001' }, ...over,
});

describe('newborn fulfilment', () => {
  it('takes only the KK changes that add a newborn into SIAK; every birth registration into akta-lahir', () => {
    expect(addsNewborn(record())).toBe(true);
    expect(fulfils(rule('siak', 'FAMILY_CARD_CHANGE'), record())).toBe(true);
    // A spouse joining the card (a subject NIK, no newborn) stays with the Dinas's SIAK screen.
    const spouse = record({ subject: { nik: '3674015203850002', name: 'SITI', eventDate: null, newborn: null } });
    expect(fulfils(rule('siak', 'FAMILY_CARD_CHANGE'), spouse)).toBe(false);
    expect(fulfils(rule('siak', 'FAMILY_CARD_CHANGE'), record({ subject: undefined }))).toBe(false);
    expect(fulfils(rule('akta-lahir', 'BIRTH_REGISTRATION'), record({ service: 'BIRTH_REGISTRATION' }))).toBe(true);
  });

  it('records the child as the request names them, under a reference per tenant and request', () => {
    const order = newbornOnCardWriter.order(rule('siak', 'FAMILY_CARD_CHANGE'), 'tangsel', 'sr_abc', record());
    expect(order).toMatchObject({ target: 'siak', operation: 'recordBirth', payload: { familyCardNumber: KK, name: 'NUR AISYAH', sex: 'FEMALE', birthPlace: 'SERPONG', birthDate: '2026-11-27' } });
    expect((order.payload as SiakBirth).reference).toMatch(/^GB-FKK-[0-9a-f]{24}$/);
    expect(newbornOnCardWriter.order(rule('siak', 'FAMILY_CARD_CHANGE'), 'tangsel', 'sr_abc', record())).toEqual(order);
    const deed = birthDeedWriter.order(rule('akta-lahir', 'BIRTH_REGISTRATION'), 'tangsel', 'sr_def', record({ service: 'BIRTH_REGISTRATION' }));
    expect(deed.payload).toMatchObject({ familyCardNumber: KK, childName: 'NUR AISYAH', birthDate: '2026-11-27' });
  });

  it('SIAK: writes the child and audits the new NIK; refuses for good a KK change naming no child', async () => {
    const { dispatcher, handler } = capture();
    const written: SiakBirth[] = [];
    const siak: SiakBirthRecorder = { recordBirth: async (birth) => { written.push(birth); return { nik: '3674016711260001', familyCardNumber: KK, changed: true }; } };
    registerNewbornOnCardHandler(dispatcher, { siak, audit });
    const payload = newbornOnCardWriter.order(rule('siak', 'FAMILY_CARD_CHANGE'), 'tangsel', 'sr_abc', record()).payload;
    expect(await handler('siak', payload)).toEqual({ nik: '3674016711260001', changed: true });
    expect(audited.at(-1)).toMatchObject({ access: 'write', niks: ['3674016711260001'], principal: { kind: 'service', id: 'services-fulfilment' }, operation: 'services.fulfil.siak.recordBirth' });
    const incomplete = await handler('siak', { ...(payload as SiakBirth), name: '' }).catch((e: unknown) => e);
    expect(incomplete).toBeInstanceOf(PermanentDeliveryError);
    expect((incomplete as PermanentDeliveryError).code).toBe('INCOMPLETE_NEWBORN');
    expect(written).toHaveLength(1);
  });

  describe('akta-lahir', () => {
    const order: BirthDeedOrder = { reference: 'GB-FLU-test', familyCardNumber: KK, childName: 'Nur  Aisyah', birthDate: '2026-11-27' };
    function deedHandler(members: Resident[], register: AktaLahirPort['registerBirth']) {
      const { dispatcher, handler } = capture();
      const siak = { membersByFamily: async () => new Map([[KK, members]]) } as unknown as SiakPort;
      const registered: BirthRegistration[] = [];
      const aktaLahir = { registerBirth: async (r: BirthRegistration, d: Parameters<AktaLahirPort['registerBirth']>[1]) => { registered.push(r); return await register(r, d); } } as unknown as AktaLahirPort;
      registerBirthDeedHandler(dispatcher, { siak, aktaLahir, audit, timeZone: 'Asia/Jakarta' });
      return { deliver: () => handler('akta-lahir', order), registered };
    }
    const issued: AktaLahirPort['registerBirth'] = async (r) => ({ created: true, deed: { number: '3674-LU-30112026-0001', childNik: r.childNik, childName: r.childName, sex: r.sex, birthPlace: r.birthPlace, birthDate: r.birthDate, registeredOn: r.registeredOn, lateRegistration: false, mother: r.mother, father: r.father, kelurahanCode: r.kelurahanCode } });

    it('waits while the child is not on the card (the KK change not written yet)', async () => {
      const { deliver, registered } = deedHandler([resident({ nik: '3674011505800001', name: 'BUDI', relationship: 'HEAD', birthDate: '1980-05-15' })], issued);
      const error = await deliver().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotYetDeliverableError);
      expect((error as NotYetDeliverableError).code).toBe('CHILD_NOT_ON_FAMILY_CARD');
      expect(registered).toHaveLength(0);
    });

    it('issues the deed from SIAK\'s record of the child: NIK, sex, place, parents, kelurahan', async () => {
      const { deliver, registered } = deedHandler([resident({})], issued);
      expect(await deliver()).toEqual({ deedNumber: '3674-LU-30112026-0001', childNik: '3674016711260001' });
      expect(registered[0]).toMatchObject({ clientReference: 'GB-FLU-test', childNik: '3674016711260001', sex: 'FEMALE', birthPlace: 'SERPONG', mother: { nik: '3674015203850002' }, father: { nik: '3674011505800001' }, kelurahanCode: '36.74.01.1001' });
      expect(audited.at(-1)).toMatchObject({ access: 'write', operation: 'services.fulfil.akta-lahir.registerBirth' });
      expect(audited.at(-1)!.niks).toEqual(expect.arrayContaining(['3674016711260001', '3674015203850002', '3674011505800001']));
    });

    it('refuses for good a child with a deed already, and one SIAK names no mother for', async () => {
      const taken = deedHandler([resident({})], async () => { throw new GerbangError(ErrorCode.CONFLICT, 'A birth is already registered for this child.', { app: 'akta-lahir', reason: 'BIRTH_ALREADY_REGISTERED' }); });
      expect(await taken.deliver().catch((e: unknown) => (e as PermanentDeliveryError).code)).toBe('BIRTH_ALREADY_REGISTERED');
      const motherless = deedHandler([resident({ mother: null })], issued);
      expect(await motherless.deliver().catch((e: unknown) => (e as PermanentDeliveryError).code)).toBe('MOTHER_UNKNOWN');
      expect(motherless.registered).toHaveLength(0);
    });
  });
});
