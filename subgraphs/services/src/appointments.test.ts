import { setQuota } from '@sim/antrian/back-office';
import { todayIn } from '@core/tenants';
import { testBackend } from '../../../tests/support/legacy-databases';
import { principalFor } from '../../../tests/support/principals';
import { startServicesEstate, type Caller, type ServicesEstate } from './test-estate';

const as = (role: Parameters<typeof principalFor>[0], claims: Parameters<typeof principalFor>[1] = {}): Caller => ({
  principal: principalFor(role, claims), tenant: 'tangsel', ...(role !== 'RESIDENT' ? { purpose: 'counter service, ticket A-001' } : {}),
});
const NIP = '198703152010011002';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const DAYS = `query ($service: ServiceKind!, $point: ServicePointInput!, $days: Int) { appointmentDays(service: $service, servicePoint: $point, days: $days) { date capacity placesLeft } }`;
const BOOK = `mutation ($key: String!, $input: BookAppointmentInput!) { bookAppointment(idempotencyKey: $key, input: $input) {
  id application service channel status servicePoint { kind id } applicant { nik } registrationNumber } }`;
const CHECK_IN = `mutation ($id: ID!) { checkInAppointment(id: $id, counter: "b02") { appointment { id status }
  counterRequest { application state request { id application service status appointment { id } history { application step status } } } } }`;
const CANCEL = `mutation ($id: ID!) { cancelAppointment(id: $id) { id status } }`;

interface Person { NIK: string; NO_KK: string; NO_KEC: number }

/** Appointments through the services subgraph over the running antrian emulator (and the kecamatan counter at check-in). */
describe(`services subgraph: appointments in antrian (${testBackend()})`, () => {
  let estate: ServicesEstate;
  let people: Person[];
  const kec = (n: number) => `36.74.${String(n).padStart(2, '0')}`;
  const office = (p: Person) => ({ kind: 'KECAMATAN', id: kec(p.NO_KEC) });
  const resident = (p: Person) => as('RESIDENT', { nik: p.NIK });

  beforeAll(async () => {
    estate = await startServicesEstate('services-appointments');
    // Heads of family in one kecamatan (each books for themselves).
    const heads = (await estate.db.siak('BIODATA_WNI').select('NIK', 'NO_KK', 'NO_KEC').where('STAT_HBKEL', 1).orderBy('NIK')) as Person[];
    const kecamatan = heads[0]!.NO_KEC;
    people = heads.filter((p) => p.NO_KEC === kecamatan).slice(0, 4);
  });

  afterAll(async () => {
    await estate?.close();
  });

  afterEach(() => {
    estate.rest.clock.offsetMs = 0;
  });

  it('books a resident online in one call to antrian, answers a repeat with the same booking, and refuses another family', async () => {
    const [person] = people;
    const days = await estate.run(DAYS, { service: 'FIRST_ID_CARD', point: office(person!), days: 5 }, resident(person!));
    expect(days.errors).toBeUndefined();
    const day = days.data!.appointmentDays[0] as { date: string; placesLeft: number };
    expect(day.placesLeft).toBeGreaterThan(0);
    const input = { service: 'FIRST_ID_CARD', servicePoint: office(person!), applicantNik: person!.NIK, visitDate: day.date, phone: '0812 3456 7890' };
    const before = estate.rest.antrian.calls.of('POST /api/antrian');
    const booked = await estate.run(BOOK, { key: 'book-1', input }, resident(person!));
    expect(booked.errors).toBeUndefined();
    expect(booked.data!.bookAppointment).toMatchObject({ application: 'antrian', service: 'FIRST_ID_CARD', channel: 'ONLINE', status: 'SUBMITTED', servicePoint: office(person!), applicant: { nik: person!.NIK } });
    expect(booked.data!.bookAppointment.registrationNumber).toMatch(new RegExp(`^A-\\d{3} ${day.date}$`));
    const again = await estate.run(BOOK, { key: 'book-1', input }, resident(person!));
    expect(again.data!.bookAppointment.id).toBe(booked.data!.bookAppointment.id);
    expect(estate.rest.antrian.calls.of('POST /api/antrian') - before).toBe(1);
    const stranger = await estate.run(BOOK, { key: 'book-2', input }, resident(people[1]!));
    expect(stranger.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_YOUR_FAMILY' });
    const cancelled = await estate.run(CANCEL, { id: booked.data!.bookAppointment.id }, resident(person!));
    expect(cancelled.data!.cancelAppointment.status).toBe('CANCELLED');
  });

  it('refuses a full day with the next free days, and a counter that is not on the routing', async () => {
    const [, a, b] = people;
    const code = kec(a!.NO_KEC).replace(/\./g, '');
    await setQuota(estate.legacy.open('antrian'), code, 'B', 1);
    const days = await estate.run(DAYS, { service: 'ID_CARD_REPLACEMENT', point: office(a!), days: 3 }, resident(a!));
    const day = (days.data!.appointmentDays as Array<{ date: string; capacity: number }>)[0]!;
    expect(day.capacity).toBe(1);
    const input = (p: Person) => ({ service: 'ID_CARD_REPLACEMENT', servicePoint: office(p), applicantNik: p.NIK, visitDate: day.date });
    expect((await estate.run(BOOK, { key: 'full-1', input: input(a!) }, resident(a!))).errors).toBeUndefined();
    const full = await estate.run(BOOK, { key: 'full-2', input: input(b!) }, resident(b!));
    expect(full.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DAY_FULL' });
    const next = full.errors![0]!.extensions!.nextFreeDays as string[];
    expect(next.length).toBeGreaterThan(0);
    expect(next.every((d) => d > day.date)).toBe(true);
    const kiosk = await estate.run(BOOK, { key: 'full-3', input: { ...input(b!), servicePoint: { kind: 'KELURAHAN', id: `${kec(b!.NO_KEC)}.1001` } } }, resident(b!));
    expect(kiosk.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('checks a resident in on the visit day only, by that office\'s officers, and makes the linked counter request once', async () => {
    const person = people[3]!;
    // The first free day after today in the office's own time zone (between 17:00 and 24:00 UTC, Jakarta is already on tomorrow).
    const days = await estate.run(DAYS, { service: 'FIRST_ID_CARD', point: office(person), days: 5 }, resident(person));
    const visit = (days.data!.appointmentDays as Array<{ date: string }>).find((d) => d.date > todayIn('Asia/Jakarta'))!.date;
    const booked = await estate.run(BOOK, { key: 'visit-1', input: { service: 'FIRST_ID_CARD', servicePoint: office(person), applicantNik: person.NIK, visitDate: visit } }, resident(person));
    const id = booked.data!.bookAppointment.id as string;
    const officer = as('OFFICER', { region: kec(person.NO_KEC), id: NIP });
    const early = await estate.run(CHECK_IN, { id }, officer);
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_THE_VISIT_DAY' });
    // The visit day, 09:00 in Jakarta, on the applications' clock.
    estate.rest.clock.offsetMs = Date.parse(`${visit}T02:00:00Z`) - Date.now();
    const elsewhere = as('OFFICER', { region: kec(person.NO_KEC === 1 ? 2 : 1), id: NIP });
    expect((await estate.run(CHECK_IN, { id }, elsewhere)).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const checked = await estate.run(CHECK_IN, { id }, officer);
    expect(checked.errors).toBeUndefined();
    const answer = checked.data!.checkInAppointment;
    expect(answer.appointment.status).toBe('IN_PROCESS');
    expect(answer.counterRequest).toMatchObject({ application: 'kecamatan', state: 'DELIVERED', request: { application: 'kecamatan', service: 'FIRST_ID_CARD', status: 'SUBMITTED', appointment: { id } } });
    expect(answer.counterRequest.request.history.map((s: { application: string; step: string }) => `${s.application}:${s.step}`)).toEqual(['antrian:BOOKED', 'antrian:CHECKED_IN', 'kecamatan:SUBMITTED']);
    await sleep(50);
    const twice = await estate.run(CHECK_IN, { id }, officer);
    expect(twice.data!.checkInAppointment.counterRequest.request.id).toBe(answer.counterRequest.request.id);
    const rows = await estate.db.kecamatan('kec_permohonan').where('ref_gerbang', 'like', 'GB-ANTRIAN-%').andWhere('nik_pemohon', person.NIK);
    expect(rows).toHaveLength(1);
  });
});
