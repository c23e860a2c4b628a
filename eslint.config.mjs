// typescript-eslint's recommended type-checked rules over every TypeScript file. The project service
// type-checks each file with its nearest tsconfig.json: miniprogram/** with miniprogram/tsconfig.json
// (WeChat's API typings, no Node), everything else with the root one.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.build/',
      '.localcloud/',
      'coverage/',
      'miniprogram/**/miniprogram_npm/',
      // Build output (esbuild bundles, WeChat's compiled pages); *.wxs.js is WXS, not linted here.
      'cloudfunctions/*/index.js',
      'miniprogram/**/*.js'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname
      }
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // As tsc's noUnused*: a leading `_` marks a name unused on purpose; `{ a, ...rest }` omits a field.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true
        }
      ],
      // Refusing control characters in untrusted names and paths is exactly what those patterns are for.
      'no-control-regex': 'off'
    }
  },
  {
    // wx.* APIs fail with plain { errMsg } objects; the mini-program's wrappers and the wx simulator
    // pass them on unchanged, as callers (and WeChat's own code) expect.
    files: ['miniprogram/**/*.ts', 'test/support/simulate-wx.ts'],
    rules: { '@typescript-eslint/prefer-promise-reject-errors': 'off' }
  },
  {
    // Tool configs in plain JavaScript: no type information; jest.config.js is CommonJS.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked]
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  }
);
