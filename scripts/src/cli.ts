// Deep import on purpose: the package index loads Nest (see databases.ts).
import { ConfigError } from '../../libs/platform/src/config/load-config';

/**
 * Bazaar's own tooling, built with the apps: `node dist/scripts/.../cli.js <command>` (see scripts/run.js). Each
 * command is loaded only when asked for, so the launcher does not carry the migrator or the key tools.
 */
async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'db':
      return (await import('./db-command')).dbCommand(args);
    case 'launch':
      return (await import('./launcher/launch')).launch(args);
    case 'keys':
      return (await import('./keys-command')).keysCommand(args);
    case 'reconcile':
      return (await import('./reconcile/reconcile-command')).reconcileCommand(args);
    default:
      console.error('usage: cli <db|launch|keys|reconcile> ...');
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
