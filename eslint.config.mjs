// ESLint flat configuration: typescript-eslint's type-aware rules over the TypeScript sources.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', '.vscode-test/', 'test-results/', '.cache/', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
      eqeqeq: ['warn', 'always'],
    },
  },
  {
    // The core is pure: no editor, no protocol, no file system, no process.
    files: ['server/src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['vscode', 'vscode-*'], message: 'core/ must not depend on the editor or the protocol.' },
            {
              group: ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'https'],
              message: 'core/ does no I/O.',
            },
          ],
        },
      ],
    },
  },
);
