import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeSupergraph } from '@core/schema/compose';
import { SUPERGRAPH_PATH } from '@core/schema/subgraphs';

/** The committed supergraph and generated resolver types must match the SDL they come from. */
describe('generated artifacts are up to date', () => {
  it('schema/supergraph.graphql is what `npm run compose` produces', () => {
    expect(readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(composeSupergraph());
  });

  it('resolver types are what `npm run codegen` produces', () => {
    const root = join(__dirname, '..', '..');
    // --check exits non-zero, naming the stale files, when generation would change anything.
    expect(() => execFileSync(join(root, 'node_modules', '.bin', 'graphql-codegen'), ['--config', 'codegen.yml', '--check'], { cwd: root, stdio: 'pipe' })).not.toThrow();
  });
});
