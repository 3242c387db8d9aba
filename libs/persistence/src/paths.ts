import path from 'node:path';

/** Where the embedded profile keeps its data: `BAZAAR_HOME`, else `.bazaar/` in the working directory. */
export function bazaarHome(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.BAZAAR_HOME || path.join(process.cwd(), '.bazaar'));
}

/** `prisma/<service>/` holds a service's schema.prisma and migrations/ (relative to `BAZAAR_ROOT` or the cwd). */
export function prismaDir(service: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.BAZAAR_ROOT || process.cwd(), 'prisma', service);
}
