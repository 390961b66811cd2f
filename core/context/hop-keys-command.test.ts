/**
 * The key command (scripts/hop-keys.ts, `npm run keys`). The suite lives here because jest's roots
 * do not include scripts/.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRIVATE_KEY_FILE, PUBLIC_KEYS_FILE, runHopKeysCommand } from '../../scripts/hop-keys';
import { DEVELOPMENT_ONLY_HOP_PRIVATE_KEY_PEM } from './dev-keys/development-hop-key';
import { HopSigner, HopVerifier } from './hop-keys';
import { hopCallClaims, signHop, verifyHop } from './hop-token';

const REPO_ROOT = join(__dirname, '..', '..');
const BODY = '{"query":"{ __typename }"}';
const claims = hopCallClaims({ requestId: 'r1', principal: { kind: 'anonymous' }, tenant: 'tangsel' }, { audience: 'population', body: BODY, deadlineMs: 5_000 });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gerbang-keys-cmd-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(...argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runHopKeysCommand(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const kids = (jwksPath: string) => (JSON.parse(readFileSync(jwksPath, 'utf8')) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);

describe('npm run keys', () => {
  it('new: writes a private key only its owner can read and a JWKS that verifies its tokens', () => {
    const result = run('new', '--out', join(dir, 'keys'));
    expect(result.code).toBe(0);
    const privatePath = join(dir, 'keys', PRIVATE_KEY_FILE);
    const jwksPath = join(dir, 'keys', PUBLIC_KEYS_FILE);
    expect(statSync(privatePath).mode & 0o777).toBe(0o600);
    const signer = HopSigner.fromFile(privatePath);
    expect(signer.warnings).toEqual([]);
    expect(kids(jwksPath)).toEqual([signer.kid]);
    expect(result.out).toContain(signer.kid);
    expect(result.out).toContain(`GERBANG_HOP_PRIVATE_KEY_FILE=${privatePath}`);
    expect(verifyHop(signHop(claims, signer), { audience: 'population', verifier: HopVerifier.fromFile(jwksPath), body: BODY }).ok).toBe(true);
  });

  it('new: does not replace an existing private key without --force', () => {
    run('new', '--out', dir);
    const before = readFileSync(join(dir, PRIVATE_KEY_FILE), 'utf8');
    const again = run('new', '--out', dir);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already exists.*--force/s);
    expect(readFileSync(join(dir, PRIVATE_KEY_FILE), 'utf8')).toBe(before);
    expect(run('new', '--out', dir, '--force').code).toBe(0);
    expect(readFileSync(join(dir, PRIVATE_KEY_FILE), 'utf8')).not.toBe(before);
    expect(statSync(join(dir, PRIVATE_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('add-public and remove: the rotation steps, here from an Ed25519 key to an ES256 one', () => {
    expect(run('new', '--out', join(dir, 'old'), '--alg', 'EdDSA').out).toMatch(/\(EdDSA\)/);
    expect(run('new', '--out', join(dir, 'new')).out).toMatch(/\(ES256\)/);
    const jwksPath = join(dir, 'old', PUBLIC_KEYS_FILE);
    const oldSigner = HopSigner.fromFile(join(dir, 'old', PRIVATE_KEY_FILE));
    const newSigner = HopSigner.fromFile(join(dir, 'new', PRIVATE_KEY_FILE));

    expect(run('add-public', '--jwks', jwksPath, '--from', join(dir, 'new', PRIVATE_KEY_FILE)).code).toBe(0);
    expect(kids(jwksPath)).toEqual([oldSigner.kid, newSigner.kid]);
    expect(run('add-public', '--jwks', jwksPath, '--from', join(dir, 'new', PRIVATE_KEY_FILE)).out).toMatch(/already trusts/);
    expect(kids(jwksPath)).toHaveLength(2);
    expect(run('list', '--jwks', jwksPath).out.split('\n')).toEqual([`${oldSigner.kid}   (EdDSA)`, `${newSigner.kid}   (ES256)`]);
    // Between steps 1 and 3 the subgraphs accept tokens of either key.
    for (const signer of [oldSigner, newSigner]) expect(verifyHop(signHop(claims, signer), { audience: 'population', verifier: HopVerifier.fromFile(jwksPath), body: BODY }).ok).toBe(true);
    expect(run('kid', '--from', join(dir, 'new', PRIVATE_KEY_FILE)).out).toBe(newSigner.kid);

    expect(run('remove', '--jwks', jwksPath, '--kid', oldSigner.kid).code).toBe(0);
    expect(kids(jwksPath)).toEqual([newSigner.kid]);
    expect(run('remove', '--jwks', jwksPath, '--kid', oldSigner.kid)).toMatchObject({ code: 1, err: expect.stringMatching(/has no key/) });
    expect(run('remove', '--jwks', jwksPath, '--kid', newSigner.kid)).toMatchObject({ code: 1, err: expect.stringMatching(/last key/) });
    expect(kids(jwksPath)).toEqual([newSigner.kid]);
  });

  it('add-public creates a missing JWKS, refuses the development key and broken files', () => {
    run('new', '--out', dir);
    const jwksPath = join(dir, 'subgraphs.jwks.json');
    expect(run('add-public', '--jwks', jwksPath, '--from', join(dir, PRIVATE_KEY_FILE)).out).toMatch(/created with/);
    const devPem = join(dir, 'dev.pem');
    writeFileSync(devPem, DEVELOPMENT_ONLY_HOP_PRIVATE_KEY_PEM);
    expect(run('add-public', '--jwks', jwksPath, '--from', devPem)).toMatchObject({ code: 1, err: expect.stringMatching(/built-in development key/) });
    writeFileSync(jwksPath, '{"keys": [');
    expect(run('add-public', '--jwks', jwksPath, '--from', join(dir, PRIVATE_KEY_FILE))).toMatchObject({ code: 1, err: expect.stringMatching(/not valid JSON/) });
    expect(run('add-public', '--jwks', jwksPath, '--from', join(dir, 'missing.pem'))).toMatchObject({ code: 1, err: expect.stringMatching(/does not exist/) });
  });

  it('explains its usage', () => {
    expect(run('help').out).toMatch(/new --out <dir>.*add-public --jwks <file> --from <private.pem>.*remove --jwks <file> --kid <kid>/s);
    expect(run()).toMatchObject({ code: 2, err: expect.stringMatching(/no command given/) });
    expect(run('rotate')).toMatchObject({ code: 2, err: expect.stringMatching(/unknown command "rotate"/) });
    expect(run('bench', '--count', '10')).toMatchObject({ code: 2, err: expect.stringMatching(/--count must be/) });
    expect(run('new', '--out', join(dir, 'rsa'), '--alg', 'RS256')).toMatchObject({ code: 2, err: expect.stringMatching(/--alg must be one of ES256, EdDSA/) });
    expect(run('new')).toMatchObject({ code: 2, err: expect.stringMatching(/--out is required/) });
    expect(run('remove', '--jwks', 'x', '--kid')).toMatchObject({ code: 2, err: expect.stringMatching(/--kid needs a value/) });
    expect(run('new', '--out', dir, '--colour', 'blue')).toMatchObject({ code: 2, err: expect.stringMatching(/unknown option --colour/) });
  });

  it('runs as a command (node --import tsx scripts/hop-keys.ts)', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/hop-keys.ts', 'new', '--out', dir], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(statSync(join(dir, PRIVATE_KEY_FILE)).mode & 0o777).toBe(0o600);
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/hop-keys.ts', 'nonsense'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/Usage: npm run keys/);
  });

  it('bench: prints what a token costs with each algorithm', () => {
    const result = run('bench', '--count', '100');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/\| ES256 \| \d+\.\d \| \d+\.\d \|/);
    expect(result.out).toMatch(/\| EdDSA \| \d+\.\d \| \d+\.\d \|/);
  });
});
