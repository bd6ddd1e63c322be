// ESLint flat config: typescript-eslint recommended rules for src/, test/ and bench/, plain
// recommended rules for the browser scripts in public/ (no build step, no framework).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', 'drizzle/meta/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: ['src/cli.ts', 'src/catalog/content-check.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['public/**/*.js', 'test/fixtures/**/*.js'],
    languageOptions: {
      ecmaVersion: 2019,
      sourceType: 'script',
      globals: { window: 'readonly', document: 'readonly', fetch: 'readonly', navigator: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', sessionStorage: 'readonly', MessageEvent: 'readonly', speechSynthesis: 'readonly', SpeechSynthesisUtterance: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', Promise: 'readonly', location: 'readonly', HTMLElement: 'readonly', Event: 'readonly', CustomEvent: 'readonly', requestAnimationFrame: 'readonly', matchMedia: 'readonly', JSON: 'readonly' },
    },
    rules: { '@typescript-eslint/no-unused-vars': 'off', 'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }] },
  },
  {
    files: ['*.js', '*.mjs', 'jest.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
