import { spawnSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { join } from 'node:path';
import { DEVELOPMENT_ONLY_HOP_PRIVATE_KEY_PEM } from './dev-keys/development-hop-key';
import { DEVELOPMENT_HOP_KID, generateHopKeyPair, HopSigner, HopVerifier, publicJwkOf } from './hop-keys';
import {
  CONFIGURATION_REFUSALS,
  encodeHopHeader,
  HOP_REFUSAL_HINTS,
  hopBodyHash,
  hopCallClaims,
  hopProbeClaims,
  hopRefusalHint,
  hopUploadClaims,
  ReplayGuard,
  requestContextFromHop,
  signHop,
  verifyHop,
  type HopClaimsInput,
  type HopRefusal,
} from './hop-token';
import type { RequestContext } from './request-context';

const REPO_ROOT = join(__dirname, '..', '..');
const NOW = Date.UTC(2026, 0, 15, 8, 0, 0);
const BODY = JSON.stringify({ query: 'query R($nik: String!) { resident(nik: $nik) { name } }', variables: { nik: '3674030403870001' } });

const gatewayKey = generateHopKeyPair();
const signer = HopSigner.fromPrivateKey(gatewayKey.privateKeyPem);
const jwks = { keys: [gatewayKey.publicJwk] };
const freshVerifier = (options: { clockSkewSeconds?: number } = {}) => HopVerifier.fromJwks(jwks, options);

const context: RequestContext = {
  requestId: 'req-1',
  correlationId: 'kiosk-42',
  principal: { kind: 'user', id: 'officer-7', roles: ['KECAMATAN_OFFICER'], institution: 'kec-ciputat' },
  tenant: 'tangsel',
};
const callClaims = (overrides: Partial<HopClaimsInput> = {}): HopClaimsInput => ({ ...hopCallClaims(context, { audience: 'population', body: BODY, deadlineMs: 9_500 }), ...overrides });

function reasonOf(token: string | undefined, options: Partial<Parameters<typeof verifyHop>[1]> = {}): HopRefusal | 'OK' {
  const check = verifyHop(token, { audience: 'population', verifier: freshVerifier(), body: BODY, now: NOW, ...options });
  return check.ok ? 'OK' : check.reason;
}

/** Re-encodes a token's payload with a change, keeping the original header and signature. */
function tamper(token: string, change: (payload: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(claims);
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

describe('hop token', () => {
  it('round trip: the subgraph gets exactly what the gateway signed, for itself', () => {
    const token = signHop(callClaims(), signer, NOW);
    const check = verifyHop(token, { audience: 'population', verifier: freshVerifier(), body: BODY, now: NOW });
    if (!check.ok) throw new Error(check.reason);
    expect(check.claims).toMatchObject({ aud: 'population', rid: 'req-1', cid: 'kiosk-42', t: 'tangsel', dl: 9_500, k: 'call', bh: hopBodyHash(BODY) });
    expect(check.claims.exp - check.claims.iat).toBe(10);
    expect(check.claims.iat).toBe(Math.floor(NOW / 1000));
    expect(check.claims.jti).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(requestContextFromHop(check.claims)).toEqual(context);
  });

  it('is a compact JWS with the agreed header', () => {
    const token = signHop(callClaims(), signer, NOW);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'ES256', kid: gatewayKey.kid, typ: 'gerbang-hop+jwt' });
    expect(Buffer.from(signature, 'base64url')).toHaveLength(64);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toHaveProperty('aud', 'population');
  });

  it('gives every call its own jti', () => {
    const jtis = new Set(Array.from({ length: 2_000 }, () => JSON.parse(Buffer.from(signHop(callClaims(), signer, NOW).split('.')[1]!, 'base64url').toString()).jti));
    expect(jtis.size).toBe(2_000);
  });

  // jose is the reference JOSE library (a dependency: the gateway verifies end users' tokens with
  // it); verifying with it shows the token is standard JWS (RFC 7515/8037), not a look-alike. It
  // runs in a child node process, as an independent consumer would.
  it.each(['ES256', 'EdDSA'] as const)('verifies with the jose library (compactVerify with the public JWK), %s', (alg) => {
    const pair = generateHopKeyPair(alg);
    const token = signHop(callClaims(), HopSigner.fromPrivateKey(pair.privateKeyPem), NOW);
    const script = `
      import { compactVerify, importJWK } from 'jose';
      const [token, jwk] = JSON.parse(process.argv[1]);
      const key = await importJWK(jwk, jwk.alg);
      const { payload, protectedHeader } = await compactVerify(token, key, { algorithms: [jwk.alg] });
      process.stdout.write(JSON.stringify({ header: protectedHeader, claims: JSON.parse(new TextDecoder().decode(payload)) }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify([token, pair.publicJwk])], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { header: Record<string, unknown>; claims: Record<string, unknown> };
    expect(out.header).toEqual({ alg, kid: pair.kid, typ: 'gerbang-hop+jwt' });
    expect(out.claims).toMatchObject({ aud: 'population', rid: 'req-1', t: 'tangsel' });
  });

  it('takes its algorithm from the key: an Ed25519 gateway key still signs and is verified, beside an ES256 one (a rotation between them)', () => {
    const old = generateHopKeyPair('EdDSA');
    const verifier = HopVerifier.fromJwks({ keys: [old.publicJwk, gatewayKey.publicJwk] });
    for (const [pair, alg] of [[old, 'EdDSA'], [gatewayKey, 'ES256']] as const) {
      const token = signHop(callClaims(), HopSigner.fromPrivateKey(pair.privateKeyPem), NOW);
      expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg, kid: pair.kid });
      expect(verifyHop(token, { audience: 'population', verifier, body: BODY, now: NOW }).ok).toBe(true);
    }
  });

  it('refuses a token whose header names another algorithm than its key has (no algorithm confusion)', () => {
    const token = signHop(callClaims(), signer, NOW);
    const [, payload, signature] = token.split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: gatewayKey.kid, typ: 'gerbang-hop+jwt' })).toString('base64url');
    expect(reasonOf(`${header}.${payload}.${signature}`)).toBe('BAD_SIGNATURE');
    // An Ed25519 signature over the same input, under the ES256 key's kid, is refused too.
    const intruder = generateKeyPairSync('ed25519').privateKey;
    const forged = sign(null, Buffer.from(`${header}.${payload}`, 'latin1'), intruder).toString('base64url');
    expect(reasonOf(`${header}.${payload}.${forged}`)).toBe('BAD_SIGNATURE');
  });

  describe('refuses', () => {
    it('a missing or malformed header', () => {
      expect(reasonOf(undefined)).toBe('MISSING');
      expect(reasonOf('')).toBe('MISSING');
      expect(reasonOf('nodots')).toBe('MALFORMED');
      expect(reasonOf('a.b')).toBe('MALFORMED');
      expect(reasonOf('a.b.c.d')).toBe('MALFORMED');
      expect(reasonOf('a..c')).toBe('MALFORMED');
      const token = signHop(callClaims(), signer, NOW);
      const [, payload, signature] = token.split('.');
      const header = (h: unknown) => Buffer.from(JSON.stringify(h)).toString('base64url');
      expect(reasonOf(`${header({ alg: 'none', kid: gatewayKey.kid, typ: 'gerbang-hop+jwt' })}.${payload}.${signature}`)).toBe('MALFORMED');
      expect(reasonOf(`${header({ alg: 'HS256', kid: gatewayKey.kid, typ: 'gerbang-hop+jwt' })}.${payload}.${signature}`)).toBe('MALFORMED');
      expect(reasonOf(`${header({ alg: 'EdDSA', kid: gatewayKey.kid, typ: 'JWT' })}.${payload}.${signature}`)).toBe('MALFORMED');
      expect(reasonOf(`${header({ alg: 'EdDSA', kid: gatewayKey.kid, typ: 'gerbang-hop+jwt', crit: ['x'] })}.${payload}.${signature}`)).toBe('MALFORMED');
    });

    it('an expired token', () => {
      const token = signHop(callClaims(), signer, NOW);
      expect(reasonOf(token, { now: NOW + 11_000 })).toBe('OK'); // 10 s lifetime + 2 s skew, iat rounded down
      expect(reasonOf(token, { now: NOW + 12_000 })).toBe('EXPIRED');
      expect(reasonOf(signHop(callClaims(), signer, NOW - 60_000))).toBe('EXPIRED');
    });

    it('a token issued in the future beyond the allowed skew, and accepts one within it', () => {
      expect(reasonOf(signHop(callClaims(), signer, NOW + 1_500))).toBe('OK');
      expect(reasonOf(signHop(callClaims(), signer, NOW + 2_000))).toBe('OK');
      expect(reasonOf(signHop(callClaims(), signer, NOW + 3_000))).toBe('ISSUED_IN_FUTURE');
      expect(reasonOf(signHop(callClaims(), signer, NOW + 3_600_000))).toBe('ISSUED_IN_FUTURE');
      // The allowance is the verifier's: 0 s refuses a token from a clock one second ahead.
      const strict = HopVerifier.fromJwks(jwks, { clockSkewSeconds: 0 });
      expect(verifyHop(signHop(callClaims(), signer, NOW + 1_000), { audience: 'population', verifier: strict, body: BODY, now: NOW })).toEqual({ ok: false, reason: 'ISSUED_IN_FUTURE' });
    });

    it('a token for another subgraph (signed for population, sent to civil-registry)', () => {
      const token = signHop(callClaims(), signer, NOW);
      expect(reasonOf(token, { audience: 'civil-registry' })).toBe('WRONG_AUDIENCE');
    });

    it('a replayed token: the same header twice', () => {
      const verifier = freshVerifier();
      const token = signHop(callClaims(), signer, NOW);
      const options = { audience: 'population', verifier, body: BODY, now: NOW };
      expect(verifyHop(token, options).ok).toBe(true);
      expect(verifyHop(token, { ...options, now: NOW + 1_000 })).toEqual({ ok: false, reason: 'REPLAYED' });
      // A fresh token for the same call is fine.
      expect(verifyHop(signHop(callClaims(), signer, NOW), options).ok).toBe(true);
    });

    it('a token whose first presentation was refused is not remembered (the jti is recorded last)', () => {
      const verifier = freshVerifier();
      const token = signHop(callClaims(), signer, NOW);
      expect(verifyHop(token, { audience: 'population', verifier, body: 'other', now: NOW })).toEqual({ ok: false, reason: 'BODY_MISMATCH' });
      expect(verifyHop(token, { audience: 'population', verifier, body: BODY, now: NOW }).ok).toBe(true);
    });

    it('a token sent with another body (a captured header carrying another query)', () => {
      const token = signHop(callClaims(), signer, NOW);
      expect(reasonOf(token, { body: BODY.replace('3674030403870001', '3674030403870002') })).toBe('BODY_MISMATCH');
      expect(reasonOf(token, { body: BODY + ' ' })).toBe('BODY_MISMATCH');
      expect(reasonOf(token, { body: undefined })).toBe('BODY_MISMATCH');
      expect(reasonOf(token, { body: Buffer.from(BODY) })).toBe('OK');
    });

    it('an upload token only on the upload path, and only with the descriptor it was signed for', () => {
      const descriptor = Buffer.from(JSON.stringify({ ownerNik: '3674030403870001', documentType: 'KK' })).toString('base64url');
      const upload = () => signHop(hopUploadClaims(context, { audience: 'population', descriptor, deadlineMs: 60_000 }), signer, NOW);
      expect(reasonOf(upload(), { kind: 'upload', body: descriptor })).toBe('OK');
      // Sent with another descriptor (another owner or type), or on the GraphQL path with its body.
      expect(reasonOf(upload(), { kind: 'upload', body: descriptor.slice(1) })).toBe('BODY_MISMATCH');
      expect(reasonOf(upload(), { body: descriptor })).toBe('BODY_MISMATCH');
      // A GraphQL call's token is no upload token, even with the right bytes.
      expect(reasonOf(signHop(hopCallClaims(context, { audience: 'population', body: descriptor, deadlineMs: 9_500 }), signer, NOW), { kind: 'upload', body: descriptor })).toBe('BODY_MISMATCH');
    });

    it('a probe token on the GraphQL path, and a call token on the probe path', () => {
      const probe = signHop(hopProbeClaims('population', 'readiness', 2_000), signer, NOW);
      expect(reasonOf(probe)).toBe('BODY_MISMATCH');
      expect(reasonOf(probe, { kind: 'probe', body: undefined })).toBe('OK');
      expect(reasonOf(signHop(callClaims(), signer, NOW), { kind: 'probe' })).toBe('BODY_MISMATCH');
      expect(reasonOf(signHop(callClaims({ bh: undefined }), signer, NOW))).toBe('BODY_MISMATCH');
    });

    it('a token signed with a key the subgraph does not have (unknown kid)', () => {
      const other = HopSigner.fromPrivateKey(generateHopKeyPair().privateKeyPem);
      expect(reasonOf(signHop(callClaims(), other, NOW))).toBe('UNKNOWN_KEY');
    });

    it('a payload changed after signing (a caller choosing its own tenant and role)', () => {
      const token = signHop(callClaims(), signer, NOW);
      expect(reasonOf(tamper(token, (c) => (c.t = 'batang')))).toBe('BAD_SIGNATURE');
      expect(reasonOf(tamper(token, (c) => (c.p = { kind: 'user', id: 'x', roles: ['ADMIN'] })))).toBe('BAD_SIGNATURE');
      expect(reasonOf(tamper(token, (c) => (c.exp = (c.exp as number) + 3600)))).toBe('BAD_SIGNATURE');
      const [h, p, s] = token.split('.') as [string, string, string];
      const flipped = Buffer.from(s, 'base64url');
      flipped[0] = flipped[0]! ^ 1;
      expect(reasonOf(`${h}.${p}.${flipped.toString('base64url')}`)).toBe('BAD_SIGNATURE');
      expect(reasonOf(`${h}.${p}.${s.slice(0, 20)}`)).toBe('BAD_SIGNATURE');
    });

    it("a signature by another key under the gateway's kid", () => {
      const token = signHop(callClaims(), signer, NOW);
      const [header, payload] = token.split('.') as [string, string];
      const intruder = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      const forged = sign('sha256', Buffer.from(`${header}.${payload}`), { key: intruder, dsaEncoding: 'ieee-p1363' }).toString('base64url');
      expect(reasonOf(`${header}.${payload}.${forged}`)).toBe('BAD_SIGNATURE');
    });

    it('a token signed with the built-in development key outside development mode', () => {
      // The forgery: a context signed with the development key, role ADMIN, tenant batang.
      const devSigner = HopSigner.development();
      const forged = signHop({ ...callClaims(), p: { kind: 'user', id: 'x', roles: ['ADMIN'] }, t: 'batang' }, devSigner, NOW);
      expect(reasonOf(forged)).toBe('DEV_KEY_REFUSED');
      // Even when someone has put the development public key into the JWKS.
      const polluted = HopVerifier.fromJwks({ keys: [gatewayKey.publicJwk, devSigner.publicJwk()] });
      expect(polluted.warnings.join()).toMatch(/development public key/);
      expect(verifyHop(forged, { audience: 'population', verifier: polluted, body: BODY, now: NOW })).toEqual({ ok: false, reason: 'DEV_KEY_REFUSED' });
      // In development mode it is accepted.
      expect(verifyHop(forged, { audience: 'population', verifier: HopVerifier.development(), body: BODY, now: NOW }).ok).toBe(true);
      expect(devSigner.kid).toBe(DEVELOPMENT_HOP_KID);
    });

    it('claims of the wrong shape, even when properly signed', () => {
      const bad = (claims: Record<string, unknown>) => reasonOf(signHop(claims as unknown as HopClaimsInput, signer, NOW));
      expect(bad({ ...callClaims(), p: { kind: 'root' } })).toBe('MALFORMED');
      expect(bad({ ...callClaims(), t: 42 })).toBe('MALFORMED');
      expect(bad({ ...callClaims(), k: 'other' })).toBe('MALFORMED');
      expect(bad({ ...callClaims(), dl: undefined })).toBe('MALFORMED');
      expect(bad({ ...callClaims(), rid: undefined })).toBe('MALFORMED');
    });
  });

  it('every refusal has a one-line hint naming what to check', () => {
    const reasons: HopRefusal[] = ['MISSING', 'MALFORMED', 'UNKNOWN_KEY', 'BAD_SIGNATURE', 'WRONG_AUDIENCE', 'EXPIRED', 'ISSUED_IN_FUTURE', 'REPLAYED', 'BODY_MISMATCH', 'DEV_KEY_REFUSED'];
    expect(Object.keys(HOP_REFUSAL_HINTS).sort()).toEqual([...reasons].sort());
    for (const reason of reasons) expect(hopRefusalHint(reason)).not.toMatch(/\n/);
    expect(hopRefusalHint('UNKNOWN_KEY')).toMatch(/GERBANG_HOP_PUBLIC_KEYS_FILE/);
    expect(hopRefusalHint('EXPIRED')).toMatch(/NTP/);
    expect(hopRefusalHint('SOMETHING_NEW')).toMatch(/SOMETHING_NEW/);
    expect(CONFIGURATION_REFUSALS.has('UNKNOWN_KEY')).toBe(true);
    expect(CONFIGURATION_REFUSALS.has('MISSING')).toBe(false);
  });
});

describe('replay guard', () => {
  it('forgets a jti once its token can no longer be accepted', () => {
    const guard = new ReplayGuard();
    expect(guard.firstUse('a'.repeat(22), NOW + 12_000, NOW)).toBe(true);
    expect(guard.firstUse('a'.repeat(22), NOW + 12_000, NOW + 5_000)).toBe(false);
    expect(guard.firstUse('b'.repeat(22), NOW + 20_000, NOW + 13_000)).toBe(true);
    expect(guard.stats().size).toBe(1); // 'a…' pruned when 'b…' arrived
  });

  it('stays bounded and fails closed for what it had to forget early', () => {
    const guard = new ReplayGuard({ maxEntries: 3 });
    for (const [jti, exp] of [
      ['j1', 10_000],
      ['j2', 11_000],
      ['j3', 12_000],
      ['j4', 13_000],
    ] as const)
      expect(guard.firstUse(jti, NOW + exp, NOW)).toBe(true);
    expect(guard.stats()).toEqual({ size: 3, maxEntries: 3, evictions: 1 });
    // j1 was evicted before its expiry: presented again, it is refused by the watermark.
    expect(guard.firstUse('j1', NOW + 10_000, NOW + 1_000)).toBe(false);
    // A newer token is still accepted.
    expect(guard.firstUse('j5', NOW + 14_000, NOW + 1_000)).toBe(true);
  });

  it('is per process: two verifiers (two replicas) each keep their own', () => {
    const token = signHop(callClaims(), signer, NOW);
    const replicaA = freshVerifier();
    const replicaB = freshVerifier();
    expect(verifyHop(token, { audience: 'population', verifier: replicaA, body: BODY, now: NOW }).ok).toBe(true);
    expect(verifyHop(token, { audience: 'population', verifier: replicaB, body: BODY, now: NOW }).ok).toBe(true);
    expect(verifyHop(token, { audience: 'population', verifier: replicaA, body: BODY, now: NOW }).ok).toBe(false);
  });
});

describe('development key', () => {
  it('is the committed one', () => {
    expect(HopSigner.fromPrivateKey(DEVELOPMENT_ONLY_HOP_PRIVATE_KEY_PEM, { developmentMode: true }).kid).toBe(DEVELOPMENT_HOP_KID);
    expect(() => HopSigner.fromPrivateKey(DEVELOPMENT_ONLY_HOP_PRIVATE_KEY_PEM)).toThrow(/built-in development key/);
  });

  it('the retired one (Ed25519, its private half in the history) is trusted nowhere, not even in development mode', () => {
    const retiredPem = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIC/ssxDzUxURMRth9pZRgysuSGEySM8AnQ5Lle/6CmqA\n-----END PRIVATE KEY-----\n';
    expect(() => HopSigner.fromPrivateKey(retiredPem, { developmentMode: true })).toThrow(/retired built-in development key/);
    const privateKey = createPrivateKey(retiredPem);
    const { kid } = publicJwkOf(privateKey);
    const forged = signHop(callClaims(), { ttlSeconds: 10, signingKey: () => ({ kid, alg: 'EdDSA', privateKey, encodedHeader: encodeHopHeader(kid, 'EdDSA') }) }, NOW);
    const polluted = HopVerifier.fromJwks({ keys: [gatewayKey.publicJwk, publicJwkOf(privateKey)] });
    expect(polluted.warnings.join()).toMatch(new RegExp(`development public key .*${kid}.*retired and trusted nowhere`));
    for (const verifier of [polluted, HopVerifier.development(), HopVerifier.fromJwks({ keys: [publicJwkOf(privateKey)] }, { developmentMode: true })]) {
      expect(verifyHop(forged, { audience: 'population', verifier, body: BODY, now: NOW })).toEqual({ ok: false, reason: 'DEV_KEY_REFUSED' });
    }
  });
});
