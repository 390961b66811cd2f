import { XMLParser } from 'fast-xml-parser';
import { probeService, PROBE_NAMESPACE } from './probe-service';
import { startSoapEmulator, WSDL_CALL, type RunningSoapEmulator } from './index';

/** The SOAP emulator base on its own, spoken to with plain HTTP: WSDL, envelopes, faults, controls. */
const ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const TOKEN = '<soap:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken><wsse:Username>gerbang</wsse:Username><wsse:Password Type="#PasswordText">rahasia</wsse:Password></wsse:UsernameToken></wsse:Security></soap:Header>';
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, parseTagValue: false });

function envelope(body: string, header = TOKEN, ns = ENV): string {
  return `<?xml version="1.0"?><soap:Envelope xmlns:soap="${ns}" xmlns:b="${PROBE_NAMESPACE}">${header}<soap:Body>${body}</soap:Body></soap:Envelope>`;
}

describe('SOAP emulator base', () => {
  let emulator: RunningSoapEmulator;
  const logged: string[] = [];

  beforeAll(async () => {
    emulator = await startSoapEmulator(probeService(), { port: 0, credentials: { username: 'gerbang', password: 'rahasia' }, log: (l) => logged.push(l) });
  });
  afterAll(async () => emulator?.stop());

  const post = async (xml: string) => {
    const res = await fetch(emulator.url, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', SOAPAction: '""' }, body: xml });
    const text = await res.text();
    return { http: res.status, text, doc: parser.parse(text) as any };
  };
  const faultOf = (doc: any) => doc.Envelope.Body.Fault;

  it('serves a real WSDL describing its operations, at ?wsdl, counted as WSDL', async () => {
    const before = emulator.calls.of(WSDL_CALL);
    const res = await fetch(emulator.wsdlUrl);
    expect(res.headers.get('content-type')).toMatch(/text\/xml/);
    const wsdl = parser.parse(await res.text()) as any;
    const defs = wsdl.definitions;
    expect(defs['@_targetNamespace']).toBe(PROBE_NAMESPACE);
    const ops = defs.portType.operation.map((o: any) => o['@_name']);
    expect(ops).toEqual(['Ping', 'GetBarangList', 'GetBarang', 'CatatBarang', 'Rusak', 'Lambat']);
    expect(defs.binding.binding['@_style']).toBe('document');
    expect(defs.service.port.address['@_location']).toBe(emulator.url);
    const list = defs.types.schema.element.find((e: any) => e['@_name'] === 'GetBarangList');
    expect(list.complexType.sequence.element).toMatchObject({ '@_name': 'DaftarKode', '@_maxOccurs': 'unbounded' });
    expect(emulator.calls.of(WSDL_CALL) - before).toBe(1);
  });

  it('answers one operation per call in a namespaced envelope, counted per operation', async () => {
    const before = emulator.calls.of('GetBarangList');
    const { http, text, doc } = await post(envelope('<b:GetBarangList><b:DaftarKode>B001</b:DaftarKode><b:DaftarKode>B007</b:DaftarKode><b:DaftarKode>B999</b:DaftarKode></b:GetBarangList>'));
    expect(http).toBe(200);
    expect(text).toContain(`<GetBarangListResponse xmlns="${PROBE_NAMESPACE}">`);
    expect(text).toContain('<Nama xsi:nil="true"/>');
    expect(doc.Envelope.Body.GetBarangListResponse.Barang.map((b: any) => b.Kode)).toEqual(['B001', 'B007']);
    expect(emulator.calls.of('GetBarangList') - before).toBe(1);
  });

  it('answers failures as soap:Fault with HTTP 500, the legacy code in detail', async () => {
    const notFound = await post(envelope('<b:GetBarang><b:Kode>B999</b:Kode></b:GetBarang>'));
    expect(notFound.http).toBe(500);
    expect(faultOf(notFound.doc)).toMatchObject({ faultcode: 'soap:Client', faultstring: 'DATA TIDAK DITEMUKAN', detail: { KesalahanLayanan: { Kode: 'E01' } } });
    const broken = await post(envelope('<b:Rusak/>'));
    expect(broken.http).toBe(500);
    expect(faultOf(broken.doc)).toMatchObject({ faultcode: 'soap:Server', faultstring: 'KESALAHAN SISTEM', detail: { KesalahanLayanan: { Kode: 'E99' } } });
    expect(broken.text).not.toMatch(/disk full/);
    expect(logged.some((l) => l.includes('disk full'))).toBe(true);
    expect(faultOf((await post(envelope('<b:Hapus/>'))).doc).detail.KesalahanLayanan.Kode).toBe('E05');
    expect(faultOf((await post(envelope('<b:Ping/><b:Ping/>'))).doc).detail.KesalahanLayanan.Kode).toBe('E06');
    expect(faultOf((await post('<not xml')).doc).detail.KesalahanLayanan.Kode).toBe('E06');
    expect(faultOf((await post('{"json": true}')).doc).detail.KesalahanLayanan.Kode).toBe('E06');
    const soap12 = await post(envelope('<b:Ping/>', TOKEN, 'http://www.w3.org/2003/05/soap-envelope'));
    expect(faultOf(soap12.doc).faultcode).toBe('soap:VersionMismatch');
    expect(faultOf((await post(envelope('<b:CatatBarang><b:Referensi>R-1</b:Referensi><b:Nama>X</b:Nama></b:CatatBarang>'))).doc)).toBeUndefined();
    expect(faultOf((await post(envelope('<b:CatatBarang><b:Referensi>R-1</b:Referensi><b:Nama>X</b:Nama></b:CatatBarang>'))).doc).detail.KesalahanLayanan.Kode).toBe('E03');
  });

  it('refuses a call without the right UsernameToken with E04', async () => {
    expect(faultOf((await post(envelope('<b:Ping/>', ''))).doc).detail.KesalahanLayanan.Kode).toBe('E04');
    expect(faultOf((await post(envelope('<b:Ping/>', TOKEN.replace('rahasia', 'rahasiA')))).doc).detail.KesalahanLayanan.Kode).toBe('E04');
  });

  it('slows answers on demand (all, or one operation), stops for real and starts again on the same port', async () => {
    emulator.setLatency(200, 'GetBarangList');
    let started = performance.now();
    await post(envelope('<b:Ping/>'));
    expect(performance.now() - started).toBeLessThan(180);
    started = performance.now();
    await post(envelope('<b:GetBarangList/>'));
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    emulator.setLatency(0);
    const port = emulator.port;
    await emulator.stop();
    expect(emulator.running).toBe(false);
    await expect(fetch(emulator.wsdlUrl)).rejects.toThrow();
    await emulator.restart();
    expect(emulator.port).toBe(port);
    expect((await post(envelope('<b:Ping/>'))).doc.Envelope.Body.PingResponse.Waktu).toBe('29-11-2026 10:00:00');
  });
});
