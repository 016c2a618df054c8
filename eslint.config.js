// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The layers above the repositories (src/<layer>/). */
const LAYERS = [
  'alerts',
  'classify',
  'cli',
  'fetch',
  'health',
  'images',
  'ingest',
  'jobs',
  'learning',
  'pipeline',
  'report',
  'review',
  'sources',
  'tipline',
  'web',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'models/cache/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
        TextDecoder: 'readonly',
        AbortController: 'readonly',
        Blob: 'readonly',
      },
    },
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
    // Layers (shared/DESIGN.md): only the web layer and the CLI use the web layer's modules.
    files: ['src/*/**/*.ts'],
    ignores: ['src/web/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/web/*', '**/web/**'],
              message: 'Only src/web and src/cli use the web layer; move what you need below it (zoned-time.ts, vocabulary.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // SQL lives in the repositories (src/db): one query per function, named for what it reads or writes.
    files: ['src/**/*.ts'],
    ignores: ['src/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)$/]',
          message: 'Queries belong in a repository function under src/db.',
        },
      ],
    },
  },
  {
    // Repositories hold queries, not rules: they may name another layer's types but never call it.
    files: ['src/db/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: LAYERS.map((l) => `../${l}/*`),
              allowTypeImports: true,
              message: 'A repository may import types from other layers, never values: put the rule in a service.',
            },
          ],
        },
      ],
    },
  },
  {
    // Pure logic never reaches for I/O: see shared/DESIGN.md.
    files: [
      'src/zoned-time.ts',
      'src/ingest/{canonical-url,dates,fingerprint,prepare,text}.ts',
      'src/review/{roles,clarification-text,password,registry-entry,notifications}.ts',
      'src/classify/{claim-match,cues,fast-features,hoax-members,logreg,police-flags,police-ranks,score,softmax,text-features,tfidf,thresholds,topics,triage-signals}.ts',
      'src/report/{charts,iso-week,weekly-html}.ts',
      'src/alerts/{plan,spikes,message}.ts',
      'src/health/source-health.ts',
      'src/learning/{agreement,gates,spread}.ts',
      'src/web/views/highlight.ts',
      'src/fetch/charset.ts',
      'src/images/match.ts',
      'src/sources/{article-extract,feed-xml,html-depth,whatsapp-export}.ts',
    ],
    // Types from the schema are fine; values from db/ or fetch/ are not.
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/db/*', '**/fetch/http-client*', '**/web/*', 'node:fs*', 'node:http*', 'node:net', 'node:child_process', 'pg', '@electric-sql/*'],
              allowTypeImports: true,
              message: 'A pure module takes its data as arguments: do the I/O at the edge.',
            },
          ],
        },
      ],
    },
  },
  {
    // The vocabulary (codes and their Indonesian labels) is the bottom layer: it imports nothing of ours.
    files: ['src/vocabulary.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['./*', '../*'], message: 'vocabulary.ts imports nothing: everything else imports it.' }] }],
    },
  },
);
