/**
 * `npm test`: type check, lint, every jest suite on the embedded default (SQLite, in-process),
 * then every suite again on MariaDB when MYSQL_URL is set. A server that is configured but not
 * reachable is reported and skipped, unless GERBANG_REQUIRE_SERVERS=1 (CI), where it fails.
 * Extra arguments go to jest (e.g. `npm test -- tests/e2e`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pingMysqlServer } from '@core/sql/app-database';

const root = join(__dirname, '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const jestArgs = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps: string[] = [];

function step(title: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  process.stdout.write(`\n== ${title}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, APOLLO_TELEMETRY_DISABLED: 'true', ...env } });
  if (result.status !== 0) failedSteps.push(title);
  return result.status === 0;
}

function jestPass(title: string, backend: 'sqlite' | 'mysql'): boolean {
  mkdirSync(join(root, 'var'), { recursive: true });
  const results = join(root, 'var', `jest-${backend}.json`);
  const ok = step(title, bin('jest'), ['--json', `--outputFile=${results}`, ...jestArgs], { GERBANG_TEST_SQL: backend });
  try {
    const json = JSON.parse(readFileSync(results, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
    totals.passed += json.numPassedTests;
    totals.failed += json.numFailedTests;
    totals.skipped += json.numPendingTests;
  } catch {
    totals.failed += 1; // jest died before writing results
  }
  return ok;
}

async function mariadbReachable(url: string): Promise<string | undefined> {
  try {
    await pingMysqlServer(url);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function main(): Promise<number> {
  let ok = true;
  ok = step('type check (tsc)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']) && ok;
  ok = step('lint (eslint)', bin('eslint'), ['.']) && ok;
  ok = jestPass('tests on the embedded default (SQLite)', 'sqlite') && ok;

  const mysqlUrl = process.env.MYSQL_URL;
  const required = process.env.GERBANG_REQUIRE_SERVERS === '1';
  if (!mysqlUrl) {
    process.stdout.write('\n== MariaDB pass skipped: MYSQL_URL is not set (e.g. MYSQL_URL=mysql://root@127.0.0.1:3306 npm test)\n');
  } else {
    const problem = await mariadbReachable(mysqlUrl);
    if (problem) {
      process.stdout.write(`\n== MariaDB pass ${required ? 'FAILED' : 'skipped'}: MYSQL_URL is set but the server cannot be reached (${problem})\n`);
      if (required) ok = false;
    } else {
      ok = jestPass('tests on MariaDB (MYSQL_URL)', 'mysql') && ok;
    }
  }
  // The type check and the linter count as one failed check each in the closing line.
  const failedChecks = failedSteps.filter((title) => !title.startsWith('tests')).length;
  if (failedSteps.length > 0) process.stdout.write(`\nfailed: ${failedSteps.join('; ')}\n`);
  process.stdout.write(`\ntests: ${totals.passed} passed, ${totals.failed + failedChecks} failed, ${totals.skipped} skipped\n`);
  return ok && totals.failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
