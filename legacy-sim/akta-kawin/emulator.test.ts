import type { Knex } from 'knex';
import { XMLParser } from 'fast-xml-parser';
import { seededStorage, testBackend, TEST_WORLD, type TestLegacyStorage } from '../../tests/support/legacy-databases';
import { silentProgress } from '../base/progress';
import { provisionSqlEmulator } from '../base/sql-emulator';
import { WSDL_CALL } from '../base/soap';
import { generateWorld } from '../world/generator';
import { correctMarriageDeed } from './back-office';
import { aktaKawinEmulator } from './emulator';
import { MarriageRegistry } from './marriages';
import { AKTA_KAWIN_NAMESPACE } from './service';
import { KAWIN_TABLE } from './schema';
import { startAktaKawin, type RunningSoapApp } from './server';

/** The marriage registry: its seeded table, and its SOAP service over it (SQLite or MariaDB). */
const KAWIN_WORLD = { ...TEST_WORLD, scale: 1_500 };
const CREDENTIALS = { username: 'gerbang', password: 'sandi-uji-kawin' };
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, isArray: (name) => ['AktaPerkawinan', 'Saksi'].includes(name) });

describe(`akta-kawin emulator (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let db: Knex;
  let app: RunningSoapApp;
  const world = generateWorld(KAWIN_WORLD);
  const registry = new MarriageRegistry(KAWIN_WORLD);
  const marriages = world.flatMap((f) => registry.marriagesOf(f));

  const call = async (operation: string, inner: string) => {
    const xml = `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:k="${AKTA_KAWIN_NAMESPACE}"><soap:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken><wsse:Username>${CREDENTIALS.username}</wsse:Username><wsse:Password>${CREDENTIALS.password}</wsse:Password></wsse:UsernameToken></wsse:Security></soap:Header><soap:Body><k:${operation}>${inner}</k:${operation}></soap:Body></soap:Envelope>`;
    const res = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xml });
    const body = (parser.parse(await res.text()) as any).Envelope.Body;
    return { http: res.status, response: body[`${operation}Response`], fault: body.Fault };
  };

  beforeAll(async () => {
    legacy = await seededStorage('akta-kawin-emulator', [aktaKawinEmulator], KAWIN_WORLD);
    db = legacy.open('akta-kawin');
    app = await startAktaKawin(legacy.storage, { port: 0, credentials: CREDENTIALS });
  });

  afterAll(async () => {
    await app?.close();
    await legacy?.cleanup();
  });

  it('holds the non-Muslim marriages this regency registered, consistent with the world', async () => {
    const rows = (await db(KAWIN_TABLE).select()) as Array<Record<string, any>>;
    const here = marriages.filter((m) => m.registeredHere);
    expect(here.length).toBeGreaterThan(10);
    expect(rows.map((r) => r.NO_AKTA_KWN).sort()).toEqual(here.map((m) => m.deedNumber).sort());
    const people = new Map(world.flatMap((f) => f.members.map((p) => [p.nik, { p, f }] as const)));
    for (const row of rows) {
      expect(row.NO_AKTA_KWN).toMatch(/^3674-KW-\d{8}-\d{4}$/);
      expect(row.AGAMA).not.toBe(1);
      for (const nik of [row.NIK_SUAMI, row.NIK_ISTRI].filter(Boolean)) {
        const { p } = people.get(nik)!;
        // SIAK's STAT_KWN comes from the same world: married, or divorced when the spouse is not on file.
        expect(['MARRIED', 'DIVORCED']).toContain(p.maritalStatus);
        expect(p.religion).not.toBe('ISLAM');
        expect(row.TGL_KWN).toBe(`${p.marriageDate!.slice(8)}-${p.marriageDate!.slice(5, 7)}-${p.marriageDate!.slice(0, 4)}`);
      }
      // A couple on file shares one KK.
      if (row.NIK_SUAMI && row.NIK_ISTRI) expect(people.get(row.NIK_SUAMI)!.f.kkNumber).toBe(people.get(row.NIK_ISTRI)!.f.kkNumber);
    }
    // Muslim couples have no deed here.
    const muslims = new Set(world.flatMap((f) => f.members).filter((p) => p.religion === 'ISLAM').map((p) => p.nik));
    expect(rows.some((r) => muslims.has(r.NIK_SUAMI) || muslims.has(r.NIK_ISTRI))).toBe(false);
  });

  it('is deterministic from the seed', () => {
    const again = new MarriageRegistry(KAWIN_WORLD);
    expect(generateWorld(KAWIN_WORLD).flatMap((f) => again.marriagesOf(f)).map((m) => [m.deedNumber, m.witnesses])).toEqual(marriages.map((m) => [m.deedNumber, m.witnesses]));
  });

  it('serves its WSDL and answers many NIKs in one call, with its date and code quirks', async () => {
    const wsdl = await (await fetch(app.wsdlUrl)).text();
    expect(wsdl).toContain('name="GetAktaPerkawinanByNikList"');
    expect(app.calls.of(WSDL_CALL)).toBe(1);
    const row = (await db(KAWIN_TABLE).whereNotNull('NIK_SUAMI').first()) as Record<string, any>;
    const before = app.calls.of('GetAktaPerkawinanByNikList');
    const { response } = await call('GetAktaPerkawinanByNikList', `<k:DaftarNik>${row.NIK_ISTRI ?? row.NIK_SUAMI}</k:DaftarNik><k:DaftarNik>${row.NIK_SUAMI}</k:DaftarNik><k:DaftarNik>3674011708850999</k:DaftarNik>`);
    expect(app.calls.of('GetAktaPerkawinanByNikList') - before).toBe(1);
    const deed = response.AktaPerkawinan.find((a: any) => a.NoAkta === row.NO_AKTA_KWN);
    expect(deed.TglPerkawinan).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(deed.TglDaftar).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\+07:00$/);
    expect(deed.KodeWilayah).toMatch(/^\d{10}$/);
    expect(deed.Saksi).toHaveLength(2);
    expect(Number(deed.KodeAgama)).toBeGreaterThan(1);
    expect((await call('GetAktaPerkawinanByNikList', '<k:DaftarNik>3674011708850999</k:DaftarNik>')).response).toBe('');
    // The single lookup faults when nothing is found.
    expect((await call('GetAktaPerkawinanByNik', '<k:Nik>3674011708850999</k:Nik>')).fault).toMatchObject({ faultcode: 'soap:Client', detail: { KesalahanLayanan: { Kode: 'E01' } } });
    expect((await call('GetAktaPerkawinanByNoList', `<k:DaftarNoAkta>${row.NO_AKTA_KWN}</k:DaftarNoAkta>`)).response.AktaPerkawinan).toHaveLength(1);
  });

  const registration = (ref: string, witnessBirth = '01/01/1980') => `<k:Referensi>${ref}</k:Referensi><k:Suami><k:Nik>3674011001950001</k:Nik><k:Nama>Budi Santoso</k:Nama><k:TglLahir>10/01/1995</k:TglLahir></k:Suami>`
    + '<k:Istri><k:Nik>3674014202960002</k:Nik><k:Nama>Maria  Ulfa</k:Nama><k:TglLahir>02/02/1996</k:TglLahir></k:Istri><k:TglPerkawinan>14/02/2025</k:TglPerkawinan>'
    + '<k:TempatPerkawinan>Serpong</k:TempatPerkawinan><k:KodeAgama>3</k:KodeAgama><k:LembagaAgama>Gereja Katolik St. Monika</k:LembagaAgama>'
    + `<k:Saksi><k:Nik>3674010101800001</k:Nik><k:Nama>Saksi Satu</k:Nama><k:TglLahir>${witnessBirth}</k:TglLahir></k:Saksi><k:Saksi><k:Nik>-</k:Nik><k:Nama>Saksi Dua</k:Nama><k:TglLahir>05/05/1970</k:TglLahir></k:Saksi>`
    + '<k:KodeWilayah>3674011001</k:KodeWilayah>';

  it('registers a marriage once per reference, numbered by the registration day, and checks it as the counter does', async () => {
    const { response } = await call('CatatPerkawinan', registration('KWN-UJI-0001'));
    expect(response.AktaPerkawinan[0]).toMatchObject({ NoAkta: expect.stringMatching(/^3674-KW-\d{8}-\d{4}$/), Referensi: 'KWN-UJI-0001', Istri: { Nama: 'MARIA ULFA' } });
    expect((await call('CatatPerkawinan', registration('KWN-UJI-0001'))).fault.detail.KesalahanLayanan.Kode).toBe('E03');
    // The same marriage under another reference is refused too.
    expect((await call('CatatPerkawinan', registration('KWN-UJI-0002'))).fault.detail.KesalahanLayanan).toMatchObject({ Kode: 'E03', Pesan: 'PERKAWINAN SUDAH TERCATAT' });
    expect((await call('CatatPerkawinan', registration('KWN-UJI-0003', '01/01/2010'))).fault.detail.KesalahanLayanan).toMatchObject({ Kode: 'E02', Pesan: 'SAKSI HARUS BERUMUR MINIMAL 21 TAHUN' });
    expect((await call('CatatPerkawinan', registration('KWN-UJI-0004').replace('<k:KodeAgama>3', '<k:KodeAgama>1'))).fault.detail.KesalahanLayanan.Pesan).toMatch(/KUA/);
    expect((await call('GetAktaPerkawinanByReferensiList', '<k:DaftarReferensi>KWN-UJI-0001</k:DaftarReferensi>')).response.AktaPerkawinan).toHaveLength(1);
  });

  it('shows an officer\'s correction on the next call', async () => {
    const row = (await db(KAWIN_TABLE).first()) as Record<string, any>;
    await correctMarriageDeed(db, row.NO_AKTA_KWN, { NAMA_LEMBAGA: 'GEREJA  HKBP SERPONG ' });
    const { response } = await call('GetAktaPerkawinanByNo', `<k:NoAkta>${row.NO_AKTA_KWN}</k:NoAkta>`);
    expect(response.AktaPerkawinan[0].LembagaAgama).toBe('GEREJA  HKBP SERPONG');
    await expect(correctMarriageDeed(db, row.NO_AKTA_KWN, { NO_AKTA_KWN: 'x' })).rejects.toThrow(/cannot edit/);
  });

  it('seeds again only when the requested world differs from the one it holds', async () => {
    const provision = (scale: number) => provisionSqlEmulator(aktaKawinEmulator, legacy.storage, { ...KAWIN_WORLD, scale }, { progress: silentProgress });
    expect(await provision(KAWIN_WORLD.scale)).toBe('up-to-date');
  });
});
