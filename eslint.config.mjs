// Lint rules. The one that matters most: only the Electron edge may import `electron`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The only files allowed to import electron: lifecycle, window, security, IPC, preload (and later tray, notifier, secrets). */
export const electronEdgeFiles = [
  'electron/main/index.ts',
  'electron/main/window.ts',
  'electron/main/security.ts',
  'electron/main/ipc.ts',
  'electron/main/tray.ts',
  'electron/main/notifier.ts',
  'electron/main/secrets.ts',
  'electron/preload/index.ts',
];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.bench-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Only the Electron edge files may import electron (see eslint.config.mjs).' },
          ],
        },
      ],
    },
  },
  { files: electronEdgeFiles, rules: { 'no-restricted-imports': 'off' } },
  { files: ['tests/**/*.ts'], rules: { 'no-empty-pattern': 'off' } },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/electron/**', 'electron', 'node:*'],
              message: 'The renderer talks to the core only through the API contract.',
            },
          ],
        },
      ],
    },
  },
);
