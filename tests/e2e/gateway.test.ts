import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { locateAuditDatabase } from '@core/audit';
import type { LegacyStorage } from '@core/config/shared';
import { createLogger } from '@core/log';
import { dropAppDatabase } from '@core/sql/app-database';
import { SUPERGRAPH_PATH } from '@core/schema/subgraphs';
import { issueToken } from '../../gateway/src/auth/issue-token';
import { loadGatewayConfig } from '../../gateway/src/config';
import { createGatewayServer } from '../../gateway/src/server';
import { siakEmulator } from '@sim/siak/emulator';
import { editResident } from '@sim/siak/back-office';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { postGraphQL, startStack, type Stack } from '../support/stack';

/** End to end: a client, the gateway, the population subgraph, the SIAK adapter and emulator. */
describe(`gateway end to end (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let officer: Knex;
  let stack: Stack;
  let head: { NIK: string; NO_KK: string };

  beforeAll(async () => {
    legacy = await seededStorage('e2e', [siakEmulator]);
    officer = legacy.open('siak');
    stack = await startStack(legacy.storage);
    head = (await officer('BIODATA_WNI').select('NIK', 'NO_KK').where({ STAT_HBKEL: 1 }).orderBy('NIK').first()) as { NIK: string; NO_KK: string };
  });

  afterAll(async () => {
    await stack?.stop();
    await legacy?.cleanup();
  });

  it('serves a resident by NIK with decoded data through the gateway', async () => {
    const { status, body } = await postGraphQL(stack.gatewayUrl, `query ($nik: String!) { resident(nik: $nik) {
      nik name sex birthDate relationship family { number members { nik relationship } } address { rt kecamatan { name } } } }`, { nik: head.NIK });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data!.resident).toMatchObject({ nik: head.NIK, relationship: 'HEAD', family: { number: head.NO_KK } });
    expect(body.data!.resident.family.members[0].nik).toBe(head.NIK);
    expect(body.data!.resident.address.kecamatan.name).toMatch(/^[A-Z ]+$/);
  });

  it('passes BAD_USER_INPUT from the subgraph to the client with its reason', async () => {
    const { body } = await postGraphQL(stack.gatewayUrl, '{ resident(nik: "36740117088500") { nik } }');
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'nik', reason: 'NOT_16_DIGITS' });
  });

  it('shows an officer\'s change in SIAK on the next query through the gateway', async () => {
    await editResident(officer, head.NIK, { NAMA_LGKP: 'KEPALA  KELUARGA BARU' });
    const { body } = await postGraphQL(stack.gatewayUrl, `{ resident(nik: "${head.NIK}") { name updatedAt } }`);
    expect(body.data!.resident.name).toBe('KEPALA KELUARGA BARU');
    expect(body.data!.resident.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('carries the principal, tenant, its own request id and the client\'s correlation id to the subgraph', async () => {
    stack.seen.length = 0;
    const { headers } = await postGraphQL(stack.gatewayUrl, `{ resident(nik: "${head.NIK}") { nik } }`, {}, { 'x-request-id': 'kecamatan-app-42' });
    // The client's id is kept beside the gateway's own, never instead of it (the audit trail relies on it).
    const requestId = headers.get('x-request-id')!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers.get('x-correlation-id')).toBe('kecamatan-app-42');
    expect(stack.seen).toEqual([{ requestId, correlationId: 'kecamatan-app-42', principal: expect.objectContaining({ kind: 'user', id: 'test-administrator' }), tenant: 'tangsel', purpose: 'automated test' }]);
  });

  it('authenticates a caller\'s token and carries its principal and tenant to the subgraph', async () => {
    stack.seen.length = 0;
    const token = await issueToken({ sub: 'officer-7', roles: ['OFFICER'], tenant: 'tangsel', region: '36.74' });
    const { body } = await postGraphQL(stack.gatewayUrl, `{ resident(nik: "${head.NIK}") { nik } }`, {}, { authorization: `Bearer ${token}`, 'x-purpose': 'counter service' });
    expect(body.errors).toBeUndefined();
    expect(stack.seen[0]).toMatchObject({ tenant: 'tangsel', purpose: 'counter service', principal: { kind: 'user', id: 'officer-7', roles: ['OFFICER'], region: '36.74' } });
    const expired = await issueToken({ sub: 'officer-7', roles: ['OFFICER'], tenant: 'tangsel', ttlS: 60 }, undefined, Date.now() - 3_600_000);
    const refused = await postGraphQL(stack.gatewayUrl, `{ resident(nik: "${head.NIK}") { nik } }`, {}, { authorization: `Bearer ${expired}` });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'EXPIRED' });
    expect(refused.body.data ?? null).toBeNull();
  });

  it('keeps tenants apart: a Batang officer\'s token reaches nothing of Tangsel\'s register', async () => {
    const token = await issueToken({ sub: 'officer-batang-1', roles: ['OFFICER'], tenant: 'batang', region: '33.25.01' });
    const { text, body } = await postGraphQL(stack.gatewayUrl, `{ resident(nik: "${head.NIK}") { nik name } family(number: "${head.NO_KK}") { headName } }`, {}, { authorization: `Bearer ${token}`, 'x-purpose': 'counter service' });
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'TENANT_NOT_SERVED' });
    expect(body.data?.resident ?? null).toBeNull();
    expect(text).not.toContain(head.NIK);
  });

  it('refuses a subgraph call that did not come through the gateway', async () => {
    const { status, body } = await postGraphQL(stack.subgraphUrl, `{ resident(nik: "${head.NIK}") { nik name } }`, {}, { 'x-gerbang-context': 'forged.signature' });
    expect(status).toBe(401);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(body.data ?? null).toBeNull();
  });

  it('serves GraphiQL from its own assets, with nothing loaded from the internet', async () => {
    const res = await fetch(`${stack.gatewayUrl}/`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('GraphiQL');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const assets = [...html.matchAll(/(?:src|href)="(\/graphiql\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toHaveLength(4);
    for (const asset of assets) {
      const r = await fetch(`${stack.gatewayUrl}${asset}`);
      expect(r.status).toBe(200);
      expect((await r.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
  });

  it('answers /healthz and /readyz naming each subgraph and legacy app, and serves metrics only on the admin listener', async () => {
    expect((await fetch(`${stack.gatewayUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${stack.gatewayUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', subgraphs: { population: 'ready' }, legacy: { siak: 'ready' } });
    expect((await fetch(`${stack.gatewayUrl}/metrics`)).status).toBe(404);
    expect((await fetch(`${stack.subgraphUrl}/metrics`)).status).toBe(404);
    const metrics = await (await fetch(`${stack.subgraphAdminUrl}/metrics`)).text();
    expect(metrics).toMatch(/gerbang_legacy_statements_total\{app="siak"\} \d+/);
    expect(await (await fetch(`${stack.gatewayAdminUrl}/metrics`)).text()).toMatch(/gerbang_process_/);
  });

  it('answers malformed HTTP requests with clear errors', async () => {
    const post = (body: string) => fetch(`${stack.gatewayUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const tooLarge = await post(JSON.stringify({ query: `{ __typename } #${'x'.repeat(1_100_000)}` }));
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    const notJson = await post('{ "query": ');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    const unknown = await fetch(`${stack.gatewayUrl}/graphq`);
    expect(unknown.status).toBe(404);
    const invalid = await postGraphQL(stack.gatewayUrl, '{ resident(nik: "3674011708850003") { noSuchField } }');
    expect(invalid.body.errors![0]!.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('reports an unreachable subgraph as SUBGRAPH_UNAVAILABLE, without its address, and as not ready', async () => {
    await stack.stopSubgraph();
    const { text, body } = await postGraphQL(stack.gatewayUrl, `{ resident(nik: "${head.NIK}") { nik } }`);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE' });
    expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|fetch failed/);
    const ready = await fetch(`${stack.gatewayUrl}/readyz`);
    expect(ready.status).toBe(503);
    // Its legacy app is still named (its state unknown), not dropped from the estate.
    expect(await ready.json()).toEqual({ status: 'not ready', subgraphs: { population: 'unreachable' }, legacy: { siak: 'unknown' } });
  });
});

describe(`gateway on a configured supergraph path (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;

  beforeAll(async () => {
    legacy = await seededStorage('e2e-path', [siakEmulator]);
  });

  afterAll(async () => {
    await legacy?.cleanup();
  });

  it('serves the supergraph file it is given', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gerbang-supergraph-')), 'bench.graphql');
    copyFileSync(SUPERGRAPH_PATH, path);
    const stack = await startStack(legacy.storage, { gatewayEnv: { GERBANG_SUPERGRAPH_PATH: path } });
    try {
      const { body } = await postGraphQL(stack.gatewayUrl, '{ residents(filter: { regionCode: "36.74.07" }, first: 1) { edges { node { nik } } } }');
      expect(body.errors).toBeUndefined();
      expect(body.data!.residents.edges).toHaveLength(1);
    } finally {
      await stack.stop();
    }
  });

  it('refuses to start without a readable supergraph, saying which path and what to do', async () => {
    const config = loadGatewayConfig({ GERBANG_DEV_MODE: '1', GERBANG_SUPERGRAPH_PATH: '/nonexistent/supergraph.graphql' });
    await expect(createGatewayServer(config, createLogger('test', 'silent'))).rejects.toThrow(/\/nonexistent\/supergraph\.graphql \(ENOENT\); run `npm run compose`/);
  });
});

describe(`gateway when SIAK is down (${testBackend()})`, () => {
  let stack: Stack;
  let storage: LegacyStorage | undefined;
  let emptyDir: string | undefined;

  beforeAll(async () => {
    // Storage that holds no SIAK at all: the adapter must not create one and must say it is unavailable.
    storage = testBackend() === 'mysql'
      ? { mysqlUrl: process.env.MYSQL_URL, mysqlDatabasePrefix: `gt_absent_${process.pid}_`, dataDir: '/nonexistent' }
      : { mysqlUrl: undefined, mysqlDatabasePrefix: 'gerbang_', dataDir: (emptyDir = mkdtempSync(join(tmpdir(), 'gerbang-nosiak-'))) };
    stack = await startStack(storage);
  });

  afterAll(async () => {
    await stack?.stop();
    // The subgraph opened (and so created) its audit trail in this storage.
    if (storage) await dropAppDatabase(locateAuditDatabase(storage));
    if (emptyDir) rmSync(emptyDir, { recursive: true, force: true });
  });

  it('answers LEGACY_UNAVAILABLE naming the application, and readiness says which one', async () => {
    const { text, body } = await postGraphQL(stack.gatewayUrl, '{ resident(nik: "3674011708850003") { nik } }');
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'LEGACY_UNAVAILABLE', app: 'siak', retryable: true });
    expect(text).not.toMatch(/sqlite|ECONNREFUSED|Unknown database|gt_absent/i);
    const ready = await fetch(`${stack.gatewayUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'not ready', subgraphs: { population: 'not ready' }, legacy: { siak: 'unavailable' } });
  });
});
