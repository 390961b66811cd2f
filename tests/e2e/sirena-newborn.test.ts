import type { Knex } from 'knex';
import { todayIn } from '@core/tenants';
import { locateOutboxDatabase } from '@core/outbox';
import { openAppDatabase } from '@core/sql/app-database';
import { aktaCeraiEmulator } from '@sim/akta-cerai/emulator';
import { aktaKawinEmulator } from '@sim/akta-kawin/emulator';
import { aktaLahirEmulator } from '@sim/akta-lahir/emulator';
import { aktaMatiEmulator } from '@sim/akta-mati/emulator';
import { portalOnlineEmulator } from '@sim/portal-online/emulator';
import { siakEmulator } from '@sim/siak/emulator';
import { setItemStatus } from '@sim/sirena/back-office';
import { sirenaEmulator } from '@sim/sirena/emulator';
import { issueToken } from '../../gateway/src/auth/issue-token';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { postGraphQL, startStack, type Stack } from '../support/stack';

/**
 * Issue 8, done-when scenario 2: a kelurahan operator files a Sirena batch with a newborn's birth
 * registration and the family-card change; the malformed third item is reported while the two good
 * ones go through; once the Dinas finishes both in Sirena's own screen, the child is on the family
 * card in SIAK and the birth deed is in akta-lahir, each written once however often it is delivered.
 */
interface Family {
  kk: string;
  headNik: string;
  headName: string;
  wifeNik: string;
  wifeName: string;
  kelurahan: string;
}

const FILING_FIELDS = 'state errorCode batchNumber items { itemNumber accepted reason message request { id status } }';
const FILE = `mutation ($key: String!, $input: SirenaBatchInput!) { fileSirenaBatch(idempotencyKey: $key, input: $input) { ${FILING_FIELDS} } }`;
const FOLLOW = `query ($id: ID!) { serviceRequest(id: $id) { id service status fulfilment { register state attempts errorCode } } }`;

describe(`a newborn filed through Sirena lands in SIAK and akta-lahir (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let stack: Stack;
  let siak: Knex;
  let sirena: Knex;
  let aktaLahir: Knex;
  let family: Family;
  let operator: Record<string, string>;
  const child = { name: 'NUR AISYAH PUTRI', birthDate: '' };

  beforeAll(async () => {
    legacy = await seededStorage('sirena-newborn-e2e', [siakEmulator, portalOnlineEmulator, sirenaEmulator, aktaLahirEmulator, aktaMatiEmulator, aktaKawinEmulator, aktaCeraiEmulator]);
    siak = legacy.open('siak');
    sirena = legacy.open('sirena');
    aktaLahir = legacy.open('akta-lahir');
    // A family headed by a living man with his living wife on the card, in a kelurahan of the city.
    const heads = (await siak('BIODATA_WNI').select('NIK', 'NO_KK', 'NAMA_LGKP').where({ STAT_HBKEL: 1, STAT_HIDUP: 1, JENIS_KLMIN: 1 }).orderBy('NO_KK').limit(100)) as Array<{ NIK: string; NO_KK: string; NAMA_LGKP: string }>;
    for (const head of heads) {
      const wife = (await siak('BIODATA_WNI').select('NIK', 'NAMA_LGKP').where({ NO_KK: head.NO_KK, STAT_HBKEL: 3, STAT_HIDUP: 1, JENIS_KLMIN: 2 }).first()) as { NIK: string; NAMA_LGKP: string } | undefined;
      const card = (await siak('DATA_KELUARGA').where({ NO_KK: head.NO_KK }).first()) as { NO_PROP: number; NO_KAB: number; NO_KEC: number; NO_KEL: number } | undefined;
      if (!wife || !card || Number(card.NO_PROP) !== 36 || Number(card.NO_KAB) !== 74) continue;
      const kelurahan = `36.74.${String(card.NO_KEC).padStart(2, '0')}.${String(card.NO_KEL).padStart(4, '0')}`;
      family = { kk: head.NO_KK, headNik: head.NIK, headName: head.NAMA_LGKP, wifeNik: wife.NIK, wifeName: wife.NAMA_LGKP, kelurahan };
      break;
    }
    if (!family) throw new Error('no family with a head and a wife in the seeded city');
    // Born three days ago, on the office's calendar.
    child.birthDate = todayIn('Asia/Jakarta', new Date(Date.now() - 3 * 86_400_000));
    const token = await issueToken({ sub: 'kel-operator-1', roles: ['KELURAHAN_OPERATOR'], tenant: 'tangsel', region: family.kelurahan });
    operator = { authorization: `Bearer ${token}`, 'x-purpose': 'layanan kolektif kelurahan, batch kelahiran' };
    stack = await startStack(legacy.storage, { services: true, civilRegistry: true });
  });

  afterAll(async () => {
    await stack?.stop();
    await legacy?.cleanup();
  });

  const childRows = async () => (await siak('BIODATA_WNI').where({ NO_KK: family.kk, NAMA_LGKP: child.name })) as Array<{ NIK: string }>;
  const deedRows = async (nik: string) => (await aktaLahir('CAPIL_LAHIR').where({ NIK_ANAK: nik })) as Array<{ NO_AKTA_LHR: string }>;

  /** Polls the request through the gateway until its fulfilment is no longer PENDING (or time runs out). */
  async function settled(id: string, timeoutMs = 20_000): Promise<{ status: string; fulfilment: { register: string; state: string; attempts: number; errorCode: string | null } | null }> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await postGraphQL(stack.gatewayUrl, FOLLOW, { id }, operator);
      expect(body.errors).toBeUndefined();
      const request = body.data!.serviceRequest;
      if ((request.fulfilment && request.fulfilment.state !== 'PENDING') || Date.now() > until) return request;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  let requestIds: string[] = [];
  let batchNumber: string;

  it('files the batch: the birth and the KK change are accepted, the malformed third item is reported with Sirena\'s reason', async () => {
    const newborn = { sex: 'FEMALE', birthPlace: 'Kota Tangerang Selatan' };
    const items = [
      { service: 'BIRTH_REGISTRATION', applicantNik: family.headNik, familyCardNumber: family.kk, subjectName: 'Nur Aisyah Putri', eventDate: child.birthDate, newborn, note: 'Surat keterangan lahir RSUD Tangsel' },
      { service: 'FAMILY_CARD_CHANGE', applicantNik: family.headNik, familyCardNumber: family.kk, subjectName: 'Nur Aisyah Putri', eventDate: child.birthDate, newborn },
      // A death reported with the deceased's NIK a digit short: Sirena's own check rejects it.
      { service: 'DEATH_REGISTRATION', applicantNik: family.headNik, subjectNik: family.wifeNik.slice(0, 15), eventDate: child.birthDate },
    ];
    const { body } = await postGraphQL(stack.gatewayUrl, FILE, { key: 'newborn-batch-1', input: { kelurahanCode: family.kelurahan, items } }, operator);
    expect(body.errors).toBeUndefined();
    let filing = body.data!.fileSirenaBatch;
    // Delivered at once unless the machine is busy: then followed by its key, as a client would.
    for (const until = Date.now() + 15_000; filing.state === 'PENDING' && Date.now() < until;) {
      await new Promise((r) => setTimeout(r, 200));
      const followed = await postGraphQL(stack.gatewayUrl, `query ($key: String!) { sirenaBatchFiling(idempotencyKey: $key) { ${FILING_FIELDS} } }`, { key: 'newborn-batch-1' }, operator);
      filing = followed.body.data!.sirenaBatchFiling;
    }
    expect(filing).toMatchObject({ state: 'DELIVERED', errorCode: null });
    expect(filing.items.map((i: { itemNumber: number; accepted: boolean; reason: string | null }) => [i.itemNumber, i.accepted, i.reason])).toEqual([[1, true, null], [2, true, null], [3, false, 'INVALID_SUBJECT_NIK']]);
    expect(filing.items[2].message).toBe('NIK SUBJEK TIDAK VALID');
    expect(filing.items[2].request.status).toBe('REJECTED');
    expect(filing.items.slice(0, 2).map((i: { request: { status: string } }) => i.request.status)).toEqual(['SUBMITTED', 'SUBMITTED']);
    batchNumber = filing.batchNumber;
    requestIds = filing.items.map((i: { request: { id: string } }) => i.request.id);
    // Nothing is written into the registers before the Dinas has finished the requests.
    expect(await childRows()).toHaveLength(0);
  });

  it('refuses a newborn SIAK could not take before anything is recorded, naming the item\'s field', async () => {
    const items = [{ service: 'FAMILY_CARD_CHANGE', applicantNik: family.headNik, familyCardNumber: family.kk, subjectName: 'Bayi', eventDate: '2999-01-01', newborn: { sex: 'MALE', birthPlace: 'Serpong' } }];
    const { body } = await postGraphQL(stack.gatewayUrl, FILE, { key: 'newborn-batch-bad', input: { kelurahanCode: family.kelurahan, items } }, operator);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.items.0.eventDate', reason: 'INVALID_BIRTH_DATE' });
  });

  it('once the Dinas finishes both items in Sirena\'s screen, puts the child on the family card in SIAK and issues the birth deed, within seconds', async () => {
    expect(requestIds).toHaveLength(3);
    for (const item of [1, 2]) {
      for (const status of ['V', 'P', 'S', 'A']) await setItemStatus(sirena, batchNumber, item, status, status === 'A' ? 'diambil di kelurahan' : null, 'DINAS-ANI');
    }
    const [birth, change] = [await settled(requestIds[0]!), await settled(requestIds[1]!)];
    expect(change).toMatchObject({ status: 'COMPLETED', fulfilment: { register: 'siak', state: 'DELIVERED', errorCode: null } });
    // The deed may have waited for the child to be on the card (its last wait stays on the record as errorCode).
    expect(birth).toMatchObject({ status: 'COMPLETED', fulfilment: { register: 'akta-lahir', state: 'DELIVERED' } });
    expect([null, 'CHILD_NOT_ON_FAMILY_CARD']).toContain(birth.fulfilment!.errorCode);

    // The child on the card, through the gateway as the operator sees it (their kelurahan's family).
    const members = await postGraphQL(stack.gatewayUrl, `query ($nik: String!) { resident(nik: $nik) { family { number members { name relationship sex birthDate birthPlace } } } }`, { nik: family.headNik }, operator);
    expect(members.body.errors).toBeUndefined();
    expect(members.body.data!.resident.family.members).toContainEqual({ name: child.name, relationship: 'CHILD', sex: 'FEMALE', birthDate: child.birthDate, birthPlace: 'KOTA TANGERANG SELATAN' });

    // By the new NIK: SIAK's, of the family's kecamatan, her birth date +40; the deed issued from it.
    const [row] = await childRows();
    const nik = row!.NIK;
    const [year, month, day] = child.birthDate.split('-');
    expect(nik.slice(6, 12)).toBe(`${Number(day) + 40}${month}${year!.slice(2)}`);
    const { body } = await postGraphQL(stack.gatewayUrl, `query ($nik: String!) { resident(nik: $nik) { name relationship family { number } mother { name } birthDeed { number childNik childName sex birthPlace birthDate registeredOn mother { name nik } father { name nik } } } }`, { nik });
    expect(body.errors).toBeUndefined();
    expect(body.data!.resident).toMatchObject({
      name: child.name, relationship: 'CHILD', family: { number: family.kk },
      birthDeed: {
        childNik: nik, childName: child.name, sex: 'FEMALE', birthPlace: 'KOTA TANGERANG SELATAN', birthDate: child.birthDate,
        mother: { name: family.wifeName, nik: family.wifeNik }, father: { name: family.headName, nik: family.headNik },
      },
    });
    expect(body.data!.resident.birthDeed.number).toMatch(/^3674-LU-\d{8}-\d{4}$/);
  });

  it('writes nothing twice when the fulfilment is delivered again', async () => {
    const nik = (await childRows())[0]!.NIK;
    const deeds = await deedRows(nik);
    expect(deeds).toHaveLength(1);
    // Both writes handed to their handlers once more, as after a crash between the write and its record.
    const outbox = openAppDatabase(locateOutboxDatabase('services', legacy.storage));
    try {
      const keys = requestIds.slice(0, 2).map((id) => `fulfil:${id}`);
      const before = (await outbox('OUTBOX_MESSAGE').whereIn('idem_key', keys)) as Array<{ attempts: number | string }>;
      expect(before).toHaveLength(2);
      await outbox('OUTBOX_MESSAGE').whereIn('idem_key', keys).update({ state: 'PENDING', next_attempt_at: 0, lease_token: null, lease_until: null });
      const until = Date.now() + 15_000;
      let after: Array<{ state: string; attempts: number | string }> = [];
      while (Date.now() < until) {
        after = (await outbox('OUTBOX_MESSAGE').whereIn('idem_key', keys)) as typeof after;
        if (after.every((m) => m.state === 'DELIVERED')) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(after.map((m) => m.state)).toEqual(['DELIVERED', 'DELIVERED']);
      expect(after.reduce((n, m) => n + Number(m.attempts), 0)).toBeGreaterThan(before.reduce((n, m) => n + Number(m.attempts), 0));
    } finally {
      await outbox.destroy();
    }
    expect(await childRows()).toHaveLength(1);
    expect(await deedRows(nik)).toEqual(deeds);
    // The finished requests' fulfilment still shows as delivered.
    expect((await settled(requestIds[1]!)).fulfilment).toMatchObject({ register: 'siak', state: 'DELIVERED' });
  });
});
