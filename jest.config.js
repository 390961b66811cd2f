/**
 * One jest configuration for every suite. Type checking is `npm run typecheck`'s job, so ts-jest
 * only transpiles (tsconfig has isolatedModules) and suites start fast.
 * The SQL backend a run uses is chosen by GERBANG_TEST_SQL (see tests/support/legacy-databases.ts);
 * `npm test` runs everything once on SQLite and once more on MariaDB when MYSQL_URL is set.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/core', '<rootDir>/gateway', '<rootDir>/subgraphs', '<rootDir>/legacy-adapters', '<rootDir>/legacy-sim', '<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleNameMapper: {
    '^@core/(.*)$': '<rootDir>/core/$1',
    '^@adapters/(.*)$': '<rootDir>/legacy-adapters/$1',
    '^@sim/(.*)$': '<rootDir>/legacy-sim/$1',
  },
  setupFiles: ['<rootDir>/tests/support/jest-setup.ts'],
  testTimeout: 30000,
};
