import type { Knex } from 'knex';
import { XMLParser } from 'fast-xml-parser';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { aktaKawinEmulator } from '../akta-kawin/emulator';
import { KAWIN_TABLE } from '../akta-kawin/schema';
import { silentProgress } from '../base/progress';
import { provisionSqlEmulator } from '../base/sql-emulator';
import { WSDL_CALL } from '../base/soap';
import { STAT_KWN } from '../siak/code-tables';
import { generateWorld } from '../world/generator';
import { deathOf } from '../world/mortality';
import { correctDivorceDeed } from './back-office';
import { DivorceRegistry } from './divorces';
import { aktaCeraiEmulator } from './emulator';
import { CERAI_TABLE } from './schema';
import { startAktaCerai, type RunningSoapApp } from './server';
import { AKTA_CERAI_NAMESPACE } from './service';

/** The divorce registry: its seeded table (consistent with the marriage registry and SIAK), and its SOAP service over it. */
const CERAI_WORLD = { ...TEST_WORLD, scale: 8_000 };
const CREDENTIALS = { username: 'gerbang', password: 'sandi-uji-cerai' };
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (name) => name === 'AktaPerceraian' });
const iso = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10));

describe(`akta-cerai emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;
  let kawin: Knex;
  let app: RunningSoapApp;
  const world = generateWorld(CERAI_WORLD);
  const registry = new DivorceRegistry(CERAI_WORLD);
  const divorces = world.flatMap((f) => registry.divorcesOf(f));

  const call = async (operation: string, inner: string) => {
    const xml = `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:c="${AKTA_CERAI_NAMESPACE}"><soap:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken><wsse:Username>${CREDENTIALS.username}</wsse:Username><wsse:Password>${CREDENTIALS.password}</wsse:Password></wsse:UsernameToken></wsse:Security></soap:Header><soap:Body><c:${operation}>${inner}</c:${operation}></soap:Body></soap:Envelope>`;
    const res = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xml });
    const body = (parser.parse(await res.text()) as any).Envelope.Body;
    return { http: res.status, response: body[`${operation}Response`], fault: body.Fault };
  };

  beforeAll(async () => {
    legacy = await seededStorage('akta-cerai-emulator', [aktaKawinEmulator, aktaCeraiEmulator], CERAI_WORLD);
    db = legacy.open('akta-cerai');
    kawin = legacy.open('akta-kawin');
    app = await startAktaCerai(legacy.storage, { port: 0, credentials: CREDENTIALS });
  });

  afterAll(async () => {
    await app?.close();
    await legacy?.cleanup();
  });

  it('holds the divorces of non-Muslim residents SIAK has as cerai hidup, each on the right marriage deed', async () => {
    const rows = (await db(CERAI_TABLE).select()) as Array<Record<string, any>>;
    const here = divorces.filter((d) => d.registeredHere);
    expect(here.length).toBeGreaterThan(8);
    expect(rows.map((r) => r.NO_AKTA_CRAI).sort()).toEqual(here.map((d) => d.deedNumber).sort());
    const people = new Map(world.flatMap((f) => f.members.map((p) => [p.nik, { p, f }] as const)));
    const marriages = new Map(((await kawin(KAWIN_TABLE).select()) as Array<Record<string, any>>).map((m) => [m.NO_AKTA_KWN, m]));
    let onFile = 0;
    for (const row of rows) {
      expect(row.NO_AKTA_CRAI).toMatch(/^3674-CR-\d{8}-\d{4}$/);
      const residents = [row.NIK_SUAMI, row.NIK_ISTRI].filter(Boolean) as string[];
      expect(residents).toHaveLength(1);
      const { p, f } = people.get(residents[0]!)!;
      // SIAK writes STAT_KWN from the same world: cerai hidup.
      expect(STAT_KWN[p.maritalStatus]).toBe(STAT_KWN.DIVORCED);
      const death = deathOf(p, f, CERAI_WORLD);
      if (death) expect(iso(row.TGL_DAFTAR) < death.date).toBe(true);
      expect(p.religion).not.toBe('ISLAM');
      expect(iso(row.TGL_KWN)).toBe(p.marriageDate);
      expect(iso(row.TGL_PUTUSAN) >= p.marriageDate!).toBe(true);
      expect(iso(row.TGL_DAFTAR) >= iso(row.TGL_PUTUSAN)).toBe(true);
      expect(iso(row.TGL_DAFTAR) < CERAI_WORLD.referenceDate).toBe(true);
      expect(row.NO_PUTUSAN).toMatch(/^\d+ ?\/ ?Pdt\.G ?\/ ?\d{4} ?\/ ?PN /);
      expect(row.NO_PUTUSAN).toContain(iso(row.TGL_PUTUSAN).slice(0, 4));
      expect(row.NAMA_PN).toMatch(/^PENGADILAN NEGERI /);
      // The marriage deed number is the one the marriage registry issued; this city's deeds are on file there, for the same person.
      const marriage = marriages.get(row.NO_AKTA_KWN);
      if (row.NO_AKTA_KWN.startsWith('3674-KW-')) {
        onFile += 1;
        expect([marriage?.NIK_SUAMI, marriage?.NIK_ISTRI]).toContain(residents[0]);
        expect(marriage?.TGL_KWN).toBe(`${p.marriageDate!.slice(8)}-${p.marriageDate!.slice(5, 7)}-${p.marriageDate!.slice(0, 4)}`);
      } else {
        expect(marriage).toBeUndefined();
      }
    }
    expect(onFile).toBeGreaterThan(0);
    // Every DIVORCED non-Muslim resident has a divorce (here or elsewhere); nobody else does.
    const divorcedNonMuslims = world.flatMap((f) => f.members).filter((p) => p.maritalStatus === 'DIVORCED' && p.religion !== 'ISLAM').map((p) => p.nik);
    expect(divorces.map((d) => d.resident.nik).sort()).toEqual(divorcedNonMuslims.sort());
  });

  it('is deterministic from the seed', () => {
    const again = new DivorceRegistry(CERAI_WORLD);
    const pick = (d: (typeof divorces)[number]) => [d.deedNumber, d.marriage.deedNumber, d.decisionNumber, d.decidedOn, d.filedBy];
    expect(generateWorld(CERAI_WORLD).flatMap((f) => again.divorcesOf(f)).map(pick)).toEqual(divorces.map(pick));
  });

  it('serves its WSDL and answers many NIKs in one call, with its date, nil and code quirks', async () => {
    const wsdl = await (await fetch(app.wsdlUrl)).text();
    expect(wsdl).toContain('name="GetAktaPerceraianByNikList"');
    expect(app.calls.of(WSDL_CALL)).toBe(1);
    const rows = (await db(CERAI_TABLE).select().orderBy('NO_AKTA_CRAI').limit(3)) as Array<Record<string, any>>;
    const niks = rows.map((r) => r.NIK_SUAMI ?? r.NIK_ISTRI);
    const before = app.calls.of('GetAktaPerceraianByNikList');
    const { response } = await call('GetAktaPerceraianByNikList', [...niks, '3674011708850999'].map((n) => `<c:DaftarNik>${n}</c:DaftarNik>`).join(''));
    expect(app.calls.of('GetAktaPerceraianByNikList') - before).toBe(1);
    expect(response.AktaPerceraian.map((a: any) => a.NoAkta)).toEqual(rows.map((r) => r.NO_AKTA_CRAI));
    const deed = response.AktaPerceraian[0];
    expect(deed.NoAktaPerkawinan).toBe(rows[0]!.NO_AKTA_KWN);
    expect(deed.TglPutusan).toMatch(/^\d{2}-\d{2}-\d{4}$/);
    expect(deed.TglPerkawinan).toMatch(/^\d{2}-\d{2}-\d{4}$/);
    expect(deed.TglAkta).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00$/);
    expect(deed.KodeWilayah).toMatch(/^36\.74\.\d{2}\.\d{4}$/);
    expect(['S', 'I']).toContain(deed.Penggugat);
    // The former spouse from elsewhere: a nil NIK.
    const nobody = rows[0]!.NIK_SUAMI ? deed.Istri : deed.Suami;
    expect(nobody.Nik).toMatchObject({ '@nil': 'true' });
    expect((await call('GetAktaPerceraianByNikList', '<c:DaftarNik>3674011708850999</c:DaftarNik>')).response).toBe('');
    expect((await call('GetAktaPerceraianByNik', '<c:Nik>3674011708850999</c:Nik>')).fault).toMatchObject({ faultcode: 'soap:Client', detail: { KesalahanLayanan: { Kode: 'E01' } } });
    expect((await call('GetAktaPerceraianByNoList', `<c:DaftarNoAkta>${rows[1]!.NO_AKTA_CRAI}</c:DaftarNoAkta>`)).response.AktaPerceraian).toHaveLength(1);
    const byMarriage = await call('GetAktaPerceraianByNoAktaPerkawinanList', `<c:DaftarNoAktaPerkawinan>${rows[2]!.NO_AKTA_KWN.toLowerCase()}</c:DaftarNoAktaPerkawinan>`);
    expect(byMarriage.response.AktaPerceraian[0].NoAkta).toBe(rows[2]!.NO_AKTA_CRAI);
  });

  const registration = (ref: string, changes: Record<string, string> = {}) => {
    const fields: Record<string, string> = {
      Referensi: ref, NoAktaPerkawinan: '3674-KW-14022015-0909', TglPerkawinan: '14-02-2015',
      Suami: '<c:Nik>3674011001850001</c:Nik><c:Nama>Budi  Santoso</c:Nama>', Istri: '<c:Nama>Maria Ulfa</c:Nama>',
      NoPutusan: '245 / Pdt.G / 2024 / PN Tng', TglPutusan: '02-09-2024', Pengadilan: 'Pengadilan Negeri Tangerang', Penggugat: 'I', KodeWilayah: '36.74.01.1001',
      ...changes,
    };
    return Object.entries(fields).map(([k, v]) => `<c:${k}>${v}</c:${k}>`).join('');
  };

  it('registers a divorce once per reference and once per marriage, and checks it as the counter does', async () => {
    const { response } = await call('CatatPerceraian', registration('CRI-UJI-0001'));
    expect(response.AktaPerceraian[0]).toMatchObject({ NoAkta: expect.stringMatching(/^3674-CR-\d{8}-\d{4}$/), Referensi: 'CRI-UJI-0001', Suami: { Nama: 'BUDI SANTOSO' }, NoPutusan: '245 / Pdt.G / 2024 / PN Tng' });
    expect((await call('CatatPerceraian', registration('CRI-UJI-0001'))).fault.detail.KesalahanLayanan).toMatchObject({ Kode: 'E03', Pesan: 'REFERENSI SUDAH TERDAFTAR' });
    // The same marriage cannot end twice, whatever the reference.
    expect((await call('CatatPerceraian', registration('CRI-UJI-0002'))).fault.detail.KesalahanLayanan).toMatchObject({ Kode: 'E03', Pesan: 'PERKAWINAN SUDAH TERCATAT CERAI' });
    const refused = async (changes: Record<string, string>) => (await call('CatatPerceraian', registration('CRI-UJI-0003', { NoAktaPerkawinan: '3674-KW-01012016-0901', ...changes }))).fault?.detail.KesalahanLayanan;
    expect(await refused({ Pengadilan: 'Pengadilan Agama Tigaraksa', NoPutusan: '245/Pdt.G/2024/PA.Tgrs' })).toMatchObject({ Kode: 'E02', Pesan: expect.stringMatching(/PENGADILAN AGAMA/) });
    expect(await refused({ NoPutusan: 'PUTUSAN 245' })).toMatchObject({ Kode: 'E02', Pesan: 'NOMOR PUTUSAN TIDAK VALID' });
    expect(await refused({ TglPutusan: '01-01-2010' })).toMatchObject({ Kode: 'E02', Pesan: 'TGL PUTUSAN TIDAK VALID' });
    expect(await refused({ Suami: '<c:Nama>Budi</c:Nama>' })).toMatchObject({ Kode: 'E02', Pesan: 'NIK SUAMI ATAU ISTRI WAJIB DIISI' });
    expect(await refused({ Penggugat: 'X' })).toMatchObject({ Kode: 'E02' });
    expect((await call('GetAktaPerceraianByReferensiList', '<c:DaftarReferensi>CRI-UJI-0001</c:DaftarReferensi><c:DaftarReferensi>CRI-UJI-0003</c:DaftarReferensi>')).response.AktaPerceraian).toHaveLength(1);
  });

  it('shows an officer\'s correction on the next call', async () => {
    const row = (await db(CERAI_TABLE).whereNull('REF_GERBANG').first()) as Record<string, any>;
    await correctDivorceDeed(db, row.NO_AKTA_CRAI, { NAMA_PN: 'PENGADILAN NEGERI JAKARTA SELATAN' });
    const { response } = await call('GetAktaPerceraianByNo', `<c:NoAkta>${row.NO_AKTA_CRAI}</c:NoAkta>`);
    expect(response.AktaPerceraian[0].Pengadilan).toBe('PENGADILAN NEGERI JAKARTA SELATAN');
    await expect(correctDivorceDeed(db, row.NO_AKTA_CRAI, { NO_AKTA_KWN: 'x' })).rejects.toThrow(/cannot edit/);
  });

  it('seeds again only when the requested world differs from the one it holds', async () => {
    expect(await provisionSqlEmulator(aktaCeraiEmulator, legacy.storage, CERAI_WORLD, { progress: silentProgress })).toBe('up-to-date');
  });
});
