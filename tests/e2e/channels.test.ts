import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import type { Knex } from 'knex';
import { todayIn } from '@core/tenants';
import { DEVELOPMENT_SEAL_KEY, EventSeal, queueName, type DeliveredEvent, type Subscription } from '@core/events';
import { amqpProblem, testAmqpUrl } from '@core/events/testing';
import { admKioskEmulator } from '@sim/adm-kiosk/emulator';
import { antrianEmulator } from '@sim/antrian/emulator';
import { ikdEmulator } from '@sim/ikd/emulator';
import { workRequest } from '@sim/kecamatan/back-office';
import { kecamatanEmulator } from '@sim/kecamatan/emulator';
import { kiaEmulator } from '@sim/kia/emulator';
import { CETAK_TABLE } from '@sim/ktp-cetak/schema';
import { moveJob } from '@sim/ktp-cetak/back-office';
import { PESAN_TABLE } from '@sim/notifikasi/schema';
import { notifikasiEmulator } from '@sim/notifikasi/emulator';
import { assignCourier, deliver, pickUp } from '@sim/ojol/back-office';
import { ojolEmulator } from '@sim/ojol/emulator';
import { ORDER_TABLE as OJOL_ORDER_TABLE, RIWAYAT_TABLE } from '@sim/ojol/schema';
import { ktpCetakEmulator } from '@sim/ktp-cetak/emulator';
import { recordEnrolment, setEnrolmentStatus } from '@sim/ktp-rekam/back-office';
import { ktpRekamEmulator } from '@sim/ktp-rekam/emulator';
import { legalisirEmulator } from '@sim/legalisir/emulator';
import { pengaduanEmulator } from '@sim/pengaduan/emulator';
import { portalOnlineEmulator } from '@sim/portal-online/emulator';
import { siakEmulator } from '@sim/siak/emulator';
import { sirenaEmulator } from '@sim/sirena/emulator';
import { issueToken } from '../../gateway/src/auth/issue-token';
import { courierEventId, NOTIFICATIONS_SUBSCRIPTION, referenceOf } from '../../subgraphs/delivery/src/notifications';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { serversRequired } from '../support/redis';
import { postGraphQL, startStack, type Stack } from '../support/stack';

/**
 * The channels' heart, through the gateway over the running applications: a 17-year-old books an
 * appointment online (antrian), is checked in and enrolled at the kecamatan counter, and once the
 * counter finishes the request the card's print reaches ktp-cetak, with every step in the
 * request's history; an officer's change in the counter application's own screen shows through the
 * API and on the event flow, once each, in order. Then the finished card is brought to the door by
 * an ojol courier, and the resident is told every change along the way once (counted where the
 * notification gateway keeps what it sends). The flow runs on RabbitMQ when it can be reached
 * (a run's own exchange), else embedded (said in the output; a failure with GERBANG_REQUIRE_SERVERS=1).
 */
const NIP = '198703152010011002';
const amqpUrl = testAmqpUrl();
const amqpDown = amqpProblem(amqpUrl);
if (amqpDown && serversRequired()) throw new Error(`RabbitMQ at ${amqpUrl.replace(/\/\/[^@]*@/, '//')} cannot be reached (${amqpDown}); GERBANG_REQUIRE_SERVERS=1 makes this a failure.`);
if (amqpDown) console.warn(`channels end to end: RabbitMQ cannot be reached (${amqpDown}); the services event flow runs embedded in this run`);
const transport = amqpDown ? 'embedded' : 'RabbitMQ';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(probe: () => Promise<T | undefined>, what: string, withinMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - started > withinMs) throw new Error(`${what}: not within ${withinMs} ms`);
    await sleep(100);
  }
}

interface Teen { NIK: string; NAMA_LGKP: string; NO_KEC: number }

describe(`channels end to end (${testBackend()}, event flow ${transport})`, () => {
  const run = randomUUID().slice(0, 8);
  const exchange = `gerbang.events.channels-${run}`;
  const SUBSCRIPTION = `channels-test-${run}`;
  let legacy: TestLegacyStorage;
  let stack: Stack;
  let teen: Teen;
  let kecamatan: string;
  const events: DeliveredEvent[] = [];
  let subscription: Subscription;
  /** The first scenario's requests: the booking and the counter request it became. */
  const journey = { appointmentId: '', requestId: '', jobNumber: '' };
  /** The teen's family card's mobile number, as the notification gateway writes it. */
  const PHONE = '081277001717';
  const GATEWAY_PHONE = '6281277001717';

  const residentHeaders = async () => ({ authorization: `Bearer ${await issueToken({ sub: 'resident-teen', roles: ['RESIDENT'], tenant: 'tangsel', nik: teen.NIK })}` });
  const officerHeaders = async () => ({ authorization: `Bearer ${await issueToken({ sub: NIP, roles: ['OFFICER'], tenant: 'tangsel', region: kecamatan })}`, 'x-purpose': 'layanan KTP-el di loket kecamatan' });

  beforeAll(async () => {
    legacy = await seededStorage('channels-e2e', [
      siakEmulator, ktpRekamEmulator, ktpCetakEmulator, kiaEmulator, ikdEmulator,
      portalOnlineEmulator, sirenaEmulator, kecamatanEmulator, legalisirEmulator, antrianEmulator, admKioskEmulator, pengaduanEmulator,
      ojolEmulator, notifikasiEmulator,
    ]);
    const siak = legacy.open('siak');
    const rekam = legacy.open('ktp-rekam');
    // A resident who turned 17 within the last year, never married, alive, never enrolled.
    const today = todayIn('Asia/Jakarta');
    const year = Number(today.slice(0, 4));
    const candidates = (await siak('BIODATA_WNI').select('NIK', 'NAMA_LGKP', 'NO_KEC').where({ STAT_HIDUP: 1, STAT_KWN: 1 })
      .andWhere('TGL_LHR', '<=', `${year - 17}${today.slice(4)}`).andWhere('TGL_LHR', '>', `${year - 18}${today.slice(4)}`).orderBy('NIK')) as Teen[];
    const enrolled = new Set(((await rekam('t_perekaman').select('nik')) as Array<{ nik: string }>).map((r) => r.nik));
    teen = candidates.find((c) => !enrolled.has(c.NIK))!;
    expect(teen).toBeDefined();
    kecamatan = `36.74.${String(teen.NO_KEC).padStart(2, '0')}`;
    // Where the family is told of its requests: the family card's mobile number.
    await siak('DATA_KELUARGA').where({ NO_KK: ((await siak('BIODATA_WNI').select('NO_KK').where({ NIK: teen.NIK }).first()) as { NO_KK: string }).NO_KK }).update({ TELP: PHONE });
    stack = await startStack(legacy.storage, {
      identityCards: true, services: true, delivery: true,
      ...(amqpDown ? {} : { servicesEvents: { amqpUrl, exchange, subscriptions: ['fulfilment', NOTIFICATIONS_SUBSCRIPTION, SUBSCRIPTION] } }),
    });
    subscription = stack.services!.flow.subscribe(SUBSCRIPTION, async (event) => void events.push(event));
  });

  afterAll(async () => {
    await subscription?.close();
    await stack?.stop();
    if (!amqpDown) {
      const admin = await connect(amqpUrl);
      const channel = await admin.createChannel();
      for (const name of ['fulfilment', NOTIFICATIONS_SUBSCRIPTION, SUBSCRIPTION]) await channel.deleteQueue(queueName('services', name)).catch(() => undefined);
      await channel.deleteExchange(exchange).catch(() => undefined);
      await admin.close();
    }
    await legacy?.cleanup();
  });

  const REQUEST = `query ($id: ID!) { serviceRequest(id: $id) { id status timeline { status by } appointment { id status }
    fulfilment { register state errorCode cardPrintJobNumber cardPrintStatus } history { application step status note } } }`;
  const request = async (id: string) => {
    const { body } = await postGraphQL(stack.gatewayUrl, REQUEST, { id }, await officerHeaders());
    expect(body.errors).toBeUndefined();
    return body.data!.serviceRequest;
  };

  it('books online, checks in and enrols at the kecamatan counter, and the card print reaches ktp-cetak; the history shows every step', async () => {
    // 1. Online, from home: the free days of the kecamatan's queue, then a booking on the first one after today.
    const point = { kind: 'KECAMATAN', id: kecamatan };
    const days = await postGraphQL(stack.gatewayUrl, `query ($p: ServicePointInput!) { appointmentDays(service: FIRST_ID_CARD, servicePoint: $p, days: 10) { date placesLeft } }`, { p: point }, await residentHeaders());
    expect(days.body.errors).toBeUndefined();
    const visit = (days.body.data!.appointmentDays as Array<{ date: string }>).find((d) => d.date > todayIn('Asia/Jakarta'))!.date;
    const booked = await postGraphQL(stack.gatewayUrl, `mutation ($input: BookAppointmentInput!) { bookAppointment(idempotencyKey: "teen-ktp-1", input: $input) { id status channel registrationNumber } }`,
      { input: { service: 'FIRST_ID_CARD', servicePoint: point, applicantNik: teen.NIK, visitDate: visit, phone: '081234567890' } }, await residentHeaders());
    expect(booked.body.errors).toBeUndefined();
    const appointment = booked.body.data!.bookAppointment as { id: string; status: string; channel: string };
    expect(appointment).toMatchObject({ status: 'SUBMITTED', channel: 'ONLINE' });

    // 2. The visit day at the counter: checked in; the counter request is written into the kecamatan app.
    stack.servicesApps!.clock.offsetMs = Date.parse(`${visit}T02:30:00Z`) - Date.now();
    const checkIn = await postGraphQL(stack.gatewayUrl, `mutation ($id: ID!) { checkInAppointment(id: $id, counter: "A01") { appointment { status } counterRequest { state request { id status } } } }`, { id: appointment.id }, await officerHeaders());
    expect(checkIn.body.errors).toBeUndefined();
    expect(checkIn.body.data!.checkInAppointment).toMatchObject({ appointment: { status: 'IN_PROCESS' }, counterRequest: { state: 'DELIVERED', request: { status: 'SUBMITTED' } } });
    const id = checkIn.body.data!.checkInAppointment.counterRequest.request.id as string;
    const registration = (await until(async () => (await legacy.open('kecamatan')('kec_permohonan').where('nik_pemohon', teen.NIK).andWhere('ref_gerbang', 'like', 'GB-ANTRIAN-%').first()) as { no_registrasi: string } | undefined, 'the counter request in the kecamatan app')).no_registrasi;

    // 3. The officer takes it up in the counter application's own screen; the API and the flow see it.
    await workRequest(legacy.open('kecamatan'), registration, 'DIPROSES', NIP);
    await until(async () => ((await request(id)).status === 'IN_PROCESS' ? true : undefined), 'IN_PROCESS through the API');
    await until(async () => (events.some((e) => e.key === id && (e.payload as { status: string }).status === 'IN_PROCESS') ? true : undefined), 'IN_PROCESS on the event flow');

    // 4. Enrolled at the counter (the enrolment station writes ktp-rekam); the counter finishes the request through the API.
    const enrolment = await recordEnrolment(legacy.open('ktp-rekam'), { nik: teen.NIK, name: teen.NAMA_LGKP, kecamatan: teen.NO_KEC, regencyCode: '36.74', officer: NIP });
    const done = await postGraphQL(stack.gatewayUrl, `mutation ($id: ID!) { updateServiceRequestStatus(id: $id, status: COMPLETED, note: "perekaman selesai") { status } }`, { id }, await officerHeaders());
    expect(done.body.errors).toBeUndefined();

    // 5. The print waits for the central biometric match, then reaches ktp-cetak once.
    const waiting = await until(async () => {
      const f = (await request(id)).fulfilment;
      return f?.errorCode ? f : undefined;
    }, 'the print waiting for the match');
    expect(waiting).toMatchObject({ register: 'ktp-cetak', state: 'PENDING', errorCode: 'ENROLMENT_NOT_SUCCESSFUL' });
    expect(await legacy.open('ktp-cetak')(CETAK_TABLE).where('nik', teen.NIK)).toHaveLength(0);
    await setEnrolmentStatus(legacy.open('ktp-rekam'), enrolment, 'S');
    const finished = await until(async () => {
      const r = await request(id);
      return r.fulfilment?.state === 'DELIVERED' ? r : undefined;
    }, 'the print queued at ktp-cetak');
    expect(finished.fulfilment).toMatchObject({ register: 'ktp-cetak', state: 'DELIVERED', errorCode: null, cardPrintStatus: 'QUEUED' });
    expect(finished.appointment).toEqual({ id: appointment.id, status: 'IN_PROCESS' });
    expect(finished.history.map((s: { application: string; step: string }) => `${s.application}:${s.step}`)).toEqual([
      'antrian:BOOKED', 'antrian:CHECKED_IN', 'kecamatan:SUBMITTED', 'kecamatan:IN_PROCESS', 'kecamatan:COMPLETED', 'ktp-cetak:CARD_PRINT_QUEUED',
    ]);
    const jobs = (await legacy.open('ktp-cetak')(CETAK_TABLE).where('nik', teen.NIK)) as Array<{ no_permohonan: string }>;
    expect(jobs).toHaveLength(1);
    Object.assign(journey, { appointmentId: appointment.id, requestId: id, jobNumber: finished.fulfilment.cardPrintJobNumber });

    // The resident sees the print among their card's jobs (population's field, the same job).
    const mine = await postGraphQL(stack.gatewayUrl, `query ($nik: String!) { resident(nik: $nik) { identityCard { printJobs { jobNumber status pickupPlace } } serviceRequests { id status } } }`, { nik: teen.NIK }, await residentHeaders());
    expect(mine.body.errors).toBeUndefined();
    expect(mine.body.data!.resident.identityCard.printJobs).toEqual([{ jobNumber: finished.fulfilment.cardPrintJobNumber, status: 'QUEUED', pickupPlace: expect.stringMatching(/^KANTOR KECAMATAN /) }]);
    expect(mine.body.data!.resident.serviceRequests.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([id, appointment.id]));

    // 6. Every change of the request on the flow once, in order; a second pass of the fulfilment writes nothing.
    await until(async () => (events.some((e) => e.key === id && (e.payload as { status: string }).status === 'COMPLETED') ? true : undefined), 'COMPLETED on the event flow');
    const statuses = events.filter((e) => e.key === id).map((e) => (e.payload as { status: string }).status);
    expect(statuses).toEqual(['SUBMITTED', 'IN_PROCESS', 'COMPLETED'].filter((s) => statuses.includes(s)));
    expect(statuses).toEqual(expect.arrayContaining(['IN_PROCESS', 'COMPLETED']));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    // The applicant travels sealed for the notifier: never in clear on the flow, opened with the key.
    expect(JSON.stringify(events)).not.toContain(teen.NIK);
    expect(new EventSeal(DEVELOPMENT_SEAL_KEY).open((events.find((e) => e.key === id)!.payload as { applicant?: string }).applicant)).toBe(teen.NIK);
    await stack.restartServices();
    await sleep(1_000);
    expect(await legacy.open('ktp-cetak')(CETAK_TABLE).where('nik', teen.NIK)).toHaveLength(1);
  });

  it('brings the printed card to the door by ojol, telling the resident each change once along the way', async () => {
    expect(journey.requestId).not.toBe('');
    // The print room prints the card; it waits at the office's ojol desk.
    const cetak = legacy.open('ktp-cetak');
    await moveJob(cetak, journey.jobNumber, 'CETAK');
    await moveJob(cetak, journey.jobNumber, 'SIAP_AMBIL');

    // From home, the teen asks for it to be brought: a quote, then the order on their request.
    const home = { latitude: -6.2897, longitude: 106.7142 };
    const quote = await postGraphQL(stack.gatewayUrl, 'query ($l: GeoPointInput!) { courierQuote(kind: DELIVERY, location: $l) { quoteId feeRupiah } }', { l: home }, await residentHeaders());
    expect(quote.body.errors).toBeUndefined();
    const placed = await postGraphQL(stack.gatewayUrl, 'mutation ($i: RequestCourierInput!) { requestCourier(idempotencyKey: "teen-ktp-ojol", input: $i) { state order { id status partnerOrderNumber } } }', {
      i: { serviceRequestId: journey.requestId, applicantNik: teen.NIK, kind: 'DELIVERY', quoteId: quote.body.data!.courierQuote.quoteId, address: 'Jl. Kenanga No. 7, RT 002/RW 004', location: home, contactName: teen.NAMA_LGKP, contactPhone: PHONE, item: 'KTP-el' },
    }, await residentHeaders());
    expect(placed.body.errors).toBeUndefined();
    expect(placed.body.data!.requestCourier).toMatchObject({ state: 'DELIVERED', order: { status: 'SEARCHING_COURIER' } });
    const { id: orderId, partnerOrderNumber } = placed.body.data!.requestCourier.order as { id: string; partnerOrderNumber: string };

    // The courier's day, in the partner's own app; each change calls Gerbang back through the gateway.
    const ojol = legacy.open('ojol');
    const callBack = () => stack.deliveryApps!.ojol.callbacks.runOnce();
    await callBack();
    await assignCourier(ojol, partnerOrderNumber, { nama: 'Dedi Kurniawan', plat: 'B 3456 TJK', telp: '6281311112222' });
    await callBack();
    await pickUp(ojol, partnerOrderNumber);
    await callBack();
    await deliver(ojol, partnerOrderNumber, { penerima: teen.NAMA_LGKP, foto: `bukti/${partnerOrderNumber}.jpg` });
    await callBack();
    await moveJob(cetak, journey.jobNumber, 'DIAMBIL');

    const ORDER = 'query ($id: ID!) { serviceRequest(id: $id) { courierOrders { id status timeline { status } proof { receiverCheck } } } }';
    const delivered = await until(async () => {
      const { body } = await postGraphQL(stack.gatewayUrl, ORDER, { id: journey.requestId }, await residentHeaders());
      const order = (body.data?.serviceRequest?.courierOrders as Array<{ id: string; status: string }> | undefined)?.find((o) => o.id === orderId);
      return order?.status === 'DELIVERED' ? order : undefined;
    }, 'the card delivered, through the API');
    expect(delivered).toMatchObject({ timeline: [{ status: 'SEARCHING_COURIER' }, { status: 'COURIER_ASSIGNED' }, { status: 'PICKED_UP' }, { status: 'DELIVERED' }], proof: { receiverCheck: 'OWNER' } });

    // One message per change, to the family card's number: each status change of the booking and the
    // counter request that the flow carried, and each of the courier order's.
    const ojolOrder = ((await ojol(OJOL_ORDER_TABLE).where({ no_order: partnerOrderNumber }).first('id_order')) as { id_order: number }).id_order;
    const courierChanges = ((await ojol(RIWAYAT_TABLE).where({ id_order: ojolOrder }).orderBy('id_riwayat').select('id_riwayat')) as Array<{ id_riwayat: number }>).map((c) => courierEventId(String(c.id_riwayat)));
    expect(courierChanges).toHaveLength(4);
    const requestChanges = events.filter((e) => (e.key === journey.requestId || e.key === journey.appointmentId) && (e.payload as { status: string }).status !== 'DRAFT').map((e) => e.id);
    expect(requestChanges.length).toBeGreaterThanOrEqual(3);
    const expected = [...requestChanges, ...courierChanges].map((change) => referenceOf(change, 'WHATSAPP'));
    const pesan = legacy.open('notifikasi');
    const sentTo = async () => (await pesan(PESAN_TABLE).where({ no_tujuan: GATEWAY_PHONE }).select('ref_klien', 'isi_pesan')) as Array<{ ref_klien: string; isi_pesan: string }>;
    await until(async () => ((await sentTo()).length >= expected.length ? true : undefined), 'every change told');
    await sleep(1_000);
    const messages = await sentTo();
    expect(messages.map((m) => m.ref_klien).sort()).toEqual([...expected].sort());
    const text = (change: string) => messages.find((m) => m.ref_klien === referenceOf(change, 'WHATSAPP'))!.isi_pesan;
    expect(text(courierChanges[1]!)).toBe('Disdukcapil Tangsel: Kurir Dedi Kurniawan (B 3456 TJK) akan mengantar KTP-el Anda.');
    expect(text(courierChanges[3]!)).toBe('Disdukcapil Tangsel: KTP-el Anda sudah diserahkan oleh kurir. Terima kasih.');
    expect(messages.map((m) => m.isi_pesan)).toContain('Disdukcapil Tangsel: Permohonan KTP-el pertama Anda telah selesai. Terima kasih.');
    expect(JSON.stringify(messages)).not.toContain(teen.NIK);
  });

  it('refuses a booking on a full day with the next free days', async () => {
    const db: Knex = legacy.open('antrian');
    const code = kecamatan.replace(/\./g, '');
    await db('tb_kuota').where({ kd_kantor: code, kd_layanan: 'B' }).update({ kuota_harian: 1 });
    stack.servicesApps!.clock.offsetMs = 0;
    const days = await postGraphQL(stack.gatewayUrl, `query ($p: ServicePointInput!) { appointmentDays(service: ID_CARD_REPLACEMENT, servicePoint: $p, days: 3) { date placesLeft } }`, { p: { kind: 'KECAMATAN', id: kecamatan } }, await officerHeaders());
    const day = days.body.data!.appointmentDays[0].date as string;
    const others = (await legacy.open('siak')('BIODATA_WNI').select('NIK').where({ NO_KEC: teen.NO_KEC, STAT_HIDUP: 1 }).whereNot('NIK', teen.NIK).orderBy('NIK').limit(2)) as Array<{ NIK: string }>;
    const book = async (nik: string, key: string) => await postGraphQL(stack.gatewayUrl, `mutation ($input: BookAppointmentInput!, $key: String!) { bookAppointment(idempotencyKey: $key, input: $input) { id } }`,
      { key, input: { service: 'ID_CARD_REPLACEMENT', servicePoint: { kind: 'KECAMATAN', id: kecamatan }, applicantNik: nik, visitDate: day } }, await officerHeaders());
    expect((await book(others[0]!.NIK, 'walk-in-1')).body.errors).toBeUndefined();
    const full = await book(others[1]!.NIK, 'walk-in-2');
    expect(full.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'DAY_FULL' });
    expect((full.body.errors![0]!.extensions!.nextFreeDays as string[])[0]! > day).toBe(true);
  });
});
