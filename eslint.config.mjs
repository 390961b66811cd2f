import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'var/**', 'dist/**', '**/generated/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // process.env is read in one place per process: the config modules built on core/config.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through the process config module (core/config).' }],
      // A request's loaders are made one way (scheduled so that a busy moment does not split a batch).
      'no-restricted-syntax': ['error', {
        selector: "NewExpression[callee.name='DataLoader']",
        message: 'Make a request\'s loader with requestLoader(deadline, …) (core/graphql/request-loader.ts).',
      }],
    },
  },
  {
    // Worker threads are started by Node itself, outside jest's and tsx's TypeScript handling, so
    // they are plain CommonJS files (legacy-adapters/base/sql/sqlite/sqlite-worker.js).
    files: ['legacy-adapters/**/*-worker.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['core/graphql/request-loader.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Tests probe JSON responses of known shape; typing every one adds noise, not safety. And they
    // build loaders on DataLoader's own schedule to show what a request's loaders do differently.
    files: ['**/*.test.ts', 'tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-restricted-syntax': 'off' },
  },
  {
    // The config modules read process.env; scripts and tests hand environments to the processes they start.
    files: ['core/config/**', 'tests/**', 'scripts/**', '**/*.config.js', 'jest.config.js'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
