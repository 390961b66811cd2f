/**
 * One jest configuration for every suite. Type checking is `npm run typecheck`'s job, so the
 * suites are only transpiled, by SWC (@swc/jest): on a fresh clone (CI), where jest's transform
 * cache is cold, ts-jest took twice as long to start each suite.
 * The SQL backend a run uses is chosen by GERBANG_TEST_SQL (see tests/support/legacy-databases.ts);
 * `npm test` runs everything once on SQLite and once more on MariaDB when MYSQL_URL is set.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/core', '<rootDir>/gateway', '<rootDir>/subgraphs', '<rootDir>/legacy-adapters', '<rootDir>/legacy-sim', '<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  moduleNameMapper: {
    '^@core/(.*)$': '<rootDir>/core/$1',
    '^@adapters/(.*)$': '<rootDir>/legacy-adapters/$1',
    '^@sim/(.*)$': '<rootDir>/legacy-sim/$1',
  },
  setupFiles: ['<rootDir>/tests/support/jest-setup.ts'],
  testTimeout: 30000,
};
