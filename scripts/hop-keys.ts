/**
 * `npm run keys -- <command>`: make and rotate the keys that sign the gateway's calls to the
 * subgraphs (hop tokens, core/context/hop-token.ts). See usage() for the commands.
 */
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_HOP_ALGORITHM, HOP_ALGORITHMS, isHopAlgorithm } from '../core/context/hop-algorithms';
import { benchHopAlgorithms } from './hop-keys-bench';
import { generateHopKeyPair, HopKeyError, isDevelopmentHopKid, publicJwkOf, readHopJwksFile, readHopPrivateKeyFile, type HopJwks } from '../core/context/hop-keys';

export const PRIVATE_KEY_FILE = 'hop-private.pem';
export const PUBLIC_KEYS_FILE = 'hop-public.jwks.json';

export function usage(): string {
  return `Gerbang hop keys: the gateway signs each call to a subgraph with its private key (ES256,
ECDSA on P-256; Ed25519 keys are still accepted); each subgraph trusts the public keys in its JWKS file.

Usage: npm run keys -- <command> [options]

  new --out <dir> [--alg ${HOP_ALGORITHMS.join('|')}] [--force]
      Make a key pair: <dir>/${PRIVATE_KEY_FILE} (mode 0600, for the gateway's
      GERBANG_HOP_PRIVATE_KEY_FILE) and <dir>/${PUBLIC_KEYS_FILE} (for every subgraph's
      GERBANG_HOP_PUBLIC_KEYS_FILE). The algorithm is ${DEFAULT_HOP_ALGORITHM} unless --alg says otherwise.
      Refuses to replace an existing private key without --force.

  add-public --jwks <file> --from <private.pem>
      Add the public half of a private key to a JWKS (created if missing). Rotation step 1.

  remove --jwks <file> --kid <kid>
      Remove a key from a JWKS. Rotation step 3. The last key cannot be removed.

  list --jwks <file>          Print the key ids a JWKS trusts, with their algorithms.
  kid --from <private.pem>    Print the key id a private key signs with.
  bench [--count <n>]         What signing and verifying one token costs here, per algorithm.
  help                        This text.

Rotation without downtime:
  1. npm run keys -- new --out <new-dir>
     npm run keys -- add-public --jwks <subgraphs' JWKS> --from <new-dir>/${PRIVATE_KEY_FILE}
     (subgraphs pick the change up within seconds, or at once on SIGHUP)
  2. point the gateway's GERBANG_HOP_PRIVATE_KEY_FILE at the new key, or replace the file's
     contents, and reload it (SIGHUP, or the periodic file check)
  3. a minute later: npm run keys -- remove --jwks <subgraphs' JWKS> --kid <old kid>
`;
}

export interface KeysIo {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: KeysIo = { out: (line) => void process.stdout.write(line + '\n'), err: (line) => void process.stderr.write(line + '\n') };

class UsageError extends Error {}

function parseOptions(args: string[], allowed: string[], flags: string[] = []): Record<string, string | true> {
  const options: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const name = arg.slice(2);
    if (flags.includes(name)) {
      options[name] = true;
      continue;
    }
    if (!allowed.includes(name)) throw new UsageError(`unknown option --${name}`);
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    options[name] = value;
    i += 1;
  }
  return options;
}

function required(options: Record<string, string | true>, name: string): string {
  const value = options[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** Writes a file so that a reader sees either the old or the new contents, never half of one. */
function writeAtomically(path: string, contents: string, mode: number): void {
  const temp = join(dirname(path), `.${Date.now()}-${process.pid}.tmp`);
  writeFileSync(temp, contents, { mode, flag: 'wx' });
  renameSync(temp, path);
}

function writeJwks(path: string, jwks: HopJwks): void {
  writeAtomically(path, JSON.stringify(jwks, null, 2) + '\n', 0o644);
}

function commandNew(args: string[], io: KeysIo): number {
  const options = parseOptions(args, ['out', 'alg'], ['force']);
  const dir = resolve(required(options, 'out'));
  const alg = options.alg ?? DEFAULT_HOP_ALGORITHM;
  if (!isHopAlgorithm(alg)) throw new UsageError(`--alg must be one of ${HOP_ALGORITHMS.join(', ')}`);
  const privatePath = join(dir, PRIVATE_KEY_FILE);
  const publicPath = join(dir, PUBLIC_KEYS_FILE);
  if (existsSync(privatePath) && options.force !== true) {
    io.err(`${privatePath} already exists; it may be the key the gateway signs with. To rotate, make the new pair in another directory; to replace it anyway, add --force.`);
    return 1;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pair = generateHopKeyPair(alg);
  writeAtomically(privatePath, pair.privateKeyPem, 0o600);
  chmodSync(privatePath, 0o600);
  writeJwks(publicPath, { keys: [pair.publicJwk] });
  io.out(`new hop key ${pair.kid} (${alg})
  ${privatePath}   (mode 0600) gateway: GERBANG_HOP_PRIVATE_KEY_FILE=${privatePath}
  ${publicPath}   subgraphs: GERBANG_HOP_PUBLIC_KEYS_FILE=${publicPath}
To rotate instead, add this key to the subgraphs' existing JWKS:
  npm run keys -- add-public --jwks <their JWKS> --from ${privatePath}`);
  return 0;
}

function commandAddPublic(args: string[], io: KeysIo): number {
  const options = parseOptions(args, ['jwks', 'from']);
  const jwksPath = resolve(required(options, 'jwks'));
  const jwk = publicJwkOf(readHopPrivateKeyFile(resolve(required(options, 'from'))));
  if (isDevelopmentHopKid(jwk.kid)) {
    io.err(`that is Gerbang's built-in development key (public in the repository); it is never trusted outside GERBANG_DEV_MODE. Make a real key: npm run keys -- new --out <dir>`);
    return 1;
  }
  const exists = existsSync(jwksPath);
  const jwks: HopJwks = exists ? readHopJwksFile(jwksPath) : { keys: [] };
  if (jwks.keys.some((k) => k.kid === jwk.kid)) {
    io.out(`${jwksPath} already trusts ${jwk.kid}; nothing changed`);
    return 0;
  }
  jwks.keys.push(jwk);
  writeJwks(jwksPath, jwks);
  io.out(`${exists ? 'added' : 'created with'} ${jwk.kid}; ${jwksPath} now trusts: ${jwks.keys.map((k) => k.kid).join(', ')}
Subgraphs reading it reload within seconds (or now: send them SIGHUP).`);
  return 0;
}

function commandRemove(args: string[], io: KeysIo): number {
  const options = parseOptions(args, ['jwks', 'kid']);
  const jwksPath = resolve(required(options, 'jwks'));
  const kid = required(options, 'kid');
  const jwks = readHopJwksFile(jwksPath);
  const remaining = jwks.keys.filter((k) => k.kid !== kid);
  if (remaining.length === jwks.keys.length) {
    io.err(`${jwksPath} has no key ${kid}; it trusts: ${jwks.keys.map((k) => k.kid).join(', ')}`);
    return 1;
  }
  if (remaining.length === 0) {
    io.err(`${kid} is the last key in ${jwksPath}; removing it would make the subgraphs refuse every call. Add the new key first (add-public).`);
    return 1;
  }
  writeJwks(jwksPath, { keys: remaining });
  io.out(`removed ${kid}; ${jwksPath} now trusts: ${remaining.map((k) => k.kid).join(', ')}`);
  return 0;
}

function commandList(args: string[], io: KeysIo): number {
  const jwks = readHopJwksFile(resolve(required(parseOptions(args, ['jwks']), 'jwks')));
  for (const key of jwks.keys) io.out(isDevelopmentHopKid(key.kid) ? `${key.kid}   (${key.alg}, built-in development key: refused outside GERBANG_DEV_MODE)` : `${key.kid}   (${key.alg})`);
  return 0;
}

function commandKid(args: string[], io: KeysIo): number {
  io.out(publicJwkOf(readHopPrivateKeyFile(resolve(required(parseOptions(args, ['from']), 'from')))).kid);
  return 0;
}

function commandBench(args: string[], io: KeysIo): number {
  const options = parseOptions(args, ['count']);
  const count = options.count === undefined ? 2_000 : Number(options.count);
  if (!Number.isInteger(count) || count < 100) throw new UsageError('--count must be a whole number of at least 100');
  const figures = benchHopAlgorithms(count);
  io.out(`One hop token, µs (median of 5 alternating rounds of ${count}); the gateway signs once per subgraph call, the subgraph verifies once:`);
  io.out('| algorithm | sign | verify |');
  io.out('|---|---:|---:|');
  for (const f of figures) io.out(`| ${f.alg} | ${f.signMicros.toFixed(1)} | ${f.verifyMicros.toFixed(1)} |`);
  return 0;
}

/** Runs one command; returns the exit code (0 done, 1 refused or failed, 2 bad usage). */
export function runHopKeysCommand(argv: string[], io: KeysIo = consoleIo): number {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'new':
        return commandNew(args, io);
      case 'add-public':
        return commandAddPublic(args, io);
      case 'remove':
        return commandRemove(args, io);
      case 'list':
        return commandList(args, io);
      case 'kid':
        return commandKid(args, io);
      case 'bench':
        return commandBench(args, io);
      case 'help':
      case '--help':
      case '-h':
        io.out(usage());
        return 0;
      default:
        io.err(command === undefined ? 'no command given' : `unknown command "${command}"`);
        io.err(usage());
        return 2;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${command}: ${error.message}`);
      io.err(usage());
      return 2;
    }
    if (error instanceof HopKeyError) {
      io.err(error.message);
      return 1;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string') {
      io.err(error instanceof Error ? error.message : String(error));
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  process.exitCode = runHopKeysCommand(process.argv.slice(2));
}
