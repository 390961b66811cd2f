import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateHopKeyPair, HopSigner, HopVerifier } from '@core/context/hop-keys';
import { CONTEXT_HEADER, hopCallClaims, signHop } from '@core/context/hop-token';
import { siakEmulator } from '@sim/siak/emulator';
import { seededStorage, testBackend, type TestLegacyStorage } from '../support/legacy-databases';
import { postGraphQL, startStack, type Stack } from '../support/stack';

/**
 * Hops that cannot be forged or replayed, through the real gateway and subgraph: what the gateway
 * sends is good for one call, to one subgraph, with one body, for seconds; a subgraph that does not
 * trust the gateway's key says so on /readyz; keys rotate under load without a failed request.
 */
describe(`hop tokens between gateway and subgraph (${testBackend()})`, () => {
  let legacy: TestLegacyStorage;
  let nik: string;
  const keysDir = mkdtempSync(join(tmpdir(), 'gerbang-hop-keys-'));

  beforeAll(async () => {
    legacy = await seededStorage('hops', [siakEmulator]);
    const officer = legacy.open('siak');
    nik = ((await officer('BIODATA_WNI').select('NIK').orderBy('NIK').first()) as { NIK: string }).NIK;
  });

  afterAll(async () => {
    await legacy?.cleanup();
    rmSync(keysDir, { recursive: true, force: true });
  });

  /** Writes a private key file and a JWKS file of the given public keys; returns their paths. */
  function keyFiles(name: string, signWith: { privateKeyPem: string }, trusted: Array<{ publicJwk: object }>) {
    const privateFile = join(keysDir, `${name}-private.pem`);
    const jwksFile = join(keysDir, `${name}-public.jwks.json`);
    writeFileSync(privateFile, signWith.privateKeyPem);
    chmodSync(privateFile, 0o600);
    writeFileSync(jwksFile, JSON.stringify({ keys: trusted.map((k) => k.publicJwk) }));
    return { privateFile, jwksFile };
  }

  describe('in development mode', () => {
    let stack: Stack;
    const captured: Array<{ headers: IncomingHttpHeaders; body: string }> = [];

    beforeAll(async () => {
      stack = await startStack(legacy.storage);
      // Watch what the gateway sends, as someone on the network between them would.
      stack.subgraphHttp.prependListener('request', (req) => {
        if (req.method !== 'POST') return;
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => captured.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
    });

    afterAll(async () => {
      await stack?.stop();
    });

    async function replay(headers: IncomingHttpHeaders, body: string) {
      const res = await fetch(`${stack.subgraphUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', [CONTEXT_HEADER]: String(headers[CONTEXT_HEADER]) }, body });
      return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: Array<{ extensions?: Record<string, unknown> }> } };
    }

    it('refuses a captured header sent again, or with another query', async () => {
      captured.length = 0;
      const { body } = await postGraphQL(stack.gatewayUrl, `{ resident(nik: "${nik}") { nik name } }`);
      expect(body.data!.resident.nik).toBe(nik);
      await new Promise((r) => setTimeout(r, 50));
      expect(captured).toHaveLength(1);
      const [call] = captured;

      const again = await replay(call!.headers, call!.body);
      expect(again.status).toBe(401);
      expect(again.body.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REPLAYED' });
      expect(again.body.data ?? null).toBeNull();

      const otherQuery = call!.body.replace('name', 'birthDate');
      expect((await replay(call!.headers, otherQuery)).body.errors![0]!.extensions).toMatchObject({ reason: 'BODY_MISMATCH' });
    });

    it('refuses a header past its lifetime, one dated in the future, and one made for another subgraph', async () => {
      const signer = HopSigner.development();
      const body = JSON.stringify({ query: `{ resident(nik: "${nik}") { nik } }` });
      const context = { requestId: 'r', principal: { kind: 'anonymous' as const }, tenant: 'tangsel' };
      const send = async (token: string) => {
        const res = await fetch(`${stack.subgraphUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', [CONTEXT_HEADER]: token }, body });
        return { status: res.status, reason: ((await res.json()) as { errors?: Array<{ extensions?: { reason?: string } }> }).errors?.[0]?.extensions?.reason };
      };
      const claims = hopCallClaims(context, { audience: 'population', body, deadlineMs: 1_000 });
      expect(await send(signHop(claims, signer, Date.now() - 15_000))).toEqual({ status: 401, reason: 'EXPIRED' });
      expect(await send(signHop(claims, signer, Date.now() + 60_000))).toEqual({ status: 401, reason: 'ISSUED_IN_FUTURE' });
      expect(await send(signHop({ ...claims, aud: 'civil-registry' }, signer))).toEqual({ status: 401, reason: 'WRONG_AUDIENCE' });
      // The same token made properly is accepted: the refusals above are about time and audience.
      expect((await send(signHop(claims, signer))).status).toBe(200);
    });
  });

  it('refuses the built-in development key outside development mode', async () => {
    const real = generateHopKeyPair();
    const files = keyFiles('outside-dev', real, [real]);
    const stack = await startStack(legacy.storage, { gatewayEnv: { GERBANG_HOP_PRIVATE_KEY_FILE: files.privateFile }, verifier: HopVerifier.fromFile(files.jwksFile) });
    try {
      const { body } = await postGraphQL(stack.gatewayUrl, `{ resident(nik: "${nik}") { nik } }`);
      expect(body.data!.resident.nik).toBe(nik);
      const forged = JSON.stringify({ query: `{ resident(nik: "${nik}") { nik name } }` });
      const token = signHop(hopCallClaims({ requestId: 'x', principal: { kind: 'user', id: 'admin', roles: ['ADMIN'] }, tenant: 'batang' }, { audience: 'population', body: forged, deadlineMs: 1_000 }), HopSigner.development());
      const res = await fetch(`${stack.subgraphUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', [CONTEXT_HEADER]: token }, body: forged });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED', reason: 'DEV_KEY_REFUSED' } }] });
    } finally {
      await stack.stop();
    }
  });

  it('reports a key mismatch as not ready with the reason, and answers calls with a non-retryable CONFIGURATION_ERROR', async () => {
    const gatewayKey = generateHopKeyPair();
    const otherKey = generateHopKeyPair();
    const files = keyFiles('mismatch', gatewayKey, [otherKey]);
    const stack = await startStack(legacy.storage, { gatewayEnv: { GERBANG_HOP_PRIVATE_KEY_FILE: files.privateFile }, verifier: HopVerifier.fromFile(files.jwksFile) });
    try {
      const ready = await fetch(`${stack.gatewayUrl}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'not ready', subgraphs: { population: "refuses the gateway's signature (UNKNOWN_KEY)" }, legacy: { siak: 'ready' } });
      const { text, body } = await postGraphQL(stack.gatewayUrl, `{ resident(nik: "${nik}") { nik } }`);
      expect(body.errors![0]!.extensions).toMatchObject({ code: 'CONFIGURATION_ERROR', retryable: false });
      expect(text).not.toMatch(/kid|UNKNOWN_KEY|JWKS|127\.0\.0\.1/);
    } finally {
      await stack.stop();
    }
  });

  it('rotates the gateway\'s key under load without a failed request', async () => {
    const oldKey = generateHopKeyPair();
    const newKey = generateHopKeyPair();
    // Step 1 of a rotation: the subgraphs trust both keys; the gateway still signs with the old one.
    const files = keyFiles('rotation', oldKey, [oldKey, newKey]);
    const verifier = HopVerifier.fromFile(files.jwksFile);
    const stack = await startStack(legacy.storage, { gatewayEnv: { GERBANG_HOP_PRIVATE_KEY_FILE: files.privateFile }, verifier });
    const signer = stack.gatewayConfig.signer;
    expect(signer.kid).toBe(oldKey.kid);
    const outcomes: string[] = [];
    let running = true;
    const client = async () => {
      while (running) {
        const { status, body } = await postGraphQL(stack.gatewayUrl, `{ resident(nik: "${nik}") { nik } }`);
        outcomes.push(status === 200 && body.data?.resident?.nik === nik && !body.errors ? 'ok' : JSON.stringify(body.errors));
      }
    };
    // Each step lasts until twenty more requests have been answered (however busy the machine is).
    const whileServing = async (count = 20) => {
      const until = outcomes.length + count;
      for (let waited = 0; outcomes.length < until && waited < 15_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    };
    try {
      const clients = Array.from({ length: 8 }, client);
      await whileServing();
      // Step 2: the gateway switches to the new key (its file replaced, then reloaded).
      writeFileSync(files.privateFile, newKey.privateKeyPem);
      expect(signer.reload()).toMatchObject({ ok: true, changed: true });
      expect(signer.kid).toBe(newKey.kid);
      await whileServing();
      // Step 3: the old key leaves the subgraphs' key set.
      writeFileSync(files.jwksFile, JSON.stringify({ keys: [newKey.publicJwk] }));
      expect(verifier.reload()).toMatchObject({ ok: true, changed: true });
      await whileServing();
      running = false;
      await Promise.all(clients);
      expect(outcomes.length).toBeGreaterThanOrEqual(60);
      expect(outcomes.filter((o) => o !== 'ok')).toEqual([]);
      // And the old key is no longer accepted.
      const body = JSON.stringify({ query: '{ __typename }' });
      const stale = signHop(hopCallClaims({ requestId: 'x', principal: { kind: 'anonymous' }, tenant: 'tangsel' }, { audience: 'population', body, deadlineMs: 1_000 }), HopSigner.fromPrivateKey(oldKey.privateKeyPem));
      const res = await fetch(`${stack.subgraphUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', [CONTEXT_HEADER]: stale }, body });
      expect(await res.json()).toMatchObject({ errors: [{ extensions: { reason: 'UNKNOWN_KEY' } }] });
    } finally {
      running = false;
      await stack.stop();
    }
  });
});
