// Lint rules that keep the layers honest: the flow core imports nothing of ours,
// libs never import apps, and apps never import each other.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'libs/database/src/generated/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['libs/**/*.ts', 'libs/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/apps/**', '@leadline/api', '@leadline/worker', '@leadline/editor'] },
      ],
    },
  },
  {
    files: ['libs/flow-core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: ['@leadline/*', '**/apps/**', 'node:*'],
          paths: ['fs', 'path', 'http', 'https', 'net', 'crypto', 'child_process'],
        },
      ],
    },
  },
  {
    files: ['apps/api/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/apps/worker/**', '@leadline/worker'] }] },
  },
  {
    files: ['apps/worker/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/apps/api/**', '@leadline/api'] }] },
  },
  {
    // Each test file has a Redis of its own (libs/testing, CONTRIBUTING.md): a hard-coded server or
    // logical database would be shared with whatever file Jest runs beside it, and flushed by it.
    files: ['**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test/support/**/*.ts', 'tools/e2e/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Literal[value=/^rediss?:\\/\\/[^/]*:6379/]',
          message:
            "Use the test file's own Redis: testRedisUrl() / testRedisConnection() from @leadline/testing.",
        },
        {
          selector: 'TemplateElement[value.raw=/^rediss?:\\/\\/[^/]*:6379/]',
          message:
            "Use the test file's own Redis: testRedisUrl() / testRedisConnection() from @leadline/testing.",
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
