import fs from 'node:fs';
import path from 'node:path';
import { DATABASE_SERVICES } from '@bazaar/contracts';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const runtime = (build: string) =>
  require.resolve(`@prisma/client/runtime/query_compiler_${build}_bg.postgresql.wasm-base64.js`);

/**
 * Every service's Prisma client loads the query compiler built for size (`compilerBuild = "small"` in its
 * schema), which is what keeps a service's RSS within its budget: docs/adr/0016-service-memory.md.
 */
describe('the Prisma query compiler of each service', () => {
  it('is the build for size, about half the WebAssembly of the fast one', () => {
    const small = fs.statSync(runtime('small')).size;
    const fast = fs.statSync(runtime('fast')).size;
    expect(small).toBeLessThan(fast * 0.6);
  });

  it.each(DATABASE_SERVICES)('%s: its generated client loads the small build', (service) => {
    const client = path.join(ROOT, 'apps', service, 'src', 'generated', 'prisma', 'internal', 'class.ts');
    const source = fs.readFileSync(client, 'utf8');
    expect(source).toContain(`query_compiler_small_bg.postgresql.wasm-base64.js`);
    expect(source).not.toContain('query_compiler_fast_bg');
  });
});
