import type { Knex } from 'knex';
import { ikdEmulator } from '@sim/ikd/emulator';
import { kiaEmulator } from '@sim/kia/emulator';
import { ktpCetakEmulator } from '@sim/ktp-cetak/emulator';
import { ktpRekamEmulator } from '@sim/ktp-rekam/emulator';
import { siakEmulator } from '@sim/siak/emulator';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { postGraphQL, startStack, type Stack } from '../support/stack';

/**
 * A resident's cards through the gateway: the population subgraph over SIAK and the four card
 * applications (KTP-el enrolment over SQL; print queue, KIA and IKD as REST emulators on their own
 * ports). Calls are counted at the emulators; each application is stopped in turn.
 */
describe(`identity cards end to end (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let siak: Knex;
  let stack: Stack;
  let kk: string;

  beforeAll(async () => {
    legacy = await seededStorage('identity-cards', [siakEmulator, ktpRekamEmulator, ktpCetakEmulator, kiaEmulator, ikdEmulator]);
    siak = legacy.open('siak');
    stack = await startStack(legacy.storage, { identityCards: true });
    // A family of three or more with a child's KIA.
    const withKia = (await legacy.open('kia')('t_kia').distinct('no_kk').orderBy('no_kk').limit(50)) as Array<{ no_kk: string }>;
    for (const { no_kk } of withKia) {
      const counted = (await siak('BIODATA_WNI').where({ NO_KK: no_kk }).count({ n: '*' })) as Array<{ n: number | string }>;
      if (Number(counted[0]?.n) >= 3) {
        kk = no_kk;
        break;
      }
    }
  });

  afterAll(async () => {
    await stack?.stop();
    await legacy?.cleanup();
  });

  const cards = () => stack.cards!;
  const calls = () => ({
    'ktp-rekam': cards().connections.ktpRekam.client.statementCount,
    'ktp-cetak': cards().emulators.ktpCetak.calls.total,
    kia: cards().emulators.kia.calls.total,
    ikd: cards().emulators.ikd.calls.total,
  });

  const FAMILY = `query ($kk: String!) { family(number: $kk) {
    headName
    childIdCards { cardNumber expired }
    members { name
      identityCard { enrolment { status office { kind } } printJobs { jobNumber status } }
      childIdCard { cardNumber status expiresOn expired }
      digitalId { state }
    }
  } }`;

  it('answers a family with its cards in one call per application per query level', async () => {
    expect(kk).toBeDefined();
    const before = calls();
    const { body } = await postGraphQL(stack.gatewayUrl, FAMILY, { kk });
    expect(body.errors).toBeUndefined();
    expect(body.data!.family.members.length).toBeGreaterThanOrEqual(3);
    expect(body.data!.family.childIdCards.length).toBeGreaterThan(0);
    const after = calls();
    const made = Object.fromEntries(Object.entries(after).map(([app, n]) => [app, n - before[app as keyof typeof before]]));
    // Members' level: one call each. KIA answers the family level (childIdCards) with one more.
    expect(made).toEqual({ 'ktp-rekam': 1, 'ktp-cetak': 1, kia: 2, ikd: 1 });
  });

  it.each([
    ['ktp-cetak', 'printJobs'],
    ['kia', 'childIdCard'],
    ['ikd', 'digitalId'],
  ] as const)('with %s stopped, only its fields fail with LEGACY_UNAVAILABLE', async (app, fieldName) => {
    const emulator = app === 'ktp-cetak' ? cards().emulators.ktpCetak : app === 'kia' ? cards().emulators.kia : cards().emulators.ikd;
    await emulator.stop();
    try {
      const { body } = await postGraphQL(stack.gatewayUrl, FAMILY, { kk });
      const family = body.data!.family;
      expect(family.headName).toBeTruthy();
      for (const m of family.members) {
        expect(m.name).toBeTruthy();
        expect(m.identityCard).not.toBeNull();
      }
      // The adults' enrolments still come from ktp-rekam (children are never enrolled).
      expect(family.members.some((m: { identityCard: { enrolment: unknown } }) => m.identityCard.enrolment)).toBe(true);
      expect(body.errors!.length).toBeGreaterThan(0);
      for (const error of body.errors!) {
        expect(error.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app });
        expect(error.message).not.toMatch(/127\.0\.0\.1|http:|ECONN/);
      }
      const failed = new Set(body.errors!.map((e) => ((e as { path?: Array<string | number> }).path ?? []).filter((p) => typeof p === 'string').at(-1)));
      expect([...failed].every((f) => f === fieldName || (app === 'kia' && f === 'childIdCards'))).toBe(true);
      const ready = (await (await fetch(`${stack.gatewayUrl}/readyz`)).json()) as { legacy: Record<string, string> };
      expect(ready.legacy[app]).not.toBe('ready');
    } finally {
      await emulator.restart();
    }
  });

  it('names each card application in /readyz', async () => {
    // The breakers of the apps stopped above close again after their half-open wait.
    await new Promise((r) => setTimeout(r, 300));
    await postGraphQL(stack.gatewayUrl, FAMILY, { kk });
    const res = await fetch(`${stack.gatewayUrl}/readyz`);
    const body = (await res.json()) as { legacy: Record<string, string> };
    expect(body.legacy).toMatchObject({ siak: 'ready', 'ktp-rekam': 'ready', 'ktp-cetak': 'ready', kia: 'ready', ikd: 'ready' });
  });

  it('queues one print job however often the same request is sent', async () => {
    const rekam = legacy.open('ktp-rekam');
    const successful = ((await rekam('t_perekaman').distinct('nik').where({ status_rekam: 'S' }).orderBy('nik').limit(100)) as Array<{ nik: string }>).map((r) => r.nik);
    const adult = (await siak('BIODATA_WNI').select('NIK').whereIn('NIK', successful).where('STAT_KWN', 2).orderBy('NIK').first()) as { NIK: string };
    const print = `mutation ($nik: String!) { requestCardPrint(input: { nik: $nik, reason: LOST, pickupPlace: "Kantor Kecamatan Pamulang" }, idempotencyKey: "e2e-print-7") { jobNumber status pickupPlace } }`;
    const answers = await Promise.all([1, 2, 3].map(() => postGraphQL(stack.gatewayUrl, print, { nik: adult.NIK })));
    const again = await postGraphQL(stack.gatewayUrl, print, { nik: adult.NIK });
    for (const { body } of [...answers, again]) expect(body.errors).toBeUndefined();
    const numbers = new Set([...answers, again].map(({ body }) => body.data!.requestCardPrint.jobNumber));
    expect(numbers.size).toBe(1);
    const stored = (await legacy.open('ktp-cetak')('t_cetak_ktp').where({ no_permohonan: 'e2e-print-7' })) as Array<{ nik: string; lokasi_ambil: string }>;
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ nik: adult.NIK, lokasi_ambil: 'KANTOR KECAMATAN PAMULANG' });
  });

  it('answers LEGACY_UNAVAILABLE on the enrolment alone when ktp-rekam cannot be reached', async () => {
    // Last: a SQL application cannot be restarted from here; its pool is closed instead.
    await cards().connections.ktpRekam.client.close();
    const { body } = await postGraphQL(stack.gatewayUrl, FAMILY, { kk });
    expect(body.data!.family.members.every((m: { digitalId: unknown; identityCard: { printJobs: unknown } }) => m.digitalId && m.identityCard.printJobs)).toBe(true);
    expect(body.errors!.length).toBeGreaterThan(0);
    for (const error of body.errors!) expect(error.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'ktp-rekam' });
  });
});
