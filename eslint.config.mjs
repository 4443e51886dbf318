// One flat config for the whole workspace: typescript-eslint's recommended rules, Vue's for the SPA,
// Prettier owns layout.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.data/**',
      '.nx/**',
      '**/coverage/**',
      'libs/api-client/src/schema.d.ts',
      '**/test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    // Everything outside the SPA's sources runs on Node: the API, scripts, tests and tool configs.
    ignores: ['apps/web/src/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['apps/web/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.js'],
    ignores: ['apps/web/**'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    // A CommonJS module (shared by the ES-module scripts and the CommonJS tests) can only require().
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // TypeORM's API types entity and migration classes as `Function`, so code handing it lists of them does too.
    files: ['apps/api/src/database/**/*.ts', 'apps/api/src/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-function-type': 'off' },
  },
  prettier,
);
