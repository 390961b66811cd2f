import type { Knex } from 'knex';
import { deadlineIn } from '@core/deadline';
import type { GerbangError } from '@core/errors';
import { setStatus } from '@sim/portal-online/back-office';
import { portalOnlineEmulator } from '@sim/portal-online/emulator';
import { LAMPIRAN_TABLE, LOG_TABLE, PERMOHONAN_TABLE } from '@sim/portal-online/schema';
import { siakEmulator } from '@sim/siak/emulator';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { connectPortalOnline, createPortalOnlineLoaders, type ApplicationSubmission, type PortalOnlineConnection } from '../index';

const unhurried = () => deadlineIn(10_000);
const SITE = { regencyCode: '36.74', timeZone: 'Asia/Jakarta' };
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as GerbangError);

interface Row { id_permohonan: number; no_registrasi: string; nik_pemohon: string; status: number; antar_ojol: number; tgl_pengajuan: string | null }

/** The online portal's adapter against the emulator's tables (SQLite or MariaDB). */
describe(`portal-online SQL adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let officer: Knex;
  let portal: PortalOnlineConnection;
  let rows: Row[];
  let niks: string[];

  beforeAll(async () => {
    legacy = await seededStorage('portal-online-adapter', [siakEmulator, portalOnlineEmulator]);
    officer = legacy.open('portal-online');
    portal = connectPortalOnline(legacy.storage, { timeoutMs: 5_000, ...SITE });
    rows = (await officer(PERMOHONAN_TABLE).orderBy('id_permohonan')) as Row[];
    niks = ((await legacy.open('siak')('BIODATA_WNI').select('NIK').orderBy('NIK').limit(50)) as Array<{ NIK: string }>).map((r) => r.NIK);
  });

  afterAll(async () => {
    await portal?.client.close();
    await legacy?.cleanup();
  });

  function submission(over: Partial<ApplicationSubmission> = {}): ApplicationSubmission {
    return {
      clientReference: 'ONL-REQ-1', applicantNik: niks[0]!, serviceKind: 'FAMILY_CARD_CHANGE', courierDelivery: true, phone: '0812 1111 2222', note: 'Tambah anggota',
      attachments: [{ documentType: 'kk', archiveId: 'ARS-20260105-0A1B2C3D', fileName: 'kk.pdf' }, { documentType: 'AKTA_LAHIR', archiveId: 'ars-20260105-0a1b2c3e' }], ...over,
    };
  }

  it('finds applications by number (with their timeline) in one statement; by applicant, newest first', async () => {
    const asked = rows.slice(0, 30).map((r) => r.no_registrasi);
    const before = portal.client.statementCount;
    const found = await portal.port.applicationsByNumber([...asked, '3674-ONL-20000101-9999'], unhurried());
    expect(portal.client.statementCount - before).toBe(1);
    expect(new Set(found.keys())).toEqual(new Set(asked));
    for (const a of found.values()) {
      expect(a.servicePoint).toEqual({ kind: 'ONLINE_PORTAL', id: null });
      expect(a.timeline.length).toBeGreaterThan(0);
      expect(a.timeline[a.timeline.length - 1]!.status).toBe(a.status);
      const stamps = a.timeline.map((c) => c.at);
      expect([...stamps].sort()).toEqual(stamps);
    }
    const applicant = rows[0]!.nik_pemohon;
    const mine = (await portal.port.applicationsByApplicant([applicant, '3674010101010001'], unhurried())).get(applicant)!;
    expect(mine.map((a) => a.registrationNumber)).toEqual(rows.filter((r) => r.nik_pemohon === applicant).reverse().map((r) => r.no_registrasi));
    const loaders = createPortalOnlineLoaders(portal.port, unhurried());
    const start = portal.client.statementCount;
    const [one, none, docs] = await Promise.all([loaders.applicationByNumber.load(asked[0]!), loaders.applicationsByApplicant.load('3674010101010001'), loaders.attachmentsOf.load(asked[0]!)]);
    expect(portal.client.statementCount - start).toBe(3);
    expect(one?.registrationNumber).toBe(asked[0]);
    expect(none).toEqual([]);
    expect(Array.isArray(docs)).toBe(true);
  });

  it('lists attachments by their archive ids, in one statement', async () => {
    const submitted = rows.filter((r) => r.tgl_pengajuan !== null).slice(0, 20).map((r) => r.no_registrasi);
    const before = portal.client.statementCount;
    const found = await portal.port.attachmentsOf(submitted, unhurried());
    expect(portal.client.statementCount - before).toBe(1);
    expect(found.size).toBe(submitted.length);
    for (const list of found.values()) for (const a of list) expect(a.archiveId).toMatch(/^ARS-\d{8}-[0-9A-F]{8}$/);
  });

  it('serves a worklist page of 50 with the same single statement as a page of 5, oldest first, stable across pages', async () => {
    const small = portal.client.statementCount;
    const five = await portal.port.worklist({ page: 1, perPage: 5 }, unhurried());
    expect(portal.client.statementCount - small).toBe(1);
    const big = portal.client.statementCount;
    const fifty = await portal.port.worklist({ page: 1, perPage: 50 }, unhurried());
    expect(portal.client.statementCount - big).toBe(1);
    expect(five.total).toBe(rows.length);
    expect(fifty.applications.slice(0, 5).map((a) => a.registrationNumber)).toEqual(five.applications.map((a) => a.registrationNumber));
    const second = await portal.port.worklist({ page: 2, perPage: 5 }, unhurried());
    expect(second.applications.map((a) => a.registrationNumber)).toEqual(fifty.applications.slice(5, 10).map((a) => a.registrationNumber));
    expect(fifty.applications.every((a) => a.timeline.length > 0)).toBe(true);

    const waiting = await portal.port.worklist({ statuses: ['SUBMITTED', 'VERIFYING'], channel: 'ONLINE', page: 1, perPage: 100 }, unhurried());
    expect(waiting.total).toBe(rows.filter((r) => [1, 2].includes(r.status) && r.antar_ojol === 0).length);
    expect(waiting.applications.every((a) => ['SUBMITTED', 'VERIFYING'].includes(a.status!) && a.channel === 'ONLINE')).toBe(true);
    const submitted = waiting.applications.map((a) => a.submittedAt!);
    expect([...submitted].sort()).toEqual(submitted);

    const from = rows.find((r) => r.tgl_pengajuan)!.tgl_pengajuan!.slice(0, 10);
    const onDay = await portal.port.worklist({ submittedFrom: from, submittedTo: from, page: 1, perPage: 100 }, unhurried());
    expect(onDay.total).toBe(rows.filter((r) => r.tgl_pengajuan?.startsWith(from)).length);
    const kinds = await portal.port.worklist({ serviceKinds: ['ID_CARD_REPLACEMENT'], page: 1, perPage: 100 }, unhurried());
    expect(kinds.applications.every((a) => a.serviceKind === 'ID_CARD_REPLACEMENT')).toBe(true);

    const none = portal.client.statementCount;
    expect(await portal.port.worklist({ servicePoint: { kind: 'KECAMATAN', id: '36.74.01' }, page: 1, perPage: 10 }, unhurried())).toEqual({ applications: [], total: 0, hasNextPage: false });
    expect((await portal.port.worklist({ statuses: ['READY'], page: 1, perPage: 10 }, unhurried())).total).toBe(0);
    expect(portal.client.statementCount).toBe(none);
    expect((await portal.port.worklist({ page: 999, perPage: 10 }, unhurried())).total).toBe(rows.length);
    expect((await failure(portal.port.worklist({ submittedFrom: '05-01-2026', page: 1, perPage: 10 }, unhurried())))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'submittedFrom' });
  });

  it('counts by status and channel in one statement', async () => {
    const before = portal.client.statementCount;
    const counts = await portal.port.countByStatus({}, unhurried());
    expect(portal.client.statementCount - before).toBe(1);
    expect(counts.reduce((n, c) => n + c.count, 0)).toBe(rows.length);
    const ojolDone = counts.find((c) => c.status === 'COMPLETED' && c.channel === 'OJOL')?.count ?? 0;
    expect(ojolDone).toBe(rows.filter((r) => r.status === 5 && r.antar_ojol === 1).length);
  });

  it('submits once per reference: numbered, logged, with its attachments; a retry answers the same application', async () => {
    const first = await portal.port.submit(submission(), unhurried());
    expect(first.created).toBe(true);
    expect(first.application).toMatchObject({ serviceKind: 'FAMILY_CARD_CHANGE', channel: 'OJOL', status: 'SUBMITTED', applicantNik: niks[0], reference: 'ONL-REQ-1', note: 'Tambah anggota' });
    expect(first.application.registrationNumber).toMatch(/^3674-ONL-\d{8}-\d{4}$/);
    expect(first.application.timeline).toEqual([{ status: 'SUBMITTED', at: first.application.submittedAt, note: 'Permohonan diajukan', by: null }]);
    const again = await portal.port.submit(submission(), unhurried());
    expect(again).toEqual({ application: first.application, created: false });
    const [row] = (await officer(PERMOHONAN_TABLE).where({ ref_klien: 'ONL-REQ-1' })) as Row[];
    expect(await officer(LAMPIRAN_TABLE).where({ id_permohonan: row!.id_permohonan })).toHaveLength(2);
    expect(await officer(LOG_TABLE).where({ id_permohonan: row!.id_permohonan })).toHaveLength(1);
    expect((await portal.port.attachmentsOf([first.application.registrationNumber], unhurried())).get(first.application.registrationNumber)!.map((a) => a.archiveId)).toEqual(['ARS-20260105-0A1B2C3D', 'ARS-20260105-0A1B2C3E']);
  });

  it('completes a submission that failed half-way when retried, writing nothing twice', async () => {
    await portal.port.submit(submission({ clientReference: 'ONL-REQ-HALF', attachments: [] }), unhurried());
    // As if the first attempt stopped after the row: its log row is gone.
    const [row] = (await officer(PERMOHONAN_TABLE).where({ ref_klien: 'ONL-REQ-HALF' })) as Row[];
    await officer(LOG_TABLE).where({ id_permohonan: row!.id_permohonan }).del();
    const retried = await portal.port.submit(submission({ clientReference: 'ONL-REQ-HALF', attachments: [{ documentType: 'KK', archiveId: 'ARS-20260105-00000001' }] }), unhurried());
    expect(retried.created).toBe(false);
    expect(await officer(LOG_TABLE).where({ id_permohonan: row!.id_permohonan })).toHaveLength(1);
    expect(await officer(LAMPIRAN_TABLE).where({ id_permohonan: row!.id_permohonan })).toHaveLength(1);
  });

  it('refuses bad input and a reference reused for another application', async () => {
    expect((await failure(portal.port.submit(submission({ clientReference: 'ONL-REQ-1', serviceKind: 'CHILD_ID_CARD' }), unhurried())))?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'REFERENCE_IN_USE' });
    expect((await failure(portal.port.submit(submission({ clientReference: 'X-2', applicantNik: '123' }), unhurried())))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'applicantNik' });
    expect((await failure(portal.port.submit(submission({ clientReference: 'X-3', attachments: [{ documentType: 'KK', archiveId: '../../etc/passwd' }] }), unhurried())))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'attachments' });
    // Legalisation left the portal in 2022 (ref_layanan.aktif = 0); kiosk printing was never on it.
    expect((await failure(portal.port.submit(submission({ clientReference: 'X-4', serviceKind: 'LEGALISATION' }), unhurried())))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SERVICE_NOT_OFFERED' });
    expect((await failure(portal.port.submit(submission({ clientReference: 'X-5', serviceKind: 'DOCUMENT_PRINT' }), unhurried())))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SERVICE_NOT_OFFERED' });
    expect(await officer(PERMOHONAN_TABLE).whereIn('ref_klien', ['X-2', 'X-3', 'X-4', 'X-5'])).toHaveLength(0);
  });

  it('concurrent submissions of one day get distinct registration numbers', async () => {
    const results = await Promise.all([1, 2, 3, 4].map((i) => portal.port.submit(submission({ clientReference: `ONL-PAR-${i}`, applicantNik: niks[i]! }), unhurried())));
    expect(new Set(results.map((r) => r.application.registrationNumber)).size).toBe(4);
    expect(results.every((r) => r.created)).toBe(true);
  });

  it('feeds status changes in order, the officer\'s screen and the API\'s alike, each once', async () => {
    const start = await portal.port.latestChangeCursor(unhurried());
    const { application } = await portal.port.submit(submission({ clientReference: 'ONL-REQ-FEED', applicantNik: niks[9]! }), unhurried());
    await setStatus(officer, application.registrationNumber, 2, 'Berkas diperiksa', '198203122009011002');
    const before = portal.client.statementCount;
    const viaApi = await portal.port.changeStatus({ registrationNumber: application.registrationNumber, status: 'REJECTED', note: 'Scan KK tidak terbaca', officer: '199001152015031004' }, unhurried());
    expect(viaApi.status).toBe('REJECTED');
    expect(portal.client.statementCount - before).toBeLessThanOrEqual(4);
    const first = await portal.port.changesSince(start, 2, unhurried());
    expect(first.changes.map((c) => [c.registrationNumber, c.previous, c.change.status, c.change.by])).toEqual([
      [application.registrationNumber, 'DRAFT', 'SUBMITTED', null],
      [application.registrationNumber, 'SUBMITTED', 'VERIFYING', '198203122009011002'],
    ]);
    const rest = await portal.port.changesSince(first.cursor, 10, unhurried());
    expect(rest.changes.map((c) => [c.change.status, c.change.note, c.serviceKind])).toEqual([['REJECTED', 'Scan KK tidak terbaca', 'FAMILY_CARD_CHANGE']]);
    expect(await portal.port.changesSince(rest.cursor, 10, unhurried())).toEqual({ changes: [], cursor: rest.cursor });
    const all = await portal.port.changesSince(null, 5, unhurried());
    expect(all.changes).toHaveLength(5);
    expect((await failure(portal.port.changesSince('garbage', 5, unhurried())))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
    // The API keeps to the admin screen's moves; asking again for a done change writes nothing.
    expect((await failure(portal.port.changeStatus({ registrationNumber: application.registrationNumber, status: 'COMPLETED', officer: 'X' }, unhurried())))?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
    expect((await portal.port.changeStatus({ registrationNumber: application.registrationNumber, status: 'REJECTED', officer: 'X' }, unhurried())).timeline).toHaveLength(3);
    expect((await failure(portal.port.changeStatus({ registrationNumber: 'NOPE', status: 'VERIFYING', officer: 'X' }, unhurried())))?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect((await failure(portal.port.changeStatus({ registrationNumber: application.registrationNumber, status: 'DRAFT', officer: 'X' }, unhurried())))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('is DEADLINE_EXCEEDED without sending once the deadline has passed', async () => {
    const passed = deadlineIn(1);
    await new Promise((r) => setTimeout(r, 10));
    const before = portal.client.statementCount;
    expect((await failure(portal.port.worklist({ page: 1, perPage: 5 }, passed)))?.extensions?.code).toBe('DEADLINE_EXCEEDED');
    expect(portal.client.statementCount).toBe(before);
  });
});
