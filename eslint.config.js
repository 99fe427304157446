// The code's promises, checked: who may print, who may exit, and which layer may import which.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, flatConfigs as importX } from 'eslint-plugin-import-x';

// A CLI flag in text: "--" and a letter, at the start or after a space, quote, backquote or parenthesis.
const FLAG_TEXT = String.raw`/(^|[\s\x60'"(])--[a-z]/`;
const FLAG_NOTE = 'the library names its own options (option() from src/errors/option.ts); the CLI words them as flags';
const LIBRARY_NOTE = 'the library reports through its return values, a Logger and AegisError; only src/cli/output.ts writes';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/generated/**', 'coverage/**', '.aegis/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX.recommended.plugins['import-x'] },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } })],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-console': ['error'],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'stdout', message: LIBRARY_NOTE },
        { object: 'process', property: 'stderr', message: LIBRARY_NOTE },
        { object: 'process', property: 'exit', message: 'only runProgram in src/cli/run.ts ends the process' },
      ],
      // Static cycles only: migrate up loads its hazard gate (which traces on a scratch copy it migrates) by
      // dynamic import, on the one path that needs it.
      'import-x/no-cycle': ['error', { allowUnsafeDynamicCyclicDependency: true }],
    },
  },
  {
    // The library never reaches up into the CLI, nor into the test helpers of src/testing.
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)cli/', message: 'the library does not import the CLI' },
            { regex: '(^|/)testing/', message: 'src/testing is built on the library, not the other way round' },
          ],
        },
      ],
    },
  },
  {
    // The library explains in its own terms: an error names an option with option() (src/errors/option.ts),
    // which the CLI words as its flag. A literal "--flag" belongs to src/cli.
    files: ['src/**/*.ts'],
    ignores: [
      'src/cli/**',
      // Arguments of the programs these run: squawk's and pg_dump's own flags.
      'src/lint/run-squawk.ts',
      'src/database/embedded-dump.ts',
      // The exit-code table is CLI documentation by design: README ("Exit codes") and --help render it.
      'src/errors/exit-codes.ts',
      // docs/cli.md, rendered from every command's --help.
      'src/docs-gen/render-cli-reference.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `Literal[value=${FLAG_TEXT}]`, message: FLAG_NOTE },
        { selector: `TemplateElement[value.raw=${FLAG_TEXT}]`, message: FLAG_NOTE },
      ],
    },
  },
  {
    // A packaging script (npm pack's prepack), not a module of the library: it reports what it shipped.
    files: ['src/database/ship-base-cluster.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['src/cli/output.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'only runProgram in src/cli/run.ts ends the process' },
      ],
    },
  },
  {
    files: ['src/cli/run.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'stdout', message: 'write through Output' },
        { object: 'process', property: 'stderr', message: 'write through Output' },
      ],
    },
  },
  {
    // The CLI is a shell over the public API: from outside src/cli it imports src/index.ts alone.
    files: ['src/cli/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./(?!index\\.js$)', message: 'the CLI imports the library through src/index.ts only' }] },
      ],
    },
  },
  {
    files: ['src/cli/commands/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./\\.\\./(?!index\\.js$)', message: 'the CLI imports the library through src/index.ts only' }] },
      ],
    },
  },
);
