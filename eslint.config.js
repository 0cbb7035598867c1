// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// STYLE.md rule 1: dependencies point inward. domain/ is pure; app/ sees domain/ and its own ports only.
const IO_LIBRARIES = [
  'pg',
  'ioredis',
  'mongodb',
  '@grpc/grpc-js',
  'hono',
  'hono/*',
  '@hono/*',
  'rocketmq-client-nodejs',
  'node-pg-migrate',
  'node:fs',
  'node:net',
  'node:http',
  'fs',
  'net',
  'http',
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.run/**', 'pkg/src/gen/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: globals.node } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through pkg/src/config (STYLE.md rule 2).',
        },
      ],
    },
  },
  { files: ['pkg/src/config/**'], rules: { 'no-restricted-syntax': 'off' } },
  {
    files: ['service.*/src/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: IO_LIBRARIES.filter((name) => !name.includes('*')),
          patterns: [
            { group: ['**/app/**', '**/adapters/**', '**/app', '**/adapters'], message: 'domain/ must not depend on app/ or adapters/.' },
            { group: IO_LIBRARIES.filter((name) => name.includes('*')), message: 'domain/ must stay free of I/O libraries.' },
          ],
        },
      ],
    },
  },
  {
    files: ['service.*/src/app/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: IO_LIBRARIES.filter((name) => !name.includes('*')),
          patterns: [
            { group: ['**/adapters/**', '**/adapters'], message: 'app/ must not depend on adapters/: declare a port in app/ports.ts.' },
          ],
        },
      ],
    },
  },
);
