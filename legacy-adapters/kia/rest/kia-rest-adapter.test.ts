import type { Knex } from 'knex';
import { Cancelled, deadlineIn, startDeadline } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { moveCard } from '@sim/kia/back-office';
import { kiaEmulator } from '@sim/kia/emulator';
import type { KiaRow } from '@sim/kia/rows';
import { KIA_TABLE } from '@sim/kia/schema';
import { startKia, type RunningKia } from '@sim/kia/server';
import { seededStorage, testBackend, type TestLegacyStorage } from '../../../tests/support/legacy-databases';
import { resilienceSettings } from '../../base/resilience';
import { connectKia, createKiaLoaders, type KiaConnection, type KiaRequest } from '../index';

const API_KEY = 'kunci-adapter-kia';
const unhurried = () => deadlineIn(10_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const NOBODY = '3674011708850999';

/** The KIA adapter against the running kia emulator (its storage on SQLite or MariaDB). */
describe(`kia REST adapter (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let officer: Knex;
  let app: RunningKia;
  let kia: KiaConnection;

  beforeAll(async () => {
    legacy = await seededStorage('kia-adapter', [kiaEmulator]);
    officer = legacy.open('kia');
    app = await startKia(legacy.storage, { port: 0, apiKey: API_KEY, familySlowMs: 50 });
    kia = connectKia({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 2_000, backoffInitialMs: 10, backoffMaxMs: 50, halfOpenAfterMs: 200 }) });
  });

  afterEach(async () => {
    app.setLatency(0);
    await app.restart();
  });

  afterAll(async () => {
    kia?.client.close();
    await app?.close();
    await legacy?.cleanup();
  });

  async function someNiks(n: number): Promise<string[]> {
    return ((await officer(KIA_TABLE).whereNot({ status_kia: 'DIGANTI' }).distinct('nik_anak').orderBy('nik_anak').limit(n)) as Array<{ nik_anak: string }>).map((r) => r.nik_anak);
  }

  /** A young child (well under 17 whatever today is) with no card at all (its rows removed), and the request for its first card. */
  let taken = 0;
  async function childWithoutCard(reference: string): Promise<KiaRequest> {
    const young = ((await officer(KIA_TABLE).select()) as KiaRow[]).filter((r) => Number(r.tgl_lahir.slice(-4)) >= 2016);
    const row = young[taken++]!;
    await officer(KIA_TABLE).where({ nik_anak: row.nik_anak }).delete();
    const [d, m, y] = row.tgl_lahir.split('-');
    return { childNik: row.nik_anak, familyCardNumber: row.no_kk.replace("'", ''), childName: row.nama_anak, birthDate: `${y}-${m}-${d}`, reference };
  }

  it('loads the card in force of many children in one call, and leaves children without a card out', async () => {
    const niks = await someNiks(40);
    const before = app.calls.of('GET /api/kia');
    const cards = await kia.port.kiaOf([...niks, NOBODY], unhurried());
    expect(app.calls.of('GET /api/kia') - before).toBe(1);
    expect(new Set(cards.keys())).toEqual(new Set(niks));
    const card = cards.get(niks[0]!)!;
    expect(card.childNik).toBe(niks[0]);
    expect(card.cardNumber).toMatch(/^KIA-3674-\d{4}-\d{6}$/);
    expect(card.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const all = [...cards.values()];
    expect(all.every((c) => c.status !== null && c.status !== 'REPLACED' && c.expiresOn !== null && c.familyCardNumber !== null)).toBe(true);
    // A batch where nobody has a card is the app's status 14: an empty Map, not an error.
    expect((await kia.port.kiaOf([NOBODY], unhurried())).size).toBe(0);
    const calls = app.calls.total;
    expect((await kia.port.kiaOf([], unhurried())).size).toBe(0);
    expect(app.calls.total).toBe(calls);
  });

  it('reads the first version\'s cards like the others: status, family card, expiry from the birth date', async () => {
    const old = (await officer(KIA_TABLE).where('no_kk', 'like', "'%").whereNot({ status_kia: 'DIGANTI' }).first()) as KiaRow;
    const card = (await kia.port.kiaOf([old.nik_anak], unhurried())).get(old.nik_anak)!;
    expect(card).toMatchObject({ cardNumber: old.no_kia, familyCardNumber: old.no_kk.slice(1) });
    expect(card.status).not.toBeNull();
    const [d, m, y] = old.tgl_lahir.split('-');
    expect(card.expiresOn!.slice(0, 4)).toBe(String(Number(y) + 17 - (m === '01' && d === '01' ? 1 : 0)));
  });

  it('loads the cards of the children on many family cards in one call', async () => {
    // Old rows spell the number with an apostrophe: the same family may come twice here.
    const kks = [...new Set(((await officer(KIA_TABLE).whereNot({ status_kia: 'DIGANTI' }).distinct('no_kk').orderBy('no_kk').limit(30)) as Array<{ no_kk: string }>).map((r) => r.no_kk.replace("'", '')))];
    const before = app.calls.of('GET /api/kia/keluarga');
    const families = await kia.port.kiaByFamily([...kks, '3674010101200999'], unhurried());
    expect(app.calls.of('GET /api/kia/keluarga') - before).toBe(1);
    expect(new Set(families.keys())).toEqual(new Set(kks));
    for (const [kk, cards] of families) expect(cards.every((c) => c.familyCardNumber === kk)).toBe(true);
  });

  it('one loader call per batch of a request, for children and for families', async () => {
    const niks = await someNiks(25);
    const loaders = createKiaLoaders(kia.port, unhurried());
    const before = app.calls.snapshot();
    const cards = await Promise.all([...niks, NOBODY].map((nik) => loaders.kiaByNik.load(nik)));
    const kks = [...new Set(cards.flatMap((c) => (c?.familyCardNumber ? [c.familyCardNumber] : [])))];
    const families = await Promise.all(kks.map((kk) => loaders.kiaByFamily.load(kk)));
    const after = app.calls.snapshot();
    expect((after['GET /api/kia'] ?? 0) - (before['GET /api/kia'] ?? 0)).toBe(1);
    expect((after['GET /api/kia/keluarga'] ?? 0) - (before['GET /api/kia/keluarga'] ?? 0)).toBe(1);
    expect(cards.at(-1)).toBeNull();
    expect(cards.slice(0, -1).every((c) => c !== null)).toBe(true);
    expect(families.every((f) => f.length > 0)).toBe(true);
  });

  it('sends no batch larger than the application takes: 501 NIKs are two calls', async () => {
    const niks = Array.from({ length: 501 }, (_, i) => `367401170885${String(i).padStart(4, '0')}`);
    const before = app.calls.of('GET /api/kia');
    await kia.port.kiaOf(niks, unhurried());
    expect(app.calls.of('GET /api/kia') - before).toBe(2);
  });

  it('does not send a batch once the caller has left', async () => {
    const request = startDeadline(10_000);
    const loaders = createKiaLoaders(kia.port, request.deadline);
    const before = app.calls.total;
    const load = loaders.kiaByNik.load('3674010101200003').then(() => undefined, (e: unknown) => e as GerbangError);
    request.callerLeft();
    const error = await load;
    expect(error?.code).toBe('DEADLINE_EXCEEDED');
    expect((error?.originalError as Cancelled).reason).toBe('CALLER_LEFT');
    expect(app.calls.total).toBe(before);
  });

  it('issues a card once per reference: asking again answers the same card without a second POST', async () => {
    const request = await childWithoutCard('PORTAL-KIA-ADAPTER-1');
    const posts = app.calls.of('POST /api/kia');
    const card = await kia.port.requestKia(request, unhurried());
    expect(card).toMatchObject({ childNik: request.childNik, familyCardNumber: request.familyCardNumber, status: 'ISSUED', reason: 'NEW', reference: 'PORTAL-KIA-ADAPTER-1', birthDate: request.birthDate });
    expect(card.expiresOn! > card.issuedOn!).toBe(true);
    const again = await kia.port.requestKia(request, unhurried());
    expect(again.cardNumber).toBe(card.cardNumber);
    expect(app.calls.of('POST /api/kia') - posts).toBe(1);
    expect((await kia.port.kiaOf([request.childNik], unhurried())).get(request.childNik)?.cardNumber).toBe(card.cardNumber);
    // The same reference for another child is a conflict, not a second card.
    const [other] = await someNiks(1);
    await expect(kia.port.requestKia({ ...request, childNik: other! }, unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'REFERENCE_IN_USE' } });
    // A second first card for the same child is refused; a replacement for a lost one is not.
    await expect(kia.port.requestKia({ ...request, reference: 'PORTAL-KIA-ADAPTER-2' }, unhurried())).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'KIA_ALREADY_ISSUED' } });
    const replacement = await kia.port.requestKia({ ...request, reference: 'PORTAL-KIA-ADAPTER-3', reason: 'LOST' }, unhurried());
    expect(replacement).toMatchObject({ reason: 'LOST', status: 'ISSUED' });
    expect((await kia.port.kiaOf([request.childNik], unhurried())).get(request.childNik)?.cardNumber).toBe(replacement.cardNumber);
  });

  it('refuses a card for someone who is no longer a child as bad input', async () => {
    const request = await childWithoutCard('PORTAL-KIA-ADAPTER-4');
    const error = await kia.port.requestKia({ ...request, birthDate: '2000-05-05' }, unhurried()).then(() => undefined, (e: unknown) => e as GerbangError);
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'birthDate', reason: 'NOT_A_CHILD' });
    expect(error?.message).not.toMatch(/USIA|05|\/api/);
  });

  it('a write that timed out but landed all the same is not issued twice when asked again', async () => {
    const request = await childWithoutCard('PORTAL-KIA-ADAPTER-5');
    const slow = connectKia({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 150, retries: 0 }) });
    try {
      const posts = app.calls.of('POST /api/kia');
      app.setLatency(400, 'POST /api/kia');
      const error = await slow.port.requestKia(request, deadlineIn(2_000)).then(() => undefined, (e: unknown) => e as GerbangError);
      expect(error?.code).toBe('LEGACY_TIMEOUT');
      await sleep(400);
      app.setLatency(0);
      const card = await kia.port.requestKia(request, unhurried());
      expect(app.calls.of('POST /api/kia') - posts).toBe(1);
      const rows = (await officer(KIA_TABLE).where({ no_permohonan: 'PORTAL-KIA-ADAPTER-5' })) as KiaRow[];
      expect(rows.map((r) => r.no_kia)).toEqual([card.cardNumber]);
    } finally {
      slow.client.close();
    }
  });

  it('shows the counter\'s moves on the next read', async () => {
    const request = await childWithoutCard('PORTAL-KIA-ADAPTER-6');
    const card = await kia.port.requestKia(request, unhurried());
    await moveCard(officer, card.cardNumber, 'DICETAK');
    expect((await kia.port.kiaOf([request.childNik], unhurried())).get(request.childNik)?.status).toBe('PRINTED');
    await moveCard(officer, card.cardNumber, 'DIAMBIL');
    expect((await kia.port.kiaByFamily([request.familyCardNumber], unhurried())).get(request.familyCardNumber)?.find((c) => c.cardNumber === card.cardNumber)?.status).toBe('COLLECTED');
  });

  it('is LEGACY_UNAVAILABLE fast while the app is down and answers again once it is back', async () => {
    const niks = await someNiks(3);
    await app.stop();
    const started = performance.now();
    const error = await kia.port.kiaOf(niks, unhurried()).then(() => undefined, (e: unknown) => e as GerbangError);
    expect(error?.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'kia' });
    expect(error?.message).not.toMatch(/127\.0\.0\.1|ECONN|\/api/);
    expect(performance.now() - started).toBeLessThan(1_500);
    await expect(kia.port.ping(unhurried())).rejects.toMatchObject({ extensions: { code: 'LEGACY_UNAVAILABLE' } });
    await app.restart();
    // The breaker may have opened meanwhile: it lets a probe through after its half-open time.
    await sleep(300);
    expect((await kia.port.kiaOf(niks, unhurried())).size).toBe(3);
    expect(kia.client.health()).toBe('up');
  });

  it('is LEGACY_TIMEOUT within the deadline when the app is slow', async () => {
    const slow = connectKia({ baseUrl: app.url, apiKey: API_KEY, resilience: resilienceSettings({ timeoutMs: 150, retries: 1, backoffInitialMs: 10 }) });
    try {
      app.setLatency(1_000);
      const started = performance.now();
      const error = await slow.port.kiaByFamily(['3674011203150007'], deadlineIn(900)).then(() => undefined, (e: unknown) => e as GerbangError);
      expect(error?.code).toBe('LEGACY_TIMEOUT');
      expect(performance.now() - started).toBeLessThan(850);
    } finally {
      slow.client.close();
    }
  });
});
