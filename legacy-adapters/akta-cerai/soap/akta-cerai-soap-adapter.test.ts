import type { Knex } from 'knex';
import { Cancelled, deadlineIn, startDeadline } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { WSDL_CALL } from '@sim/base/soap';
import { aktaKawinEmulator } from '@sim/akta-kawin/emulator';
import { startAktaKawin } from '@sim/akta-kawin/server';
import { correctDivorceDeed } from '@sim/akta-cerai/back-office';
import { aktaCeraiEmulator } from '@sim/akta-cerai/emulator';
import { CERAI_TABLE } from '@sim/akta-cerai/schema';
import { startAktaCerai, type RunningSoapApp } from '@sim/akta-cerai/server';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { connectAktaKawin } from '../../akta-kawin';
import { resilienceSettings } from '../../base/resilience';
import { connectAktaCerai, createAktaCeraiLoaders, type AktaCeraiConnection, type DivorceRegistration } from '../index';

const WORLD = { ...TEST_WORLD, scale: 8_000 };
const CREDENTIALS = { username: 'gerbang', password: 'sandi-adapter-cerai' };
const unhurried = () => deadlineIn(10_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The divorce registry adapter against the running akta-cerai emulator (its storage on SQLite or MariaDB). */
describe(`akta-cerai SOAP adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let officer: Knex;
  let app: RunningSoapApp;
  let cerai: AktaCeraiConnection;

  beforeAll(async () => {
    legacy = await seededStorage('akta-cerai-adapter', [aktaKawinEmulator, aktaCeraiEmulator], WORLD);
    officer = legacy.open('akta-cerai');
    app = await startAktaCerai(legacy.storage, { port: 0, credentials: CREDENTIALS });
    cerai = connectAktaCerai({ url: app.url, credentials: CREDENTIALS, resilience: resilienceSettings({ timeoutMs: 2_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 }) });
  });

  afterEach(async () => {
    app.setLatency(0);
    await app.restart();
  });

  afterAll(async () => {
    cerai?.client.close();
    await app?.close();
    await legacy?.cleanup();
  });

  async function seeded(): Promise<Array<{ nik: string; number: string; marriage: string }>> {
    const rows = (await officer(CERAI_TABLE).whereNull('REF_GERBANG').select('NO_AKTA_CRAI', 'NO_AKTA_KWN', 'NIK_SUAMI', 'NIK_ISTRI').orderBy('NO_AKTA_CRAI')) as Array<Record<string, string | null>>;
    return rows.map((r) => ({ nik: (r.NIK_SUAMI ?? r.NIK_ISTRI)!, number: r.NO_AKTA_CRAI!, marriage: r.NO_AKTA_KWN! }));
  }

  it('loads the divorces of many residents in one call, and leaves others out', async () => {
    const divorced = await seeded();
    expect(divorced.length).toBeGreaterThan(8);
    const before = app.calls.of('GetAktaPerceraianByNikList');
    const deeds = await cerai.port.divorceDeedsOf([...divorced.map((d) => d.nik), '3674011708850999'], unhurried());
    expect(app.calls.of('GetAktaPerceraianByNikList') - before).toBe(1);
    expect(new Set(deeds.keys())).toEqual(new Set(divorced.map((d) => d.nik)));
    for (const { nik, number, marriage } of divorced) {
      const [deed] = deeds.get(nik)!;
      expect(deed).toMatchObject({ number, marriageDeedNumber: marriage, courtDecisionNumber: expect.stringMatching(/^\d+\/Pdt\.G\/\d{4}\/PN \S/), court: expect.stringMatching(/^PENGADILAN NEGERI /) });
      expect(deed!.number).toMatch(/^3674-CR-\d{8}-\d{4}$/);
      expect(deed!.registeredOn! >= deed!.courtDecisionDate!).toBe(true);
      expect(deed!.courtDecisionDate! >= deed!.marriedOn!).toBe(true);
      expect(['HUSBAND', 'WIFE']).toContain(deed!.filedBy);
      expect(deed!.kelurahanCode).toMatch(/^36\.74\.\d{2}\.\d{4}$/);
      // The resident is on file; the former spouse (living elsewhere) is a name without a NIK.
      expect([deed!.husband.nik, deed!.wife.nik].filter(Boolean)).toEqual([nik]);
      expect(deed!.husband.name && deed!.wife.name).toBeTruthy();
    }
    expect((await cerai.port.divorceDeedsOf(['3674011708850999'], unhurried())).size).toBe(0);
    const calls = app.calls.total;
    expect((await cerai.port.divorceDeedsOf([], unhurried())).size).toBe(0);
    expect(app.calls.total).toBe(calls);
  });

  it('points each divorce at the marriage deed the marriage registry holds for the same resident', async () => {
    const kawinApp = await startAktaKawin(legacy.storage, { port: 0, credentials: CREDENTIALS });
    const kawin = connectAktaKawin({ url: kawinApp.url, credentials: CREDENTIALS, resilience: resilienceSettings({ timeoutMs: 2_000 }) });
    try {
      const divorced = (await seeded()).filter((d) => d.marriage.startsWith('3674-KW-'));
      expect(divorced.length).toBeGreaterThan(0);
      const marriages = await kawin.port.marriageDeedsByNumber(divorced.map((d) => d.marriage), unhurried());
      const divorces = await cerai.port.divorceDeedsByNumber(divorced.map((d) => d.number), unhurried());
      for (const { nik, number, marriage } of divorced) {
        const wedding = marriages.get(marriage)!;
        expect([wedding.husband.nik, wedding.wife.nik]).toContain(nik);
        expect(divorces.get(number)!.marriedOn).toBe(wedding.marriedOn);
      }
    } finally {
      kawin.client.close();
      await kawinApp.close();
    }
  });

  it('reads the WSDL once for the process, and one loader call per batch of a request', async () => {
    expect(app.calls.of(WSDL_CALL)).toBe(1);
    const divorced = await seeded();
    const loaders = createAktaCeraiLoaders(cerai.port, unhurried());
    const ops = ['GetAktaPerceraianByNikList', 'GetAktaPerceraianByNoList', 'GetAktaPerceraianByNoAktaPerkawinanList'];
    const before = ops.map((op) => app.calls.of(op));
    const [lists, deeds, ended] = await Promise.all([
      Promise.all(divorced.map((d) => loaders.divorceDeedsByNik.load(d.nik))),
      Promise.all([...divorced.map((d) => d.number), 'NOPE'].map((n) => loaders.divorceDeedByNumber.load(n))),
      // Marriage deed numbers in any case: the answer comes back under the caller's spelling.
      Promise.all([divorced[0]!.marriage.toLowerCase(), divorced[1]!.marriage, '3674-KW-01011990-0001'].map((n) => loaders.divorceDeedByMarriageDeed.load(n))),
    ]);
    expect(ops.map((op, i) => app.calls.of(op) - before[i]!)).toEqual([1, 1, 1]);
    expect(lists.every((l) => l.length === 1)).toBe(true);
    expect(deeds.map((d) => d?.number ?? null)).toEqual([...divorced.map((d) => d.number), null]);
    expect(ended.map((d) => d?.number ?? null)).toEqual([divorced[0]!.number, divorced[1]!.number, null]);
    expect(app.calls.of(WSDL_CALL)).toBe(1);
  });

  it('shows an officer\'s correction on the next request', async () => {
    const [first] = await seeded();
    await correctDivorceDeed(officer, first!.number, { NO_PUTUSAN: '77 /Pdt.G/ 2019/PN Tng' });
    expect((await cerai.port.divorceDeedsByNumber([first!.number], unhurried())).get(first!.number)?.courtDecisionNumber).toBe('77/Pdt.G/2019/PN Tng');
  });

  const registration = (reference: string, marriageDeedNumber = '3674-KW-14022015-0909'): DivorceRegistration => ({
    clientReference: reference,
    marriageDeedNumber,
    marriedOn: '2015-02-14',
    husband: { nik: '3674011001850001', name: 'Budi Santoso' },
    wife: { nik: null, name: 'Maria Ulfa' },
    courtDecisionNumber: '245/Pdt.G/2024/PN Tng',
    courtDecisionDate: '2024-09-02',
    court: 'Pengadilan Negeri Tangerang',
    filedBy: 'WIFE',
    kelurahanCode: '36.74.01.1001',
  });

  it('registers a divorce once per reference: asked again it returns the same deed', async () => {
    const first = await cerai.port.registerDivorce(registration('PORTAL-CRI-1'), unhurried());
    expect(first.created).toBe(true);
    expect(first.deed).toMatchObject({ number: expect.stringMatching(/^3674-CR-\d{8}-\d{4}$/), marriageDeedNumber: '3674-KW-14022015-0909', filedBy: 'WIFE', husband: { name: 'BUDI SANTOSO' }, wife: { nik: null } });
    const writes = app.calls.of('CatatPerceraian');
    const again = await cerai.port.registerDivorce(registration('PORTAL-CRI-1'), unhurried());
    expect(again).toEqual({ deed: first.deed, created: false });
    expect(app.calls.of('CatatPerceraian')).toBe(writes);
    expect((await cerai.port.divorceRegistrationsByReference(['PORTAL-CRI-1'], unhurried())).get('PORTAL-CRI-1')?.number).toBe(first.deed.number);
    // The same marriage under another reference.
    await expect(cerai.port.registerDivorce(registration('PORTAL-CRI-2'), unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'MARRIAGE_ALREADY_DISSOLVED' } });
  });

  it('turns the registry\'s refusals into BAD_USER_INPUT without its words', async () => {
    const early = { ...registration('PORTAL-CRI-3', '3674-KW-01012016-0901'), courtDecisionDate: '2010-01-01' };
    const error = (await cerai.port.registerDivorce(early, unhurried()).catch((e: unknown) => e)) as GerbangError;
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REFUSED_BY_REGISTRY' });
    expect(error.message).not.toMatch(/PUTUSAN|E02/);
    const writes = app.calls.of('CatatPerceraian');
    await expect(cerai.port.registerDivorce({ ...registration('PORTAL-CRI-4', '3674-KW-01012016-0902'), court: 'Pengadilan Agama Tigaraksa', courtDecisionNumber: '12/Pdt.G/2024/PA.Tgrs' }, unhurried()))
      .rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'RELIGIOUS_COURT_DIVORCE' } });
    expect(app.calls.of('CatatPerceraian')).toBe(writes);
  });

  it('finds a write whose answer was lost: the deed that landed, never a second one', async () => {
    const slow = connectAktaCerai({ url: app.url, credentials: CREDENTIALS, resilience: resilienceSettings({ timeoutMs: 150, retries: 0 }) });
    try {
      await slow.port.ping(unhurried());
      app.setLatency(400, 'CatatPerceraian');
      const reg = registration('PORTAL-CRI-5', '3674-KW-01012016-0905');
      const lost = await slow.port.registerDivorce(reg, deadlineIn(400)).catch((e: unknown) => e);
      // Either the look-again found it, or the deadline ran out first; in both cases asking again gives the one deed.
      await sleep(450);
      app.setLatency(0);
      const again = await cerai.port.registerDivorce(reg, unhurried());
      if (!(lost instanceof GerbangError)) expect(lost).toMatchObject({ created: true });
      expect(again.created).toBe(false);
      expect((await officer(CERAI_TABLE).where({ REF_GERBANG: 'PORTAL-CRI-5' })).length).toBe(1);
    } finally {
      slow.client.close();
    }
  });

  it('fails fast and clean when the registry is down, slow, or the caller leaves', async () => {
    const niks = (await seeded()).slice(0, 3).map((d) => d.nik);
    await app.stop();
    const down = (await cerai.port.divorceDeedsOf(niks, unhurried()).catch((e: unknown) => e)) as GerbangError;
    expect(down.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'akta-cerai' });
    expect(down.message).not.toMatch(/127\.0\.0\.1|ECONN|\/ws/);
    await app.restart();
    await sleep(250);
    expect((await cerai.port.divorceDeedsOf(niks, unhurried())).size).toBe(3);
    app.setLatency(1_000);
    const started = performance.now();
    await expect(cerai.port.divorceDeedsOf(niks, deadlineIn(200))).rejects.toMatchObject({ extensions: { code: 'DEADLINE_EXCEEDED' } });
    expect(performance.now() - started).toBeLessThan(700);
    const request = startDeadline(10_000);
    const pending = cerai.port.divorceDeedsOf(niks, request.deadline).catch((e: unknown) => e);
    await sleep(50);
    request.callerLeft();
    expect(((await pending) as GerbangError).originalError).toBeInstanceOf(Cancelled);
  });
});
