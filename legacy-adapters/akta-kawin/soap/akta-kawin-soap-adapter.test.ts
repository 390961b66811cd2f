import type { Knex } from 'knex';
import { Cancelled, deadlineIn, startDeadline } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { WSDL_CALL } from '@sim/base/soap';
import { correctMarriageDeed } from '@sim/akta-kawin/back-office';
import { aktaKawinEmulator } from '@sim/akta-kawin/emulator';
import { KAWIN_TABLE } from '@sim/akta-kawin/schema';
import { startAktaKawin, type RunningSoapApp } from '@sim/akta-kawin/server';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { resilienceSettings } from '../../base/resilience';
import { connectAktaKawin, createAktaKawinLoaders, type AktaKawinConnection, type MarriageRegistration } from '../index';

const WORLD = { ...TEST_WORLD, scale: 1_500 };
const CREDENTIALS = { username: 'gerbang', password: 'sandi-adapter-kawin' };
const unhurried = () => deadlineIn(10_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The marriage registry adapter against the running akta-kawin emulator (its storage on SQLite or MariaDB). */
describe(`akta-kawin SOAP adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let officer: Knex;
  let app: RunningSoapApp;
  let kawin: AktaKawinConnection;

  beforeAll(async () => {
    legacy = await seededStorage('akta-kawin-adapter', [aktaKawinEmulator], WORLD);
    officer = legacy.open('akta-kawin');
    app = await startAktaKawin(legacy.storage, { port: 0, credentials: CREDENTIALS });
    kawin = connectAktaKawin({ url: app.url, credentials: CREDENTIALS, resilience: resilienceSettings({ timeoutMs: 2_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 }) });
  });

  afterEach(async () => {
    app.setLatency(0);
    await app.restart();
  });

  afterAll(async () => {
    kawin?.client.close();
    await app?.close();
    await legacy?.cleanup();
  });

  async function spouses(): Promise<string[]> {
    const rows = (await officer(KAWIN_TABLE).select('NIK_SUAMI', 'NIK_ISTRI').orderBy('NO_AKTA_KWN')) as Array<{ NIK_SUAMI: string | null; NIK_ISTRI: string | null }>;
    return rows.flatMap((r) => [r.NIK_SUAMI, r.NIK_ISTRI]).filter((n): n is string => n !== null);
  }

  it('loads the deeds of many residents in one call, each under both spouses, and leaves others out', async () => {
    const niks = await spouses();
    expect(niks.length).toBeGreaterThan(15);
    const before = app.calls.of('GetAktaPerkawinanByNikList');
    const deeds = await kawin.port.marriageDeedsOf([...niks, '3674011708850999'], unhurried());
    expect(app.calls.of('GetAktaPerkawinanByNikList') - before).toBe(1);
    expect(new Set(deeds.keys())).toEqual(new Set(niks));
    const [deed] = deeds.get(niks[0]!)!;
    expect(deed!.number).toMatch(/^3674-KW-\d{8}-\d{4}$/);
    expect(deed!.marriedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(deed!.registeredOn! >= deed!.marriedOn!).toBe(true);
    expect(deed!.religion).not.toBeNull();
    expect(deed!.religion).not.toBe('ISLAM');
    expect(deed!.witnesses).toHaveLength(2);
    expect(deed!.kelurahanCode).toMatch(/^36\.74\.\d{2}\.\d{4}$/);
    const couple = [...deeds.values()].flat().find((d) => d.husband.nik && d.wife.nik)!;
    expect(deeds.get(couple.husband.nik!)).toContainEqual(couple);
    expect(deeds.get(couple.wife.nik!)).toContainEqual(couple);
    expect((await kawin.port.marriageDeedsOf(['3674011708850999'], unhurried())).size).toBe(0);
    const calls = app.calls.total;
    expect((await kawin.port.marriageDeedsOf([], unhurried())).size).toBe(0);
    expect(app.calls.total).toBe(calls);
  });

  it('reads the WSDL once for the process, and one loader call per batch of a request', async () => {
    expect(app.calls.of(WSDL_CALL)).toBe(1);
    const niks = (await spouses()).slice(0, 12);
    const numbers = ((await officer(KAWIN_TABLE).select('NO_AKTA_KWN').limit(8)) as Array<{ NO_AKTA_KWN: string }>).map((r) => r.NO_AKTA_KWN);
    const loaders = createAktaKawinLoaders(kawin.port, unhurried());
    const [byNik, byNo] = [app.calls.of('GetAktaPerkawinanByNikList'), app.calls.of('GetAktaPerkawinanByNoList')];
    const [lists, deeds] = await Promise.all([Promise.all(niks.map((n) => loaders.marriageDeedsByNik.load(n))), Promise.all([...numbers, 'NOPE'].map((n) => loaders.marriageDeedByNumber.load(n)))]);
    expect(app.calls.of('GetAktaPerkawinanByNikList') - byNik).toBe(1);
    expect(app.calls.of('GetAktaPerkawinanByNoList') - byNo).toBe(1);
    expect(lists.every((l) => l.length > 0)).toBe(true);
    expect(deeds.map((d) => d?.number ?? null)).toEqual([...numbers, null]);
    expect(app.calls.of(WSDL_CALL)).toBe(1);
  });

  it('shows an officer\'s correction on the next request', async () => {
    const number = ((await officer(KAWIN_TABLE).select('NO_AKTA_KWN').first()) as { NO_AKTA_KWN: string }).NO_AKTA_KWN;
    await correctMarriageDeed(officer, number, { TMPT_KWN: 'PONDOK  AREN' });
    expect((await kawin.port.marriageDeedsByNumber([number], unhurried())).get(number)?.place).toBe('PONDOK AREN');
  });

  const registration = (reference: string): MarriageRegistration => ({
    clientReference: reference,
    husband: { nik: '3674011001950001', name: 'Budi Santoso', birthDate: '1995-01-10' },
    wife: { nik: '3674014202960002', name: 'Maria Ulfa', birthDate: '1996-02-02' },
    marriedOn: '2025-02-14',
    place: 'Serpong',
    religion: 'CATHOLIC',
    religiousInstitution: 'Gereja Katolik St. Monika BSD',
    witnesses: [{ nik: '3674010101800001', name: 'Saksi Satu', birthDate: '1980-01-01' }, { nik: null, name: 'Saksi Dua', birthDate: '1970-05-05' }],
    kelurahanCode: '36.74.01.1001',
  });

  it('registers a marriage once per reference: asked again it returns the same deed', async () => {
    const first = await kawin.port.registerMarriage(registration('PORTAL-KWN-1'), unhurried());
    expect(first.created).toBe(true);
    expect(first.deed).toMatchObject({ number: expect.stringMatching(/^3674-KW-\d{8}-\d{4}$/), marriedOn: '2025-02-14', religion: 'CATHOLIC', wife: { name: 'MARIA ULFA' } });
    const writes = app.calls.of('CatatPerkawinan');
    const again = await kawin.port.registerMarriage(registration('PORTAL-KWN-1'), unhurried());
    expect(again).toEqual({ deed: first.deed, created: false });
    expect(app.calls.of('CatatPerkawinan')).toBe(writes);
    expect((await kawin.port.marriageRegistrationsByReference(['PORTAL-KWN-1'], unhurried())).get('PORTAL-KWN-1')?.number).toBe(first.deed.number);
    // The same marriage under another reference.
    await expect(kawin.port.registerMarriage(registration('PORTAL-KWN-2'), unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'MARRIAGE_ALREADY_REGISTERED' } });
  });

  it('turns the registry\'s refusals into BAD_USER_INPUT without its words', async () => {
    const young = registration('PORTAL-KWN-3');
    young.husband = { ...young.husband, nik: '3674011001950009' };
    young.witnesses = [{ nik: null, name: 'Terlalu Muda', birthDate: '2010-01-01' }, young.witnesses[1]];
    const error = (await kawin.port.registerMarriage(young, unhurried()).catch((e: unknown) => e)) as GerbangError;
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REFUSED_BY_REGISTRY' });
    expect(error.message).not.toMatch(/SAKSI|E02/);
    await expect(kawin.port.registerMarriage({ ...registration('PORTAL-KWN-4'), religion: 'ISLAM' }, unhurried())).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'MUSLIM_MARRIAGE' } });
  });

  it('finds a write whose answer was lost: the deed that landed, never a second one', async () => {
    const slow = connectAktaKawin({ url: app.url, credentials: CREDENTIALS, resilience: resilienceSettings({ timeoutMs: 150, retries: 0 }) });
    try {
      await slow.port.ping(unhurried());
      app.setLatency(400, 'CatatPerkawinan');
      const reg = { ...registration('PORTAL-KWN-5'), husband: { nik: '3674011001950005', name: 'Andi', birthDate: null } };
      const lost = await slow.port.registerMarriage(reg, deadlineIn(400)).catch((e: unknown) => e);
      // Either the look-again found it, or the deadline ran out first; in both cases asking again gives the one deed.
      await sleep(450);
      app.setLatency(0);
      const again = await kawin.port.registerMarriage(reg, unhurried());
      if (!(lost instanceof GerbangError)) expect(lost).toMatchObject({ created: true });
      expect(again.created).toBe(false);
      expect((await officer(KAWIN_TABLE).where({ REF_GERBANG: 'PORTAL-KWN-5' })).length).toBe(1);
    } finally {
      slow.client.close();
    }
  });

  it('fails fast and clean when the registry is down, slow, or the caller leaves', async () => {
    const niks = (await spouses()).slice(0, 3);
    await app.stop();
    const down = (await kawin.port.marriageDeedsOf(niks, unhurried()).catch((e: unknown) => e)) as GerbangError;
    expect(down.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'akta-kawin' });
    expect(down.message).not.toMatch(/127\.0\.0\.1|ECONN/);
    await app.restart();
    await sleep(250);
    expect((await kawin.port.marriageDeedsOf(niks, unhurried())).size).toBeGreaterThan(0);
    app.setLatency(1_000);
    const started = performance.now();
    await expect(kawin.port.marriageDeedsOf(niks, deadlineIn(200))).rejects.toMatchObject({ extensions: { code: 'DEADLINE_EXCEEDED' } });
    expect(performance.now() - started).toBeLessThan(700);
    const request = startDeadline(10_000);
    const pending = kawin.port.marriageDeedsOf(niks, request.deadline).catch((e: unknown) => e);
    await sleep(50);
    request.callerLeft();
    expect(((await pending) as GerbangError).originalError).toBeInstanceOf(Cancelled);
  });
});
