/** Architecture rules checked in CI (`npm run deps:check`). */
module.exports = {
  forbidden: [
    {
      name: 'app-imports-other-app',
      comment: 'Apps talk over transports; what they share lives in libs/contracts or another lib.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'lib-imports-app',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'contracts-import-nothing-of-ours',
      comment:
        'libs/contracts is the bottom layer: every other part may import it, it imports no other part.',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: { path: '^(libs/(?!contracts/)|apps/|scripts/)' },
    },
    {
      name: 'prisma-only-in-repositories',
      comment:
        "Prisma's generated client, and the app's database class built on it, are used by <feature>.repository.ts " +
        'files and the database module only: services work with the repository and its own types.',
      severity: 'error',
      from: {
        path: '^apps/[^/]+/src/',
        pathNot: ['[.]repository[.]ts$', '/src/database/', '/src/generated/'],
      },
      to: { path: ['^apps/[^/]+/src/generated/prisma/', '^apps/[^/]+/src/database/[^/]+-database[.]ts$'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // Generated code is in the graph (rules name it) but never followed into.
    doNotFollow: { path: ['node_modules', '/generated/'] },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
