import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GerbangError } from '@core/errors';
import { Tenants } from '@core/tenants';
import { Authenticator, type AuthenticationSettings } from './authenticator';
import { issueToken, type TokenKey } from './issue-token';

const tenants = Tenants.load();
const development: AuthenticationSettings = { keys: { kind: 'development' }, issuer: 'gerbang-development', audience: 'gerbang', clockToleranceS: 30 };

function keyPair(kid: string): { key: TokenKey; jwk: Record<string, unknown> } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    key: { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), kid, issuer: 'https://sso.tangerangselatankota.go.id' },
    jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' },
  };
}

async function reasonOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(GerbangError);
    expect((error as GerbangError).code).toBe('UNAUTHENTICATED');
    return (error as GerbangError).extensions.reason as string;
  }
}

describe('authentication of callers at the gateway', () => {
  const auth = new Authenticator(development, tenants);

  it('treats a request without a token as anonymous', async () => {
    expect(await auth.authenticate(undefined)).toEqual({ principal: { kind: 'anonymous' }, tenant: undefined });
  });

  it('turns a valid token into a principal with its roles\' scopes, tenant and region', async () => {
    const token = await issueToken({ sub: 'officer-7', roles: ['OFFICER'], tenant: 'tangsel', region: '36.74.01', scopes: ['extra:thing'] });
    const caller = await auth.authenticate(`Bearer ${token}`);
    expect(caller).toEqual({
      tenant: 'tangsel',
      principal: { kind: 'user', id: 'officer-7', roles: ['OFFICER'], region: '36.74.01', scopes: ['extra:thing', 'population:read', 'population:read-identifiers', 'services:work'] },
    });
    // The next request with the same token is not verified again: the same (frozen) caller comes back.
    const again = await auth.authenticate(`Bearer ${token}`);
    expect(again).toBe(caller);
    expect(Object.isFrozen(again.principal)).toBe(true);
  });

  it('makes machines service principals', async () => {
    const token = await issueToken({ sub: 'kiosk-bxc-01', roles: ['KIOSK'], tenant: 'tangsel' });
    expect((await auth.authenticate(`Bearer ${token}`)).principal).toEqual({ kind: 'service', id: 'kiosk-bxc-01', roles: ['KIOSK'], scopes: ['kiosk:print'] });
  });

  it('refuses expired tokens, other audiences, unknown roles, tenants and regions, and malformed headers', async () => {
    const past = Date.now() - 2 * 3600_000;
    expect(await reasonOf(auth.authenticate(`Bearer ${await issueToken({ sub: 'a', roles: ['RESIDENT'], tenant: 'tangsel', ttlS: 600 }, undefined, past)}`))).toBe('EXPIRED');
    expect(await reasonOf(auth.authenticate(`Bearer ${await issueToken({ sub: 'a', roles: ['RESIDENT'], tenant: 'tangsel', audience: 'another-api' })}`))).toBe('WRONG_AUDIENCE');
    expect(await reasonOf(auth.authenticate(`Bearer ${await issueToken({ sub: 'a', roles: ['SUPERUSER' as never], tenant: 'tangsel' })}`))).toBe('BAD_CLAIMS');
    expect(await reasonOf(auth.authenticate(`Bearer ${await issueToken({ sub: 'a', roles: ['OFFICER'], tenant: 'bogor' })}`))).toBe('UNKNOWN_TENANT');
    // A Tangsel officer's token naming a Batang kecamatan.
    expect(await reasonOf(auth.authenticate(`Bearer ${await issueToken({ sub: 'a', roles: ['OFFICER'], tenant: 'tangsel', region: '33.25.01' })}`))).toBe('BAD_CLAIMS');
    // An officer serves a region, and a resident is someone: tokens that do not say so are refused.
    expect(await reasonOf(auth.authenticate(`Bearer ${await issueToken({ sub: 'a', roles: ['OFFICER'], tenant: 'tangsel' })}`))).toBe('BAD_CLAIMS');
    expect(await reasonOf(auth.authenticate(`Bearer ${await issueToken({ sub: 'a', roles: ['RESIDENT'], tenant: 'tangsel' })}`))).toBe('BAD_CLAIMS');
    expect(await reasonOf(auth.authenticate(`Bearer ${await issueToken({ sub: 'a', roles: ['RESIDENT'], tenant: 'tangsel', nik: '12345' })}`))).toBe('BAD_CLAIMS');
    expect(await reasonOf(auth.authenticate('Basic dXNlcjpwYXNz'))).toBe('NOT_BEARER');
    expect(await reasonOf(auth.authenticate('Bearer not.a.jwt-at-all'))).toBe('MALFORMED');
  });

  it('refuses a token whose signature was tampered with', async () => {
    const token = await issueToken({ sub: 'resident-1', roles: ['RESIDENT'], tenant: 'tangsel' });
    const [header, payload, signature] = token.split('.');
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    forged.roles = ['ADMINISTRATOR'];
    expect(await reasonOf(auth.authenticate(`Bearer ${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`))).toBe('BAD_SIGNATURE');
  });

  describe('with the identity provider\'s JWKS file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gerbang-jwks-'));
    const jwksFile = join(dir, 'jwks.json');
    const current = keyPair('2026-11');
    const next = keyPair('2026-12');
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('accepts tokens of every key in the set (rotation), and never the development issuer', async () => {
      writeFileSync(jwksFile, JSON.stringify({ keys: [current.jwk, next.jwk] }));
      const sso = new Authenticator({ keys: { kind: 'file', path: jwksFile }, issuer: current.key.issuer, audience: 'gerbang', clockToleranceS: 30 }, tenants);
      for (const key of [current.key, next.key]) {
        const caller = await sso.authenticate(`Bearer ${await issueToken({ sub: 'officer-9', roles: ['OFFICER'], tenant: 'batang', region: '33.25' }, key)}`);
        expect(caller).toMatchObject({ tenant: 'batang', principal: { id: 'officer-9' } });
      }
      expect(await reasonOf(sso.authenticate(`Bearer ${await issueToken({ sub: 'x', roles: ['ADMINISTRATOR'], tenant: 'tangsel' })}`))).toMatch(/UNKNOWN_KEY|WRONG_ISSUER/);
    });

    it('picks up a key removed from the file', async () => {
      writeFileSync(jwksFile, JSON.stringify({ keys: [current.jwk, next.jwk] }));
      const sso = new Authenticator({ keys: { kind: 'file', path: jwksFile }, issuer: current.key.issuer, audience: 'gerbang', clockToleranceS: 30 }, tenants);
      const old = `Bearer ${await issueToken({ sub: 'o', roles: ['AUDITOR'], tenant: 'tangsel' }, current.key)}`;
      expect((await sso.authenticate(old)).principal).toMatchObject({ id: 'o' });
      await new Promise((r) => setTimeout(r, 1_100));
      writeFileSync(jwksFile, JSON.stringify({ keys: [next.jwk] }));
      expect(await reasonOf(sso.authenticate(old))).toBe('UNKNOWN_KEY');
    });
  });

  it('refuses every token when no identity provider is configured, and still serves anonymous callers', async () => {
    const none = new Authenticator({ keys: { kind: 'none' }, issuer: '', audience: 'gerbang', clockToleranceS: 30 }, tenants);
    expect(await none.authenticate(undefined)).toMatchObject({ principal: { kind: 'anonymous' } });
    expect(await reasonOf(none.authenticate(`Bearer ${await issueToken({ sub: 'a', roles: ['RESIDENT'], tenant: 'tangsel' })}`))).toBe('NO_KEYS');
  });
});
