import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Cancelled, deadlineIn, startDeadline } from '@core/deadline';
import { GerbangError } from '@core/errors';
import { startSoapEmulator, WSDL_CALL, type RunningSoapEmulator } from '@sim/base/soap';
import { probeService } from '@sim/base/soap/probe-service';
import { faultOf, resilienceSettings, type ResilienceInput } from '../resilience';
import { SoapLegacyClient } from './client';

/**
 * The SOAP base under faults, against a real emulator built on legacy-sim/base/soap (a probe app
 * with a few operations), through the `soap` package: WSDL read once, faults, timeouts, deadlines,
 * a caller who leaves, the server stopped and started again, the breaker.
 */
const CREDENTIALS = { username: 'gerbang', password: 'rahasia' };
const OPERATIONS = { Ping: 'read', GetBarangList: 'read', GetBarang: 'read', Rusak: 'read', Lambat: 'read', CatatBarang: 'write' } as const;

async function failure(promise: Promise<unknown>): Promise<{ error: GerbangError; ms: number }> {
  const started = performance.now();
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof GerbangError)) throw new Error(`expected a GerbangError, got ${String(error)}`);
  return { error, ms: performance.now() - started };
}

const unhurried = () => deadlineIn(10_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Barang { Kode: string; Nama?: string; Jumlah?: number }

describe('SOAP legacy client against a running SOAP emulator', () => {
  let emulator: RunningSoapEmulator;
  const clients: SoapLegacyClient[] = [];
  const connect = (input: ResilienceInput = {}, credentials = CREDENTIALS) => {
    const client = new SoapLegacyClient('probe-soap', {
      url: emulator.url,
      credentials,
      operations: OPERATIONS,
      pingOperation: 'Ping',
      resilience: resilienceSettings({ timeoutMs: 2_000, backoffInitialMs: 10, backoffMaxMs: 40, ...input }),
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    emulator = await startSoapEmulator(probeService(), { port: 0, credentials: CREDENTIALS, log: () => undefined });
  });

  afterEach(async () => {
    emulator.setLatency(0);
    await emulator.restart();
  });

  afterAll(async () => {
    clients.forEach((c) => c.close());
    await emulator?.stop();
  });

  it('reads the WSDL once, then one call per operation for many keys', async () => {
    const client = connect();
    const wsdlBefore = emulator.calls.of(WSDL_CALL);
    const before = emulator.calls.of('GetBarangList');
    const found = await client.call<{ Barang: Barang[] }>('GetBarangList', { DaftarKode: ['B001', 'B007', 'B999'] }, unhurried());
    expect(found?.Barang.map((b) => b.Kode)).toEqual(['B001', 'B007']);
    // The nil name is left out, the xsd:int is a number.
    expect(found?.Barang[1]).toEqual({ Kode: 'B007', Jumlah: 7 });
    expect(emulator.calls.of('GetBarangList') - before).toBe(1);
    await client.call('GetBarangList', { DaftarKode: ['B002'] }, unhurried());
    await client.ping(unhurried());
    expect(emulator.calls.of(WSDL_CALL) - wsdlBefore).toBe(1);
    // Nothing found is an empty response element.
    expect(await client.call('GetBarangList', { DaftarKode: ['B999'] }, unhurried())).toBeNull();
  });

  it('turns a soap:Fault into LEGACY_UNAVAILABLE with the legacy code only in the cause; a refusal is not tried again', async () => {
    const client = connect({ retries: 2 });
    const before = emulator.calls.of('GetBarang');
    const { error } = await failure(client.call('GetBarang', { Kode: 'B999' }, unhurried()));
    expect(error.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'probe-soap' });
    expect(faultOf(error)).toMatchObject({ kind: 'rejected', legacyStatus: 'E01', httpStatus: 500 });
    expect(emulator.calls.of('GetBarang') - before).toBe(1);
    expect(client.health()).toBe('up');
    // A failure inside the app (soap:Server) is tried again, and held against it.
    const brokenBefore = emulator.calls.of('Rusak');
    const broken = (await failure(client.call('Rusak', {}, unhurried()))).error;
    expect(faultOf(broken)).toMatchObject({ kind: 'unavailable', legacyStatus: 'E99' });
    expect(broken.message).not.toMatch(/E99|KESALAHAN|127\.0\.0\.1|\/ws/);
    expect(JSON.stringify(broken.extensions)).not.toMatch(/E99|127\.0\.0\.1/);
    expect(emulator.calls.of('Rusak') - brokenBefore).toBe(3);
    expect(client.health()).toBe('down');
  });

  it('sends a write once, even when it fails, and hands back the faults the caller expects', async () => {
    const client = connect({ retries: 3 });
    const before = emulator.calls.of('CatatBarang');
    await failure(client.call('CatatBarang', { Referensi: 'RUSAK', Nama: 'X' }, unhurried()));
    expect(emulator.calls.of('CatatBarang') - before).toBe(1);
    expect(await client.call<{ Kode: string }>('CatatBarang', { Referensi: 'REF-1', Nama: 'BARU' }, unhurried())).toEqual({ Kode: expect.stringMatching(/^N\d{3}$/) });
    const again = await client.callAccepting('CatatBarang', { Referensi: 'REF-1', Nama: 'BARU' }, unhurried(), ['E03']);
    expect(again).toEqual({ fault: { faultcode: 'soap:Client', faultstring: 'REFERENSI SUDAH TERDAFTAR', code: 'E03' } });
    // Without accepting it, the same fault is a refusal.
    expect(faultOf((await failure(client.call('CatatBarang', { Referensi: 'REF-1', Nama: 'BARU' }, unhurried()))).error)?.legacyStatus).toBe('E03');
  });

  it('is unusable with the wrong credentials: LEGACY_UNAVAILABLE held against the app, nothing of the key in the message', async () => {
    const client = connect({ retries: 0 }, { username: 'gerbang', password: 'salah-sandi' });
    const { error } = await failure(client.ping(unhurried()));
    expect(error.code).toBe('LEGACY_UNAVAILABLE');
    expect(faultOf(error)).toMatchObject({ kind: 'unavailable', legacyStatus: 'E04' });
    expect(error.message).not.toMatch(/salah-sandi/);
    expect(client.health()).toBe('down');
  });

  it('answers LEGACY_TIMEOUT at the app timeout when the app is slow, well within the deadline', async () => {
    const client = connect({ timeoutMs: 150, retries: 1 });
    await client.ping(unhurried());
    emulator.setLatency(1_500);
    const { error, ms } = await failure(client.call('GetBarang', { Kode: 'B001' }, deadlineIn(1_500)));
    expect(error.extensions).toMatchObject({ code: 'LEGACY_TIMEOUT', app: 'probe-soap' });
    expect(ms).toBeGreaterThanOrEqual(280);
    expect(ms).toBeLessThan(1_200);
    expect(client.callCount).toBe(3);
  });

  it('answers DEADLINE_EXCEEDED at the deadline when that is shorter than the app timeout, and drops the late answer', async () => {
    const client = connect({ timeoutMs: 5_000 });
    await client.ping(unhurried());
    const { error, ms } = await failure(client.call('Lambat', {}, deadlineIn(200)));
    expect(error.extensions).toMatchObject({ code: 'DEADLINE_EXCEEDED', waitingFor: 'probe-soap' });
    expect(ms).toBeGreaterThanOrEqual(190);
    expect(ms).toBeLessThan(700);
    expect(client.health()).toBe('up');
  });

  it('bounds the first call, WSDL download included, by the deadline', async () => {
    const client = connect({ timeoutMs: 5_000 });
    emulator.setLatency(1_000);
    const { error, ms } = await failure(client.ping(deadlineIn(200)));
    expect(error.code).toBe('DEADLINE_EXCEEDED');
    expect(ms).toBeLessThan(700);
  });

  it('ends the call at once when the caller hangs up, and sends nothing after', async () => {
    const client = connect({ timeoutMs: 5_000 });
    await client.ping(unhurried());
    const request = startDeadline(10_000);
    const pending = failure(client.call('Lambat', {}, request.deadline));
    await sleep(100);
    const left = performance.now();
    request.callerLeft();
    const { error } = await pending;
    expect(performance.now() - left).toBeLessThan(100);
    expect(error.code).toBe('DEADLINE_EXCEEDED');
    expect((error.originalError as Cancelled).reason).toBe('CALLER_LEFT');
    const before = emulator.calls.total;
    await failure(client.call('GetBarang', { Kode: 'B001' }, request.deadline));
    expect(emulator.calls.total).toBe(before);
  });

  it('answers LEGACY_UNAVAILABLE fast when the app is stopped (WSDL not read yet, or read), and recovers once it is started again', async () => {
    const fresh = connect({ retries: 1, breakerThreshold: 100 });
    const known = connect({ retries: 1, breakerThreshold: 100 });
    await known.ping(unhurried());
    await emulator.stop();
    for (const client of [fresh, known]) {
      const { error, ms } = await failure(client.call('GetBarang', { Kode: 'B001' }, unhurried()));
      expect(error.code).toBe('LEGACY_UNAVAILABLE');
      expect(error.message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
      expect(ms).toBeLessThan(500);
      expect(client.health()).toBe('down');
    }
    await emulator.restart();
    for (const client of [fresh, known]) {
      expect(await client.call('GetBarang', { Kode: 'B001' }, unhurried())).toEqual({ Barang: { Kode: 'B001', Nama: 'BARANG 1' } });
      expect(client.health()).toBe('up');
    }
  });

  it('opens the breaker: after the threshold, calls fail at once without reaching the app; it half-opens and recovers', async () => {
    const client = connect({ retries: 0, breakerThreshold: 3, halfOpenAfterMs: 300 });
    for (let i = 0; i < 3; i += 1) await failure(client.call('Rusak', {}, unhurried()));
    const before = emulator.calls.total;
    const { error, ms } = await failure(client.call('GetBarang', { Kode: 'B001' }, unhurried()));
    expect(error.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', reason: 'BREAKER_OPEN' });
    expect(ms).toBeLessThan(50);
    expect(emulator.calls.total).toBe(before);
    expect(client.health()).toBe('breaker-open');
    await sleep(350);
    expect(await client.call('GetBarang', { Kode: 'B001' }, unhurried())).toMatchObject({ Barang: { Kode: 'B001' } });
    expect(client.health()).toBe('up');
  });

  it('refuses operations it was not built with', async () => {
    const client = connect();
    await expect(client.call('Hapus', {}, unhurried())).rejects.toThrow(/not declared/);
    expect(() => new SoapLegacyClient('x', { url: emulator.url, operations: { CatatBarang: 'write' }, pingOperation: 'CatatBarang', resilience: resilienceSettings() })).toThrow(/must be a declared read/);
  });
});

describe('SOAP legacy client against an app that answers nonsense', () => {
  let server: Server;
  let wsdl = '';
  let answer = { status: 200, body: 'not xml' };
  let emulator: RunningSoapEmulator;

  beforeAll(async () => {
    // The real WSDL, served by a broken app that answers calls with whatever the test sets.
    emulator = await startSoapEmulator(probeService(), { port: 0 });
    wsdl = await (await fetch(emulator.wsdlUrl)).text();
    await emulator.stop();
    server = createServer((req, res) => {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        return res.end(wsdl);
      }
      req.resume();
      res.writeHead(answer.status, { 'content-type': 'text/xml' });
      res.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each([
    [200, 'not xml'],
    [500, '<html><body>Internal Server Error</body></html>'],
    [503, ''],
    [200, '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'],
  ])('HTTP %s with %s is LEGACY_UNAVAILABLE', async (status, body) => {
    answer = { status, body };
    const client = new SoapLegacyClient('probe-junk', {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ws`,
      operations: OPERATIONS,
      pingOperation: 'Ping',
      resilience: resilienceSettings({ retries: 0 }),
    });
    try {
      const { error } = await failure(client.call('GetBarang', { Kode: 'B001' }, unhurried()));
      expect(error.code).toBe('LEGACY_UNAVAILABLE');
      expect(faultOf(error)?.kind).toBe('unavailable');
    } finally {
      client.close();
    }
  });
});
