// Five tiers, one project each: `npm test` runs them all, `npm run test:<tier>` one. A sixth project,
// `e2e-production`, runs some of the e2e suites again on the production profile (the machine's PostgreSQL, RabbitMQ
// and Redis, service tokens required): `npm run test:production`, not part of `npm test`.
const os = require('node:os');

// The e2e suites whose platform differs between the profiles: service tokens on every call, the databases and
// migrations, catalog with a crashing service, checkout across orders, inventory (gRPC), payments (RPC over
// RabbitMQ), the card processor and the events to notifications, rate limits in Redis, key rotation.
const PRODUCTION_SUITES = ['auth', 'catalog', 'checkout'];

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
    {
      ...shared,
      displayName: 'e2e-production',
      testMatch: [
        ...PRODUCTION_SUITES.map((suite) => `<rootDir>/test/e2e/${suite}.e2e-spec.ts`),
        '<rootDir>/test/production/**/*.prod-spec.ts',
      ],
      setupFilesAfterEnv: ['<rootDir>/test/support/production-profile.setup.ts'],
    },
    { ...shared, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
    // `npm run new:service` end to end in a copy of the repository: minutes, since it builds and starts the platform.
    { ...shared, displayName: 'generator', testMatch: ['<rootDir>/test/generator/**/*.gen-spec.ts'] },
  ],
  testTimeout: 60_000,
  // At least two workers, also on two cores (Jest's default there is one): the suites mostly wait on the services
  // and databases they start. Measured on a 2-core VM: the whole suite in 483 s with two, 723 s with one.
  maxWorkers: Math.max(2, os.availableParallelism() - 1),
};
