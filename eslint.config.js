// Lint rules that keep the architecture honest: the billing core, the renderers and the file formats they
// share with the readers are pure (no I/O, no clock, no process), and only src/cli talks to the process.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'process', 'crypto', 'stream', 'util'];

const noProcess = {
  'no-restricted-globals': [
    'error',
    { name: 'process', message: 'Only src/cli may touch process.' },
  ],
};

const noClock = {
  'no-restricted-syntax': [
    'error',
    { selector: "CallExpression[callee.object.name='DateTime'][callee.property.name='now']", message: 'The pure core never reads the clock; take the month as an argument.' },
    { selector: "CallExpression[callee.object.name='DateTime'][callee.property.name='local']", message: 'The pure core never reads the clock; take the month as an argument.' },
    { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'The pure core never reads the clock.' },
    { selector: "NewExpression[callee.name='Date']", message: 'The pure core never reads the clock or builds Date objects.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'scratch/', 'bench/data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', TextDecoder: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['src/billing/**/*.ts', 'src/report/**/*.ts', 'src/formats/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'The billing core and renderers do no I/O.' },
            { group: ['chalk', 'commander'], message: 'Colours and argument parsing belong to src/cli.' },
            { group: ['**/io/*', '**/cli/*'], message: 'The pure layers never import the edges.' },
            { group: ['luxon'], message: 'Dates are ISO strings inside the core; luxon lives at the edges (src/io, src/cli).' },
          ],
        },
      ],
      ...noProcess,
      ...noClock,
      'no-console': 'error',
    },
  },
  {
    files: ['src/io/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['chalk', 'commander', '**/cli/*'], message: 'src/io reads and writes files; the terminal belongs to src/cli.' },
            { group: ['**/report/*'], message: 'src/io reads and writes bytes; what they say is rendered by src/report (shared file formats live in src/formats).' },
          ],
        },
      ],
      ...noProcess,
      'no-console': 'error',
    },
  },
);
