import { productionRequirements } from './production-servers';
import { describeIf } from './skip';

/**
 * The e2e-production project: the same suites as the e2e project, each platform started with `--profile
 * production` (see startPlatform). Without the servers it needs, each suite says so in one line and skips, or
 * fails in CI, as suites that need a server do (skip.ts): the top-level `describe` of each file is declared
 * through describeIf, so the suites themselves stay as they are.
 */
process.env.E2E_PROFILE = 'production';

const ready = productionRequirements();
if (!ready.ok) {
  const original = describe;
  const declare = describeIf(false, ready.missing, original);
  // Only a file's top-level suites: the nested ones are declared by the original, inside a skipped parent.
  const topLevel: jest.Describe = Object.assign<(name: string, body: () => void) => void, jest.Describe>(
    (name, body) => {
      globalThis.describe = original;
      try {
        declare(name, body);
      } finally {
        globalThis.describe = topLevel;
      }
    },
    original,
  );
  globalThis.describe = topLevel;
}
