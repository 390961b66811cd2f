import type { Knex } from 'knex';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { ageOn, isoToDay } from '../world/dates';
import { generateWorld } from '../world/generator';
import { changeState, registerFromPhone } from './back-office';
import { ikdEmulator } from './emulator';
import { IkdRegister, type IkdRow } from './rows';
import { IKD_TABLE } from './schema';
import { startIkd, type RunningIkd } from './server';

/** The IKD application: its seeded table, and its REST API over it, behind a key and a rate limit. */
describe(`ikd emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;
  let app: RunningIkd;
  const headers = { 'X-IKD-Key': 'kunci-ikd-uji', 'content-type': 'application/json' };
  const call = async (path: string, body?: unknown, h: Record<string, string> = headers) => {
    const res = await fetch(`${app.url}${path}`, body === undefined ? { headers: h } : { method: 'POST', headers: h, body: JSON.stringify(body) });
    return { http: res.status, retryAfter: res.headers.get('retry-after'), ...((await res.json()) as { status: string; pesan: string; data: any }) };
  };
  const world = generateWorld(TEST_WORLD);
  const reference = isoToDay(TEST_WORLD.referenceDate);
  const people = world.flatMap((f) => f.members);

  beforeAll(async () => {
    legacy = await seededStorage('ikd-emulator', [ikdEmulator]);
    db = legacy.open('ikd');
    app = await startIkd(legacy.storage, { port: 0, apiKey: 'kunci-ikd-uji', rateLimit: { requests: 1_000, windowMs: 1_000 } });
  });

  afterAll(async () => {
    await app?.close();
    await legacy?.cleanup();
  });

  it('seeds from the world: a minority of adults, no children, every state, the pilot\'s words too', async () => {
    const rows = (await db(IKD_TABLE).select()) as IkdRow[];
    const registered = new Set(rows.map((r) => r.nik));
    const adults = people.filter((p) => ageOn(isoToDay(p.birthDate), reference) >= 17);
    const share = adults.filter((p) => registered.has(p.nik)).length / adults.length;
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.5);
    expect(people.filter((p) => ageOn(isoToDay(p.birthDate), reference) < 17 && !p.marriageDate).some((p) => registered.has(p.nik))).toBe(false);
    const states = new Set(rows.map((r) => r.status_aktivasi));
    for (const s of ['AKTIF', 'MENUNGGU VERIFIKASI', 'BELUM AKTIVASI', 'SUDAH AKTIVASI']) expect(states.has(s)).toBe(true);
    expect(rows.filter((r) => r.status_aktivasi === 'AKTIF').every((r) => r.tgl_aktivasi !== null)).toBe(true);
    expect(rows.some((r) => r.perangkat === 'ANDROID' || r.perangkat === 'IPHONE')).toBe(true);
    expect(rows.some((r) => /^iOS \d+\.\d \(iPhone/.test(r.perangkat ?? ''))).toBe(true);
  });

  it('is deterministic from the seed', () => {
    const run = () => {
      const register = new IkdRegister(TEST_WORLD);
      return generateWorld(TEST_WORLD).flatMap((f) => register.rowsFor(f));
    };
    expect(run()).toEqual(run());
  });

  it('answers many NIKs in one call, in the order asked, unknown ones as TIDAK TERDAFTAR', async () => {
    const niks = ((await db(IKD_TABLE).select('nik').orderBy('nik').limit(20)) as Array<{ nik: string }>).map((r) => r.nik);
    const asked = [niks[5]!, '3674011708850999', ...niks];
    const before = app.calls.of('POST /api/ikd/cek-status');
    const answer = await call('/api/ikd/cek-status', { nik: asked });
    expect(app.calls.of('POST /api/ikd/cek-status') - before).toBe(1);
    expect(answer.status).toBe('00');
    expect(answer.data.map((d: any) => d.nik)).toEqual(asked);
    expect(answer.data[1]).toEqual({ nik: '3674011708850999', status_aktivasi: 'TIDAK TERDAFTAR', tgl_daftar: '', tgl_aktivasi: '', perangkat: '', keterangan: '-' });
    expect(answer.data[0].tgl_daftar).toMatch(/^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(await call('/api/ikd/cek-status', { nik: ['123'] })).toMatchObject({ status: '05' });
    expect(await call('/api/ikd/cek-status', { nik: [] })).toMatchObject({ status: '05' });
    expect(await call(`/api/ikd/${niks[0]}`)).toMatchObject({ status: '00', data: { nik: niks[0] } });
    expect(await call('/api/ikd/3674011708850999')).toMatchObject({ status: '14' });
  });

  it('wants its own key header', async () => {
    expect(await call('/api/ping', undefined, { 'X-API-Key': 'kunci-ikd-uji' })).toMatchObject({ http: 401, status: '41' });
    expect(await call('/api/ping')).toMatchObject({ http: 200, status: '00' });
  });

  it('rate-limits each key: 429, status 91 and Retry-After when pressed', async () => {
    const limited = await startIkd(legacy.storage, { port: 0, apiKey: 'kunci-ikd-uji', rateLimit: { requests: 3, windowMs: 2_000 } });
    try {
      const answers = [];
      for (let i = 0; i < 5; i += 1) {
        const res = await fetch(`${limited.url}/api/ping`, { headers });
        answers.push({ http: res.status, retryAfter: res.headers.get('retry-after'), status: ((await res.json()) as { status: string }).status });
      }
      expect(answers.map((a) => a.http)).toEqual([200, 200, 200, 429, 429]);
      expect(answers[3]).toMatchObject({ status: '91' });
      expect(Number(answers[3]!.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(answers[3]!.retryAfter)).toBeLessThanOrEqual(2);
    } finally {
      await limited.close();
    }
  });

  it('shows the phone app\'s and the officers\' changes on the next call', async () => {
    const adult = people.find((p) => ageOn(isoToDay(p.birthDate), reference) === 30)!;
    await db(IKD_TABLE).where({ nik: adult.nik }).delete();
    await registerFromPhone(db, adult.nik, 'Android 14 (SM-A155F)');
    expect(await call(`/api/ikd/${adult.nik}`)).toMatchObject({ data: { status_aktivasi: 'MENUNGGU VERIFIKASI', tgl_aktivasi: '', perangkat: 'Android 14 (SM-A155F)' } });
    await changeState(db, adult.nik, 'AKTIF', { now: new Date('2026-11-29T03:00:00Z') });
    expect(await call(`/api/ikd/${adult.nik}`)).toMatchObject({ data: { status_aktivasi: 'AKTIF', tgl_aktivasi: '29-11-2026 10:00:00' } });
    await changeState(db, adult.nik, 'DITANGGUHKAN', { keterangan: 'perangkat hilang' });
    expect(await call(`/api/ikd/${adult.nik}`)).toMatchObject({ data: { status_aktivasi: 'DITANGGUHKAN', keterangan: 'PERANGKAT HILANG' } });
    await expect(changeState(db, adult.nik, 'MENUNGGU VERIFIKASI')).rejects.toThrow(/cannot go from DITANGGUHKAN/);
    await expect(registerFromPhone(db, adult.nik, 'IPHONE')).rejects.toThrow(/already/);
  });
});
