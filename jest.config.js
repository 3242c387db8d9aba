// Five tiers, one project each: `npm test` runs them all, `npm run test:<tier>` one.
const os = require('node:os');

const tsJest = ['ts-jest', { diagnostics: false }];

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': tsJest,
    // Prisma's wasm schema engine ships as ESM; Jest's CommonJS runtime needs it transpiled.
    '^.+/@prisma/schema-engine-wasm/.+\\.js$': [
      'ts-jest',
      { diagnostics: false, tsconfig: { allowJs: true } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!@prisma/schema-engine-wasm/)'],
  moduleNameMapper: {
    '^@bazaar/(contracts|platform|health|metrics|persistence|auth|messaging|resilience|discovery|observability)$':
      '<rootDir>/libs/$1/src',
  },
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts}/**/src/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/{apps,libs}/*/test/**/*.int-spec.ts',
        '<rootDir>/test/integration/**/*.int-spec.ts',
      ],
      globalSetup: '<rootDir>/test/support/database.global-setup.ts',
      globalTeardown: '<rootDir>/test/support/database.global-teardown.ts',
    },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    { ...shared, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
    // `npm run new:service` end to end in a copy of the repository: minutes, since it builds and starts the platform.
    { ...shared, displayName: 'generator', testMatch: ['<rootDir>/test/generator/**/*.gen-spec.ts'] },
  ],
  testTimeout: 60_000,
  // At least two workers, also on two cores (Jest's default there is one): the suites mostly wait on the services
  // and databases they start. Measured on a 2-core VM: the whole suite in 483 s with two, 723 s with one.
  maxWorkers: Math.max(2, os.availableParallelism() - 1),
};
