// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The committed client types must be what the committed API document generates (as the proto's code is). */
describe('src/generated/api.d.ts', () => {
  it('matches apps/gateway/openapi.json (run `npm run web:client` after `npm run openapi`)', () => {
    const check = () =>
      execFileSync(process.execPath, ['scripts/web-client.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(check).not.toThrow();
  });
});
