import type { Knex } from 'knex';
import { deadlineIn } from '@core/deadline';
import type { GerbangError } from '@core/errors';
import { setItemStatus } from '@sim/sirena/back-office';
import { sirenaEmulator } from '@sim/sirena/emulator';
import { BATCH_TABLE, ITEM_TABLE, RIWAYAT_TABLE } from '@sim/sirena/schema';
import { siakEmulator } from '@sim/siak/emulator';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { connectSirena, createSirenaLoaders, type BatchFiling, type SirenaConnection } from '../index';

const unhurried = () => deadlineIn(10_000);
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as GerbangError);

interface Item { ID_ITEM: number; ID_BATCH: number; NO_URUT: number; STATUS: string; NIK_PEMOHON: string | null; NO_BATCH: string; NO_KEL: number; NO_KEC: number }

/** Sirena's adapter against the emulator's tables (SQLite or MariaDB). */
describe(`sirena SQL adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let officer: Knex;
  let sirena: SirenaConnection;
  let items: Item[];
  let family: { NO_KK: string; NIK: string; KEL: string };
  let spouse: string;

  beforeAll(async () => {
    legacy = await seededStorage('sirena-adapter', [siakEmulator, sirenaEmulator]);
    officer = legacy.open('sirena');
    sirena = connectSirena(legacy.storage, { timeoutMs: 5_000, timeZone: 'Asia/Jakarta' });
    items = (await officer({ I: ITEM_TABLE }).join({ B: BATCH_TABLE }, 'B.ID_BATCH', 'I.ID_BATCH').select('I.*', 'B.NO_BATCH', 'B.NO_KEL', 'B.NO_KEC').orderBy('I.ID_ITEM')) as Item[];
    const [head, other] = (await legacy.open('siak')('BIODATA_WNI').select('NIK', 'NO_KK', 'NO_KEC', 'NO_KEL').orderBy('NO_KK').limit(2)) as Array<{ NIK: string; NO_KK: string; NO_KEC: number; NO_KEL: number }>;
    family = { NO_KK: head!.NO_KK, NIK: head!.NIK, KEL: `36.74.${String(head!.NO_KEC).padStart(2, '0')}.${head!.NO_KEL}` };
    spouse = other!.NIK;
  });

  afterAll(async () => {
    await sirena?.client.close();
    await legacy?.cleanup();
  });

  function filing(over: Partial<BatchFiling> = {}): BatchFiling {
    return {
      clientReference: 'SRN-REQ-1', kelurahanCode: family.KEL, operator: 'kel1001',
      items: [
        { serviceKind: 'BIRTH_REGISTRATION', applicantNik: family.NIK, familyNumber: family.NO_KK, subjectName: 'Bayi Contoh', eventDate: '2026-01-03' },
        { serviceKind: 'FAMILY_CARD_CHANGE', applicantNik: family.NIK, familyNumber: family.NO_KK, note: 'Tambah anak' },
        { serviceKind: 'DEATH_REGISTRATION', applicantNik: family.NIK, subjectNik: spouse, eventDate: '03/01/2026' },
      ],
      ...over,
    };
  }

  it('finds requests by id and by applicant (with their timeline) in one statement each', async () => {
    const asked = items.slice(0, 25).map((i) => `${i.NO_BATCH}/${i.NO_URUT}`);
    const before = sirena.client.statementCount;
    const found = await sirena.port.requestsById([...asked, 'SRN-3674011001-20000101-0001/1', 'nonsense'], unhurried());
    expect(sirena.client.statementCount - before).toBe(1);
    expect(new Set(found.keys())).toEqual(new Set(asked));
    for (const r of found.values()) {
      expect(r.servicePoint.kind).toBe('KELURAHAN');
      expect(r.timeline[r.timeline.length - 1]!.status).toBe(r.status);
    }
    const nik = items.find((i) => i.NIK_PEMOHON?.length === 16)!.NIK_PEMOHON!;
    const mine = (await sirena.port.requestsByApplicant([nik], unhurried())).get(nik)!;
    expect(mine.length).toBe(items.filter((i) => i.NIK_PEMOHON === nik).length);
    const loaders = createSirenaLoaders(sirena.port, unhurried());
    const start = sirena.client.statementCount;
    const [a, b] = await Promise.all([loaders.requestById.load(asked[0]!), loaders.requestById.load(asked[1]!)]);
    expect(sirena.client.statementCount - start).toBe(1);
    expect([a?.id, b?.id]).toEqual([asked[0], asked[1]]);
  });

  it('serves a worklist page of 50 with the same single statement as a page of 5; filters by kelurahan, status, kind', async () => {
    const s5 = sirena.client.statementCount;
    const five = await sirena.port.worklist({ page: 1, perPage: 5 }, unhurried());
    expect(sirena.client.statementCount - s5).toBe(1);
    const s50 = sirena.client.statementCount;
    const fifty = await sirena.port.worklist({ page: 1, perPage: 50 }, unhurried());
    expect(sirena.client.statementCount - s50).toBe(1);
    expect(five.total).toBe(items.length);
    expect(fifty.requests.slice(0, 5).map((r) => r.id)).toEqual(five.requests.map((r) => r.id));
    const second = await sirena.port.worklist({ page: 2, perPage: 5 }, unhurried());
    expect(second.requests.map((r) => r.id)).toEqual(fifty.requests.slice(5, 10).map((r) => r.id));

    const one = items[0]!;
    const kelurahan = `36.74.${String(one.NO_KEC).padStart(2, '0')}.${one.NO_KEL}`;
    const there = await sirena.port.worklist({ servicePoint: { kind: 'KELURAHAN', id: kelurahan }, page: 1, perPage: 100 }, unhurried());
    expect(there.total).toBe(items.filter((i) => i.NO_KEL === one.NO_KEL && i.NO_KEC === one.NO_KEC).length);
    expect(there.requests.every((r) => r.servicePoint.id === kelurahan)).toBe(true);
    const rejected = await sirena.port.worklist({ statuses: ['REJECTED'], serviceKinds: ['BIRTH_REGISTRATION', 'FAMILY_CARD_CHANGE'], page: 1, perPage: 100 }, unhurried());
    expect(rejected.requests.every((r) => r.status === 'REJECTED' && r.rejectionReason && ['BIRTH_REGISTRATION', 'FAMILY_CARD_CHANGE'].includes(r.serviceKind!))).toBe(true);
    const none = sirena.client.statementCount;
    expect((await sirena.port.worklist({ servicePoint: { kind: 'ONLINE_PORTAL', id: null }, page: 1, perPage: 5 }, unhurried())).total).toBe(0);
    expect((await sirena.port.worklist({ channel: 'ONLINE', page: 1, perPage: 5 }, unhurried())).total).toBe(0);
    expect(sirena.client.statementCount).toBe(none);
    expect((await failure(sirena.port.worklist({ submittedTo: 'yesterday', page: 1, perPage: 5 }, unhurried())))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('counts by status in one statement', async () => {
    const before = sirena.client.statementCount;
    const counts = await sirena.port.countByStatus({}, unhurried());
    expect(sirena.client.statementCount - before).toBe(1);
    expect(counts.reduce((n, c) => n + c.count, 0)).toBe(items.length);
    expect(counts.find((c) => c.status === 'READY')?.count ?? 0).toBe(items.filter((i) => i.STATUS === 'S').length);
  });

  it('files a batch: the malformed item is rejected by the app with a reason, the good ones go through; a retry files nothing twice', async () => {
    const filed = await sirena.port.fileBatch(filing(), unhurried());
    expect(filed.created).toBe(true);
    expect(filed.batch.batchNumber).toMatch(new RegExp(`^SRN-${family.KEL.replace(/\./g, '')}-\\d{8}-\\d{4}$`));
    expect(filed.items.map((i) => [i.itemNumber, i.accepted, i.rejection?.reason ?? null])).toEqual([[1, true, null], [2, true, null], [3, false, 'INVALID_EVENT_DATE']]);
    expect(filed.items[2]!.rejection!.message).toBe('TANGGAL PERISTIWA TIDAK VALID');
    expect(filed.batch.items.map((r) => [r.serviceKind, r.status])).toEqual([['BIRTH_REGISTRATION', 'SUBMITTED'], ['FAMILY_CARD_CHANGE', 'SUBMITTED'], ['DEATH_REGISTRATION', 'REJECTED']]);
    expect(filed.batch.items[0]!.timeline).toEqual([{ status: 'SUBMITTED', at: filed.batch.sentAt, note: null, by: 'kel1001' }]);
    expect(filed.batch.items[2]!.timeline).toEqual([{ status: 'REJECTED', at: filed.batch.sentAt, note: 'TANGGAL PERISTIWA TIDAK VALID', by: null }]);
    const again = await sirena.port.fileBatch(filing(), unhurried());
    expect(again).toEqual({ ...filed, created: false });
    const [batch] = (await officer(BATCH_TABLE).where({ REF_GERBANG: 'SRN-REQ-1' })) as Array<{ ID_BATCH: number }>;
    const rows = (await officer(ITEM_TABLE).where({ ID_BATCH: batch!.ID_BATCH })) as Array<{ ID_ITEM: number }>;
    expect(rows).toHaveLength(3);
    expect(await officer(RIWAYAT_TABLE).whereIn('ID_ITEM', rows.map((r) => r.ID_ITEM))).toHaveLength(3);
    expect((await failure(sirena.port.fileBatch(filing({ kelurahanCode: '36.74.02.1001' }), unhurried())))?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'REFERENCE_IN_USE' });
    expect((await failure(sirena.port.fileBatch(filing({ clientReference: 'SRN-REQ-EMPTY', items: [] }), unhurried())))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    // A kind Sirena does not handle reaches the app, which rejects it as such.
    const other = await sirena.port.fileBatch(filing({ clientReference: 'SRN-REQ-2', items: [{ serviceKind: 'FIRST_ID_CARD', applicantNik: family.NIK }] }), unhurried());
    expect(other.items[0]!.rejection?.reason).toBe('UNKNOWN_SERVICE');
  });

  it('completes a filing that stopped half-way when retried', async () => {
    await sirena.port.fileBatch(filing({ clientReference: 'SRN-REQ-HALF' }), unhurried());
    const [batch] = (await officer(BATCH_TABLE).where({ REF_GERBANG: 'SRN-REQ-HALF' })) as Array<{ ID_BATCH: number }>;
    const ids = ((await officer(ITEM_TABLE).where({ ID_BATCH: batch!.ID_BATCH }).select('ID_ITEM')) as Array<{ ID_ITEM: number }>).map((r) => r.ID_ITEM);
    await officer(RIWAYAT_TABLE).whereIn('ID_ITEM', ids).del();
    await officer(ITEM_TABLE).where({ ID_BATCH: batch!.ID_BATCH, NO_URUT: 3 }).del();
    const retried = await sirena.port.fileBatch(filing({ clientReference: 'SRN-REQ-HALF' }), unhurried());
    expect(retried.created).toBe(false);
    expect(retried.items.map((i) => i.accepted)).toEqual([true, true, false]);
    expect(await officer(RIWAYAT_TABLE).whereIn('ID_ITEM', (await officer(ITEM_TABLE).where({ ID_BATCH: batch!.ID_BATCH }).select('ID_ITEM')).map((r: { ID_ITEM: number }) => r.ID_ITEM))).toHaveLength(3);
  });

  it('keeps a newborn\'s sex and place of birth in the item\'s note in Sirena\'s form, and reads them back apart from the free note', async () => {
    const filed = await sirena.port.fileBatch(filing({
      clientReference: 'SRN-REQ-NEWBORN',
      items: [
        { serviceKind: 'FAMILY_CARD_CHANGE', applicantNik: family.NIK, familyNumber: family.NO_KK, subjectName: 'Bayi Contoh', eventDate: '2026-01-03', note: 'Ibu masih dirawat', newborn: { sex: 'FEMALE', birthPlace: 'Kota  Tangerang Selatan' } },
        { serviceKind: 'FAMILY_CARD_CHANGE', applicantNik: family.NIK, familyNumber: family.NO_KK, note: 'Tambah anak' },
      ],
    }), unhurried());
    const [withBaby, plain] = filed.batch.items;
    expect(withBaby).toMatchObject({ newborn: { sex: 'FEMALE', birthPlace: 'KOTA TANGERANG SELATAN' }, note: 'Ibu masih dirawat', subjectName: 'BAYI CONTOH', eventDate: '2026-01-03' });
    expect(plain).toMatchObject({ newborn: null, note: 'Tambah anak' });
    const row = (await officer(ITEM_TABLE).where({ ID_ITEM: (await officer(ITEM_TABLE).join(BATCH_TABLE, `${BATCH_TABLE}.ID_BATCH`, `${ITEM_TABLE}.ID_BATCH`).where({ REF_GERBANG: 'SRN-REQ-NEWBORN', NO_URUT: 1 }).first(`${ITEM_TABLE}.ID_ITEM`)).ID_ITEM }).first()) as { KETERANGAN: string };
    expect(row.KETERANGAN).toBe('[BAYI JK:P TMPT:KOTA TANGERANG SELATAN] Ibu masih dirawat');
    const tooLong = filing({ clientReference: 'SRN-REQ-NEWBORN-2', items: [{ serviceKind: 'FAMILY_CARD_CHANGE', applicantNik: family.NIK, familyNumber: family.NO_KK, note: 'x'.repeat(250), newborn: { sex: 'MALE', birthPlace: 'BATANG' } }] });
    expect((await failure(sirena.port.fileBatch(tooLong, unhurried())))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('feeds status changes in order, the Dinas screen\'s included, each once', async () => {
    const start = await sirena.port.latestChangeCursor(unhurried());
    const filed = await sirena.port.fileBatch(filing({ clientReference: 'SRN-REQ-FEED' }), unhurried());
    await setItemStatus(officer, filed.batch.batchNumber, 1, 'V', 'Diverifikasi', '198203122009011002');
    const first = await sirena.port.changesSince(start, 3, unhurried());
    expect(first.changes.map((c) => [c.requestId, c.change.status])).toEqual([
      [`${filed.batch.batchNumber}/1`, 'SUBMITTED'], [`${filed.batch.batchNumber}/2`, 'SUBMITTED'], [`${filed.batch.batchNumber}/3`, 'REJECTED'],
    ]);
    const rest = await sirena.port.changesSince(first.cursor, 10, unhurried());
    expect(rest.changes.map((c) => [c.requestId, c.change.status, c.change.by, c.serviceKind])).toEqual([[`${filed.batch.batchNumber}/1`, 'VERIFYING', '198203122009011002', 'BIRTH_REGISTRATION']]);
    expect((await sirena.port.changesSince(rest.cursor, 10, unhurried())).changes).toEqual([]);
    expect((await sirena.port.requestsById([`${filed.batch.batchNumber}/1`], unhurried())).get(`${filed.batch.batchNumber}/1`)?.status).toBe('VERIFYING');
  });

  it('is DEADLINE_EXCEEDED without sending once the deadline has passed', async () => {
    const passed = deadlineIn(1);
    await new Promise((r) => setTimeout(r, 10));
    const before = sirena.client.statementCount;
    expect((await failure(sirena.port.countByStatus({}, passed)))?.extensions?.code).toBe('DEADLINE_EXCEEDED');
    expect(sirena.client.statementCount).toBe(before);
  });
});
