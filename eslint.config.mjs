// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import security from 'eslint-plugin-security';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      '.bazaar/',
      'apps/*/src/generated/',
      '*.config.js',
      '*.config.mjs',
      '.dependency-cruiser.js',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  // Flags eval, child_process with variables, unsafe regexes, timing-unsafe comparisons and the like.
  security.configs.recommended,
  {
    rules: {
      // Noise under TypeScript: typed keys and configured paths, not attacker-chosen ones, index objects and
      // name files here. Every other rule of the plugin is an error.
      'security/detect-object-injection': 'off',
      'security/detect-non-literal-fs-filename': 'off',
      ...Object.fromEntries(
        Object.keys(security.configs.recommended.rules)
          .filter(
            (rule) =>
              !['security/detect-object-injection', 'security/detect-non-literal-fs-filename'].includes(rule),
          )
          .map((rule) => [rule, 'error']),
      ),
    },
  },
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The web app: the rules of hooks (a hook called conditionally breaks React's state silently) and the
    // accessibility rules that can be read from JSX (labels, roles, keyboard handlers beside click handlers).
    files: ['apps/web/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['apps/web/**/*.tsx'],
    ...jsxA11y.flatConfigs.recommended,
  },
  {
    files: ['**/*.spec.ts', '**/*-spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The service generator (a Nest CLI schematics collection): CommonJS, as the schematics engine loads it, type
    // checked through its JSDoc by tools/schematics/tsconfig.json. Its templates (files/**/*.template) are not code.
    files: ['tools/schematics/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: Object.fromEntries(
        ['require', 'module', 'process', 'console', 'Buffer', '__dirname'].map((name) => [name, 'readonly']),
      ),
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Plain CommonJS scripts (set-up, audit, benchmarks, test fixtures): syntax-level rules, no type information.
    files: ['bench/**/*.js', 'scripts/*.js', 'test/fixtures/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'commonjs',
      globals: Object.fromEntries(
        ['require', 'module', 'process', 'console', 'Buffer', '__dirname', 'fetch', 'setTimeout'].map(
          (name) => [name, 'readonly'],
        ),
      ),
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Plain ES module scripts (the Kubernetes validator: kubernetes-models is ESM-only; the web client generator)
    // and the browser modules the bundle budget's build test bundles.
    files: ['scripts/*.mjs', 'apps/web/build/fixtures/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'module',
      globals: Object.fromEntries(['process', 'console', 'document'].map((name) => [name, 'readonly'])),
    },
  },
);
