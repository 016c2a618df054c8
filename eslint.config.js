// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'models/cache/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly', TextDecoder: 'readonly', AbortController: 'readonly', Blob: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { patterns: [{ group: ['msw', 'nock'], message: 'Tests talk to real servers on 127.0.0.1, never to HTTP mocks.' }] }],
    },
  },
  {
    // The desk's one browser script.
    files: ['src/web/static/*.js'],
    languageOptions: { globals: { document: 'readonly' } },
  },
  {
    // Pure logic never reaches for I/O: see shared/DESIGN.md.
    files: ['src/ingest/{canonical-url,dates,fingerprint,prepare,text}.ts', 'src/review/{roles,clarification-text,password}.ts', 'src/web/views/highlight.ts', 'src/fetch/charset.ts', 'src/sources/article-extract.ts'],
    // Types from the schema are fine; values from db/ or fetch/ are not.
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['**/db/*', '**/fetch/http-client*', 'node:fs*', 'node:http*'], allowTypeImports: true }] }],
    },
  },
);
