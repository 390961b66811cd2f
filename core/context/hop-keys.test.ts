import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/load';
import { hopSignerFrom, hopSignerSchema, hopVerifierFrom, hopVerifierSchema } from '../config/shared';
import { z } from 'zod';
import {
  DEVELOPMENT_HOP_KID,
  developmentModeBanner,
  generateHopKeyPair,
  HopSigner,
  HopVerifier,
  jwkThumbprint,
  reloadHopKeysOnSignal,
  type HopKeyReload,
  type HopPublicJwk,
} from './hop-keys';
import { DEVELOPMENT_ONLY_HOP_PRIVATE_KEY_PEM } from './dev-keys/development-hop-key';
import { hopCallClaims, signHop, verifyHop, type HopVerificationKeys } from './hop-token';

const BODY = '{"query":"{ __typename }"}';
const claims = hopCallClaims({ requestId: 'r1', principal: { kind: 'anonymous' }, tenant: 'tangsel' }, { audience: 'population', body: BODY, deadlineMs: 5_000 });
const check = (token: string, verifier: HopVerificationKeys) => {
  const result = verifyHop(token, { audience: 'population', verifier, body: BODY });
  return result.ok ? 'OK' : result.reason;
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gerbang-hop-keys-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Replaces a file the way an operator's tooling should: write aside, then rename over it. */
function replaceFile(path: string, contents: string, mode = 0o600): void {
  const temp = `${path}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temp, contents, { mode });
  renameSync(temp, path);
}

const jwksText = (...keys: HopPublicJwk[]) => JSON.stringify({ keys });

function writeKeyPair(name: string) {
  const pair = generateHopKeyPair();
  const privatePath = join(dir, `${name}.pem`);
  writeFileSync(privatePath, pair.privateKeyPem, { mode: 0o600 });
  return { ...pair, privatePath };
}

describe('key ids', () => {
  it('are RFC 7638 thumbprints (RFC 8037 appendix A.3 test vector)', () => {
    expect(jwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' })).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
    // An EC key (the development key's public half): the value jose's calculateJwkThumbprint gives.
    expect(jwkThumbprint({ kty: 'EC', crv: 'P-256', x: 'ZaSYAnkMOclz4H3Qj0wwuZ6MEnXMOBMIBQ8vaExBfJc', y: 'MciiVPx06zeOWTmq--MW6evvQOUikP1SgwwcIpKdCtI' })).toBe('_nAZiHj_w3fU2rjouQXvIArNL30RXStc_2nWWqCxnNA');
  });

  it('the signer reads its kid from the key, and the JWKS entry has the same', () => {
    const pair = writeKeyPair('gw');
    const signer = HopSigner.fromFile(pair.privatePath);
    expect(signer.kid).toBe(pair.kid);
    expect(signer.publicJwk()).toEqual(pair.publicJwk);
    expect(pair.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(signer.warnings).toEqual([]);
    const ed25519 = generateHopKeyPair('EdDSA');
    expect(ed25519.publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(HopSigner.fromPrivateKey(ed25519.privateKeyPem).kid).toBe(ed25519.kid);
  });
});

describe('key files', () => {
  it('sign with the private key file and verify with the JWKS file', () => {
    const pair = writeKeyPair('gw');
    const jwksPath = join(dir, 'jwks.json');
    writeFileSync(jwksPath, jwksText(pair.publicJwk));
    const signer = HopSigner.fromFile(pair.privatePath);
    const verifier = HopVerifier.fromFile(jwksPath);
    expect(verifier.kids()).toEqual([pair.kid]);
    expect(check(signHop(claims, signer), verifier)).toBe('OK');
  });

  it('refuse unusable files with a message saying what is wrong', () => {
    const pair = writeKeyPair('gw');
    const path = (name: string, text: string) => {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    };
    expect(() => HopSigner.fromFile(join(dir, 'absent.pem'))).toThrow(/absent\.pem does not exist/);
    expect(() => HopSigner.fromFile(path('pub.json', jwksText(pair.publicJwk)))).toThrow(/public key, not the private key/);
    expect(() => HopSigner.fromFile(path('rsa.pem', generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()))).toThrow(/rsa key; hop tokens need an ES256 \(P-256\) or Ed25519 key/);
    expect(() => HopSigner.fromFile(path('p384.pem', generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()))).toThrow(/EC key on secp384r1/);
    expect(() => HopVerifier.fromFile(path('broken.json', '{"keys": ['))).toThrow(/not valid JSON/);
    expect(() => HopVerifier.fromFile(path('empty.json', '{"keys": []}'))).toThrow(/no keys/);
    expect(() => HopVerifier.fromFile(path('private.json', JSON.stringify({ keys: [{ ...pair.publicJwk, d: 'secret' }] })))).toThrow(/private key \("d"\)/);
    expect(() => HopVerifier.fromFile(path('kid.json', JSON.stringify({ keys: [{ ...pair.publicJwk, kid: 'gateway-2026' }] })))).toThrow(/thumbprint/);
    expect(() => HopVerifier.fromFile(path('rsa.json', JSON.stringify({ keys: [{ kty: 'RSA', n: 'x', e: 'AQAB' }] })))).toThrow(/is not a hop public key/);
    expect(() => HopVerifier.fromFile(path('alg.json', JSON.stringify({ keys: [{ ...pair.publicJwk, alg: 'EdDSA' }] })))).toThrow(/has alg "EdDSA"; a P-256 key is "ES256"/);
    expect(() => HopVerifier.fromFile(path('y.json', JSON.stringify({ keys: [{ ...pair.publicJwk, y: 'AAAA' }] })))).toThrow(/unreadable public key/);
  });

  it('warn about a private key file other users can read', () => {
    const pair = writeKeyPair('gw');
    writeFileSync(pair.privatePath, pair.privateKeyPem, { mode: 0o644 });
    chmodSync(pair.privatePath, 0o644);
    expect(HopSigner.fromFile(pair.privatePath).warnings.join()).toMatch(/chmod 600/);
  });
});

describe('rotation', () => {
  it('a verifier with two keys accepts both; after a reload without the old key it refuses the old one', () => {
    const oldPair = writeKeyPair('old');
    const newPair = writeKeyPair('new');
    const jwksPath = join(dir, 'jwks.json');
    writeFileSync(jwksPath, jwksText(oldPair.publicJwk, newPair.publicJwk));
    const verifier = HopVerifier.fromFile(jwksPath);
    const oldSigner = HopSigner.fromFile(oldPair.privatePath);
    const newSigner = HopSigner.fromFile(newPair.privatePath);
    expect(check(signHop(claims, oldSigner), verifier)).toBe('OK');
    expect(check(signHop(claims, newSigner), verifier)).toBe('OK');

    replaceFile(jwksPath, jwksText(newPair.publicJwk), 0o644);
    expect(verifier.reload()).toEqual({ ok: true, source: jwksPath, changed: true, kids: [newPair.kid], warnings: [] });
    expect(check(signHop(claims, oldSigner), verifier)).toBe('UNKNOWN_KEY');
    expect(check(signHop(claims, newSigner), verifier)).toBe('OK');
  });

  it('a signer whose file is replaced signs with the new kid after reload', () => {
    const oldPair = writeKeyPair('old');
    const newPair = generateHopKeyPair();
    const signer = HopSigner.fromFile(oldPair.privatePath);
    const before = signer.signingKey();
    expect(signer.reloadIfChanged()).toBeUndefined(); // unchanged file: nothing re-read
    replaceFile(oldPair.privatePath, newPair.privateKeyPem);
    expect(signer.reloadIfChanged()).toMatchObject({ ok: true, changed: true, kids: [newPair.kid] });
    expect(signer.kid).toBe(newPair.kid);
    const header = JSON.parse(Buffer.from(signHop(claims, signer).split('.')[0]!, 'base64url').toString());
    expect(header.kid).toBe(newPair.kid);
    // A call that read the key before the reload still holds a whole, valid key.
    expect(before.kid).toBe(oldPair.kid);
  });

  it('a broken file on reload keeps the old keys and reports the problem (once)', () => {
    const pair = writeKeyPair('gw');
    const jwksPath = join(dir, 'jwks.json');
    writeFileSync(jwksPath, jwksText(pair.publicJwk));
    const signer = HopSigner.fromFile(pair.privatePath);
    const verifier = HopVerifier.fromFile(jwksPath);

    replaceFile(jwksPath, '{"keys": [ {"kty": "OKP"'); // half written
    replaceFile(pair.privatePath, 'not a key');
    const verifierReload = verifier.reloadIfChanged();
    expect(verifierReload).toMatchObject({ ok: false, kids: [pair.kid] });
    expect((verifierReload as { problem: string }).problem).toMatch(/not valid JSON.*keeping the keys in use/);
    expect(signer.reloadIfChanged()).toMatchObject({ ok: false, kids: [pair.kid] });
    expect(check(signHop(claims, signer), verifier)).toBe('OK');
    // The same broken file is not reported again on the next periodic check.
    expect(verifier.reloadIfChanged()).toBeUndefined();
    expect(signer.reloadIfChanged()).toBeUndefined();
    // A deleted file is a problem too, and the keys stay.
    rmSync(jwksPath);
    expect(verifier.reloadIfChanged()).toMatchObject({ ok: false });
    expect(check(signHop(claims, signer), verifier)).toBe('OK');
    // Fixed: taken at once.
    replaceFile(jwksPath, jwksText(pair.publicJwk));
    expect(verifier.reloadIfChanged()).toMatchObject({ ok: true, changed: false });
  });

  it('the periodic check picks a change up by itself', async () => {
    const a = writeKeyPair('a');
    const b = generateHopKeyPair();
    const jwksPath = join(dir, 'jwks.json');
    writeFileSync(jwksPath, jwksText(a.publicJwk));
    const verifier = HopVerifier.fromFile(jwksPath);
    const problems: string[] = [];
    const reloads: HopKeyReload[] = [];
    const stop = verifier.watch((p) => problems.push(p), { intervalMs: 10, onReload: (r) => reloads.push(r) });
    try {
      replaceFile(jwksPath, 'garbage');
      await until(() => problems.length > 0);
      expect(problems).toHaveLength(1);
      replaceFile(jwksPath, jwksText(a.publicJwk, b.publicJwk));
      await until(() => reloads.length > 0);
      expect(verifier.kids()).toEqual([a.kid, b.kid]);
      await new Promise((r) => setTimeout(r, 50));
      expect(problems).toHaveLength(1);
      expect(reloads).toHaveLength(1);
    } finally {
      stop();
    }
  });

  it('reloads on SIGHUP when wired', () => {
    const a = writeKeyPair('a');
    const b = generateHopKeyPair();
    const jwksPath = join(dir, 'jwks.json');
    writeFileSync(jwksPath, jwksText(a.publicJwk));
    const verifier = HopVerifier.fromFile(jwksPath);
    const signer = HopSigner.fromFile(a.privatePath);
    const reloaded: string[][] = [];
    const problems: string[] = [];
    const unwire = reloadHopKeysOnSignal([signer, verifier], (p) => problems.push(p), { onReload: (r) => reloaded.push(r.kids) });
    try {
      writeFileSync(jwksPath, jwksText(b.publicJwk)); // same inode, rewritten in place: SIGHUP reloads regardless
      process.emit('SIGHUP', 'SIGHUP');
      expect(reloaded).toEqual([[a.kid], [b.kid]]);
      expect(problems).toEqual([]);
      expect(verifier.kids()).toEqual([b.kid]);
    } finally {
      unwire();
    }
  });
});

describe('development mode', () => {
  it('the development signer and verifier use the committed key and say so', () => {
    const signer = HopSigner.development();
    const verifier = HopVerifier.development();
    expect(signer.development).toBe(true);
    expect(verifier.development).toBe(true);
    expect(check(signHop(claims, signer), verifier)).toBe('OK');
    expect(verifier.kids()).toEqual([DEVELOPMENT_HOP_KID]);
    expect(HopVerifier.fromJwks({ keys: [generateHopKeyPair().publicJwk] }).development).toBe(false);
  });

  it('the banner is loud and says how to leave development mode', () => {
    const banner = developmentModeBanner('gateway');
    expect(banner).toMatch(/DEVELOPMENT MODE/);
    expect(banner).toMatch(/GERBANG_DEV_MODE=1/);
    expect(banner).toMatch(/npm run keys -- new/);
    expect(banner).toMatch(/^gateway|gateway: /m);
  });
});

describe('configuration (core/config/shared.ts)', () => {
  const signerSchema = z.object(hopSignerSchema);
  const verifierSchema = z.object(hopVerifierSchema);
  const signerFrom = (env: Record<string, string>) => {
    const problems: string[] = [];
    return { signer: hopSignerFrom(loadConfig(signerSchema, env), problems), problems };
  };
  const verifierFrom = (env: Record<string, string>) => {
    const problems: string[] = [];
    return { verifier: hopVerifierFrom(loadConfig(verifierSchema, env), problems), problems };
  };

  it('without keys and without development mode, refuses to start and says what to do', () => {
    const gateway = signerFrom({});
    expect(gateway.signer).toBeUndefined();
    expect(gateway.problems).toHaveLength(1);
    expect(gateway.problems[0]).toMatch(/^GERBANG_HOP_PRIVATE_KEY_FILE: not set/);
    expect(gateway.problems[0]).toMatch(/npm run keys -- new --out <dir>/);
    expect(gateway.problems[0]).toMatch(/GERBANG_DEV_MODE=1/);
    const subgraph = verifierFrom({ NODE_ENV: 'development' });
    expect(subgraph.verifier).toBeUndefined();
    expect(subgraph.problems[0]).toMatch(/^GERBANG_HOP_PUBLIC_KEYS_FILE: not set/);
  });

  it('NODE_ENV alone never chooses development mode', () => {
    for (const NODE_ENV of ['development', 'test', '']) {
      expect(signerFrom({ NODE_ENV }).signer).toBeUndefined();
      expect(verifierFrom({ NODE_ENV }).verifier).toBeUndefined();
    }
  });

  it('GERBANG_DEV_MODE=1 or true without key files uses the development key', () => {
    for (const GERBANG_DEV_MODE of ['1', 'true']) {
      const { signer, problems } = signerFrom({ GERBANG_DEV_MODE });
      expect(problems).toEqual([]);
      expect(signer?.development).toBe(true);
      expect(verifierFrom({ GERBANG_DEV_MODE }).verifier?.development).toBe(true);
    }
    expect(signerFrom({ GERBANG_DEV_MODE: '1', NODE_ENV: 'production' }).problems).toEqual(['GERBANG_DEV_MODE: cannot be set together with NODE_ENV=production']);
  });

  it('key files, lifetime and skew', () => {
    const pair = writeKeyPair('gw');
    const jwksPath = join(dir, 'jwks.json');
    writeFileSync(jwksPath, jwksText(pair.publicJwk));
    const { signer, problems } = signerFrom({ GERBANG_HOP_PRIVATE_KEY_FILE: pair.privatePath, GERBANG_HOP_TOKEN_TTL_S: '5' });
    expect(problems).toEqual([]);
    expect(signer?.ttlSeconds).toBe(5);
    expect(signer?.development).toBe(false);
    const { verifier } = verifierFrom({ GERBANG_HOP_PUBLIC_KEYS_FILE: jwksPath, GERBANG_HOP_CLOCK_SKEW_S: '1' });
    expect(verifier?.clockSkewSeconds).toBe(1);
    expect(signerFrom({}).signer).toBeUndefined();
    expect(loadConfig(signerSchema, {}).GERBANG_HOP_TOKEN_TTL_S).toBe(10);
    expect(loadConfig(verifierSchema, {}).GERBANG_HOP_CLOCK_SKEW_S).toBe(2);
    expect(() => loadConfig(signerSchema, { GERBANG_HOP_TOKEN_TTL_S: '3600' })).toThrow(/GERBANG_HOP_TOKEN_TTL_S/);
  });

  it('unusable key files are start problems naming the variable', () => {
    expect(signerFrom({ GERBANG_HOP_PRIVATE_KEY_FILE: join(dir, 'nope.pem') }).problems).toEqual([`GERBANG_HOP_PRIVATE_KEY_FILE: ${join(dir, 'nope.pem')} does not exist`]);
    const devPem = join(dir, 'dev.pem');
    writeFileSync(devPem, DEVELOPMENT_ONLY_HOP_PRIVATE_KEY_PEM, { mode: 0o600 });
    expect(signerFrom({ GERBANG_HOP_PRIVATE_KEY_FILE: devPem }).problems[0]).toMatch(/built-in development key/);
    // The development public key in a production JWKS: refused at start.
    const jwksPath = join(dir, 'jwks.json');
    writeFileSync(jwksPath, jwksText(generateHopKeyPair().publicJwk, HopSigner.development().publicJwk()));
    const { verifier, problems } = verifierFrom({ GERBANG_HOP_PUBLIC_KEYS_FILE: jwksPath });
    expect(verifier).toBeUndefined();
    expect(problems[0]).toMatch(/^GERBANG_HOP_PUBLIC_KEYS_FILE: .*development public key/);
    // In development mode the same files are fine.
    expect(verifierFrom({ GERBANG_HOP_PUBLIC_KEYS_FILE: jwksPath, GERBANG_DEV_MODE: '1' }).problems).toEqual([]);
    expect(signerFrom({ GERBANG_HOP_PRIVATE_KEY_FILE: devPem, GERBANG_DEV_MODE: '1' }).problems).toEqual([]);
  });
});

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}
