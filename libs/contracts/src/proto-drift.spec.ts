import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const COMMITTED = path.join(ROOT, 'libs', 'contracts', 'src', 'generated');

/** The generated TypeScript is committed; regenerating it from the .proto files must change nothing. */
describe('code generated from libs/contracts/proto', () => {
  it('is what `npm run proto` writes today', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-proto-'));
    try {
      const result = spawnSync(process.execPath, ['scripts/proto.js', '--out', out], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const generated = fs.readdirSync(out).sort();
      expect(fs.readdirSync(COMMITTED).sort()).toEqual(generated);
      for (const file of generated) {
        const fresh = fs.readFileSync(path.join(out, file), 'utf8');
        const committed = fs.readFileSync(path.join(COMMITTED, file), 'utf8');
        if (fresh !== committed)
          throw new Error(`${file} is stale: run \`npm run proto\` and commit the result`);
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 30_000);
});
