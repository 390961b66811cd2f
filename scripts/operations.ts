/**
 * `npm run operations`: rebuilds gateway/operations/manifest.json, the persisted (safelisted)
 * operations machine clients may run, from gateway/operations/*.graphql, checked against the
 * supergraph. `npm run operations -- --check` fails if the committed manifest is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { SUPERGRAPH_PATH } from '@core/schema/subgraphs';
import { buildManifest, MANIFEST_PATH, manifestText } from '../gateway/src/persisted-operations-build';

const text = manifestText(buildManifest(readFileSync(SUPERGRAPH_PATH, 'utf8')));
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(MANIFEST_PATH, 'utf8');
  } catch {
    // missing: out of date
  }
  if (current !== text) {
    process.stderr.write('gateway/operations/manifest.json is out of date: run `npm run operations`\n');
    process.exit(1);
  }
  process.stdout.write('persisted operations manifest is up to date\n');
} else {
  writeFileSync(MANIFEST_PATH, text);
  const count = (JSON.parse(text) as { operations: unknown[] }).operations.length;
  process.stdout.write(`wrote ${MANIFEST_PATH} (${count} operations)\n`);
}
