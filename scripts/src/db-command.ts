import { DATABASE_SERVICES, DatabaseServiceName } from '@bazaar/contracts';
import { Migrator } from '@bazaar/persistence';
import { resolveDatabases } from './databases';

const USAGE = `usage:
  db migrate               apply pending migrations of every service
  db status                show each service's migration status
  db create <service> <name>   write a new migration from prisma/<service>/schema.prisma`;

export async function dbCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (!['migrate', 'status', 'create'].includes(action ?? '')) {
    console.error(USAGE);
    return 2;
  }
  if (action === 'create' && (!isService(rest[0]) || !/^[a-z0-9_]{1,60}$/.test(rest[1] ?? ''))) {
    console.error(
      `${USAGE}\n\n<service> is one of: ${DATABASE_SERVICES.join(', ')}; <name> is lower_snake_case.`,
    );
    return 2;
  }
  const log = (message: string) => console.log(`[db] ${message}`);
  const { urls, server } = await resolveDatabases(log);
  try {
    const services = action === 'create' ? [rest[0] as DatabaseServiceName] : DATABASE_SERVICES;
    for (const service of services) {
      const migrator = await Migrator.open(service, urls[service]);
      try {
        if (action === 'migrate') {
          const applied = await migrator.deploy();
          log(`${service}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
        } else if (action === 'status') {
          const status = await migrator.status();
          log(`${service}: ${JSON.stringify(status)}`);
          if (!status.inSync) process.exitCode = 1;
        } else {
          const created = await migrator.create(rest[1]);
          log(
            created
              ? `${service}: created prisma/${service}/migrations/${created}`
              : `${service}: already in sync`,
          );
        }
      } finally {
        await migrator.close();
      }
    }
  } finally {
    await server?.stop();
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}

function isService(value: string | undefined): value is DatabaseServiceName {
  return (DATABASE_SERVICES as readonly string[]).includes(value ?? '');
}
