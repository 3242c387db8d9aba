import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SERVICES } from '../../../libs/contracts/src/services';
import { SERVICE_NODE_FLAGS } from './service-node-flags';

const DOCKERFILE = path.resolve(__dirname, '..', '..', '..', 'docker', 'Dockerfile');

/** Each app image's CMD as [flags, entry]: `CMD ["node", <flags...>, "dist/apps/<app>/.../main.js"]`. */
function imageCommands(): Map<string, string[]> {
  const commands = new Map<string, string[]>();
  for (const line of fs.readFileSync(DOCKERFILE, 'utf8').split('\n')) {
    if (!line.startsWith('CMD ["node"')) continue;
    const args = JSON.parse(line.slice('CMD '.length)) as string[];
    const entry = args[args.length - 1];
    const app = /^dist\/apps\/([a-z-]+)\//.exec(entry)?.[1];
    if (app) commands.set(app, args.slice(1, -1));
  }
  return commands;
}

describe('the Node flags of service processes', () => {
  it('are the same in every Docker image as under the launcher', () => {
    const commands = imageCommands();
    expect([...commands.keys()].sort()).toEqual(Object.keys(SERVICES).sort());
    for (const [app, flags] of commands) expect({ app, flags }).toEqual({ app, flags: SERVICE_NODE_FLAGS });
  });

  it('are accepted by this Node, which refuses an unknown flag', () => {
    const run = (flags: readonly string[]) =>
      spawnSync(
        process.execPath,
        [...flags, '-e', 'process.stdout.write(JSON.stringify(process.execArgv))'],
        {
          encoding: 'utf8',
        },
      );
    const accepted = run(SERVICE_NODE_FLAGS);
    expect({ status: accepted.status, stderr: accepted.stderr }).toEqual({ status: 0, stderr: '' });
    expect((JSON.parse(accepted.stdout) as string[]).slice(0, SERVICE_NODE_FLAGS.length)).toEqual(
      SERVICE_NODE_FLAGS,
    );
    // The check above means something only if a flag Node does not know fails the start.
    expect(run(['--liftoff-only-not-a-flag']).status).not.toBe(0);
  });
});
