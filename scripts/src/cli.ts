import { ConfigError } from '@bazaar/platform';
import { dbCommand } from './db-command';
import { keysCommand } from './keys-command';
import { launch } from './launcher/launch';

/** Bazaar's own tooling, built with the apps: `node dist/scripts/.../cli.js <command>` (see scripts/run.js). */
async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'db':
      return dbCommand(args);
    case 'launch':
      return launch();
    case 'keys':
      return keysCommand(args);
    default:
      console.error('usage: cli <db|launch|keys> ...');
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A bad variable is the user's to fix: say which, without a stack trace.
    if (error instanceof ConfigError) console.error(error.message);
    else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
