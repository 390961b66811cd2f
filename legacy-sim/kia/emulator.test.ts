import type { Knex } from 'knex';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { ageOn, isoToDay } from '../world/dates';
import { generateWorld } from '../world/generator';
import { moveCard } from './back-office';
import { kiaEmulator } from './emulator';
import { KiaHistory, type KiaRow } from './rows';
import { KIA_TABLE } from './schema';
import { startKia, type RunningKia } from './server';

/** The KIA application: its seeded table, and its REST API over it (SQLite or MariaDB). */
describe(`kia emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;
  let app: RunningKia;
  const headers = { 'X-API-Key': 'kunci-kia-uji', 'content-type': 'application/json' };
  const get = async (path: string) => (await (await fetch(`${app.url}${path}`, { headers })).json()) as { status: string; pesan: string; data: any };
  const post = async (body: unknown) => (await (await fetch(`${app.url}/api/kia`, { method: 'POST', headers, body: JSON.stringify(body) })).json()) as { status: string; pesan: string; data: any };
  const world = generateWorld(TEST_WORLD);
  const reference = isoToDay(TEST_WORLD.referenceDate);
  const people = world.flatMap((f) => f.members);

  beforeAll(async () => {
    legacy = await seededStorage('kia-emulator', [kiaEmulator]);
    db = legacy.open('kia');
    app = await startKia(legacy.storage, { port: 0, apiKey: 'kunci-kia-uji', familySlowMs: 100 });
  });

  afterAll(async () => {
    await app?.close();
    await legacy?.cleanup();
  });

  it('seeds from the world: most children have a card, some not, adults none; old rows keep the old ways', async () => {
    const rows = (await db(KIA_TABLE).select()) as KiaRow[];
    const holders = new Set(rows.map((r) => r.nik_anak));
    const children = people.filter((p) => ageOn(isoToDay(p.birthDate), reference) < 17 && !p.marriageDate);
    const share = children.filter((p) => holders.has(p.nik)).length / children.length;
    expect(share).toBeGreaterThan(0.6);
    expect(share).toBeLessThan(0.97);
    expect(people.filter((p) => ageOn(isoToDay(p.birthDate), reference) >= 20).some((p) => holders.has(p.nik))).toBe(false);
    for (const row of rows) expect(row.tgl_terbit).toMatch(/^\d{2}-\d{2}-\d{4}$/);
    const statuses = new Set(rows.map((r) => r.status_kia));
    for (const s of ['DICETAK', 'DIAMBIL', 'SUDAH DIAMBIL', 'Sudah Diambil']) expect(statuses.has(s)).toBe(true);
    expect(rows.some((r) => r.no_kk.startsWith("'") && r.tgl_berlaku === '')).toBe(true);
    expect(rows.filter((r) => !r.no_kk.startsWith("'")).every((r) => /^\d{2}-\d{2}-\d{4}$/.test(r.tgl_berlaku))).toBe(true);
  });

  it('is deterministic from the seed', () => {
    const run = () => {
      const history = new KiaHistory(TEST_WORLD);
      return generateWorld(TEST_WORLD).flatMap((f) => history.rowsFor(f));
    };
    expect(run()).toEqual(run());
  });

  it('answers the cards of many children in one call, 14 when none', async () => {
    const niks = ((await db(KIA_TABLE).distinct('nik_anak').orderBy('nik_anak').limit(20)) as Array<{ nik_anak: string }>).map((r) => r.nik_anak);
    const before = app.calls.of('GET /api/kia');
    const answer = await get(`/api/kia?nik=${niks.join(',')},3674011708850999`);
    expect(app.calls.of('GET /api/kia') - before).toBe(1);
    expect(answer.status).toBe('00');
    expect(new Set(answer.data.map((c: any) => c.nik_anak))).toEqual(new Set(niks));
    expect(answer.data[0].tgl_lahir).toMatch(/^\d{2}-\d{2}-\d{4}$/);
    expect(await get('/api/kia?nik=3674011708850999')).toMatchObject({ status: '14', data: null });
    expect(await get('/api/kia?nik=12345')).toMatchObject({ status: '05' });
    const one = answer.data[0];
    expect(await get(`/api/kia/${one.no_kia}`)).toMatchObject({ status: '00', data: { no_kia: one.no_kia } });
  });

  it('answers the cards of the children on many family cards in one call, old apostrophe rows included', async () => {
    const old = (await db(KIA_TABLE).where('no_kk', 'like', "'%").first()) as KiaRow;
    const recent = (await db(KIA_TABLE).where('no_kk', 'not like', "'%").first()) as KiaRow;
    const kks = [old.no_kk.slice(1), recent.no_kk, '3674010101200999'];
    const before = app.calls.of('GET /api/kia/keluarga');
    const answer = await get(`/api/kia/keluarga?no_kk=${kks.join(',')}`);
    expect(app.calls.of('GET /api/kia/keluarga') - before).toBe(1);
    expect(answer.status).toBe('00');
    expect(answer.data.map((g: any) => g.no_kk)).toEqual(kks.slice(0, 2));
    expect(answer.data[0].kia.some((c: any) => c.no_kia === old.no_kia)).toBe(true);
    expect(answer.data[0].jumlah_kia).toBe(answer.data[0].kia.length);
    expect(await get('/api/kia/keluarga?no_kk=3674010101200999')).toMatchObject({ status: '14' });
  });

  it('issues a card once per reference, refuses a second first card and an adult, replaces a lost one', async () => {
    const child = people.find((p) => ageOn(isoToDay(p.birthDate), reference) === 5)!;
    const family = world.find((f) => f.members.includes(child))!;
    await db(KIA_TABLE).where({ nik_anak: child.nik }).delete();
    const tglLahir = child.birthDate.split('-').reverse().join('-');
    const request = { nik_anak: child.nik, no_kk: family.kkNumber, nama_anak: child.name, tgl_lahir: tglLahir, no_permohonan: 'PORTAL-KIA-000001' };
    const created = await post(request);
    expect(created).toMatchObject({ status: '00', data: { status_kia: 'TERBIT', jenis_permohonan: 'BARU', nama_anak: child.name.toUpperCase(), no_permohonan: 'PORTAL-KIA-000001' } });
    expect(created.data.no_kia).toMatch(/^KIA-3674-\d{4}-\d{6}$/);
    const birth = child.birthDate.split('-');
    expect(created.data.tgl_berlaku).toMatch(new RegExp(`^\\d{2}-\\d{2}-${Number(birth[0]) + 17}$`));
    expect(await post(request)).toMatchObject({ status: '51', pesan: 'NO PERMOHONAN SUDAH TERDAFTAR' });
    expect(await post({ ...request, no_permohonan: 'PORTAL-KIA-000002' })).toMatchObject({ status: '51', pesan: 'ANAK SUDAH MEMILIKI KIA YANG BERLAKU' });
    const lost = await post({ ...request, no_permohonan: 'PORTAL-KIA-000003', jenis_permohonan: 'HILANG' });
    expect(lost).toMatchObject({ status: '00', data: { jenis_permohonan: 'HILANG', status_kia: 'TERBIT' } });
    expect(await get(`/api/kia/${created.data.no_kia}`)).toMatchObject({ data: { status_kia: 'DIGANTI' } });
    expect(await get('/api/kia?no_permohonan=PORTAL-KIA-000003')).toMatchObject({ status: '00', data: [{ no_kia: lost.data.no_kia }] });
    expect(await post({ ...request, no_permohonan: 'PORTAL-KIA-000004', tgl_lahir: '01-01-1990' })).toMatchObject({ status: '05' });
    expect(await post({ ...request, no_permohonan: 'PORTAL-KIA-000005', tgl_lahir: '2020-01-01' })).toMatchObject({ status: '05' });
  });

  it('shows the counter\'s moves through the statuses on the next call', async () => {
    const card = (await db(KIA_TABLE).where({ status_kia: 'TERBIT' }).first()) as KiaRow;
    await moveCard(db, card.no_kia, 'DICETAK', { petugas: '198001012005011001' });
    expect(await get(`/api/kia/${card.no_kia}`)).toMatchObject({ data: { status_kia: 'DICETAK' } });
    await moveCard(db, card.no_kia, 'DIAMBIL');
    expect(await get(`/api/kia/${card.no_kia}`)).toMatchObject({ data: { status_kia: 'DIAMBIL' } });
    await expect(moveCard(db, card.no_kia, 'DICETAK')).rejects.toThrow(/cannot go from DIAMBIL/);
  });
});
