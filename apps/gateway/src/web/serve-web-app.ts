import { access } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@bazaar/platform';
import { WEB_CACHE_CONTROL, WebFileKind } from './web-cache-policy';
import { isWebAppBuilt, WEB_INDEX } from './web-root';
import { WEB_APP_ROUTES, WEB_ASSETS_PREFIX } from './web-routes';

/** A file name at the root of the build (favicon.svg): no folder, no dotfile. */
const ROOT_FILE_NAME = /^[\w-][\w.-]*$/;

/**
 * The web app from its build folder: the content-hashed assets, the few files at its root, and index.html for
 * each of the app's routes. Plain Fastify routes, outside Nest's guards: none of this is the API, needs a token
 * or counts against a user's rate limit. Registered after compression, whose hook then applies to them; the
 * security headers (with the same Content-Security-Policy as the API's) are set for every answer already.
 * A missing build leaves the API working: one warning at start, and a 404 problem where the app would be.
 */
export async function serveWebApp(app: NestFastifyApplication, root: string): Promise<void> {
  if (!isWebAppBuilt(root)) {
    new Logger('Web').warn({
      root,
      msg: `no web app in ${root}: run \`npm run build:web\` to build it; the API is served without it`,
    });
  }
  await app.register(fastifyStatic, {
    root,
    // No catch-all route: only the routes below answer with files, so unknown paths stay 404 problems.
    serve: false,
    index: false,
    dotfiles: 'ignore',
    // Set by kind of file below; send's own default (max-age=0) would otherwise replace it.
    cacheControl: false,
    // The missing folder is reported above, in this service's log format.
    suppressWarning: true,
    setHeaders: (reply: FastifyReply, file: string) => {
      void reply
        .header('cache-control', WEB_CACHE_CONTROL[kindOf(root, file)])
        // Whether or not this answer is compressed, a shared cache must keep one copy per encoding.
        .header('vary', 'accept-encoding');
    },
  });
  const fastify = app.getHttpAdapter().getInstance();

  fastify.get(`${WEB_ASSETS_PREFIX}*`, (request: FastifyRequest<{ Params: { '*': string } }>, reply) =>
    reply.sendFile(path.posix.join(WEB_ASSETS_PREFIX, request.params['*'])),
  );

  fastify.get('/:file', (request: FastifyRequest<{ Params: { file: string } }>, reply) => {
    if (!ROOT_FILE_NAME.test(request.params.file)) return reply.callNotFound();
    return reply.sendFile(request.params.file);
  });

  const index = async (_request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    // Looked for on each load rather than once: a build made while the gateway runs is served at once.
    if (!(await exists(path.join(root, WEB_INDEX)))) {
      throw new DomainError('NOT_FOUND', 'The web app is not built on this server: run `npm run build:web`.');
    }
    return reply.sendFile(WEB_INDEX);
  };
  for (const route of WEB_APP_ROUTES) fastify.get(route, index);
}

function kindOf(root: string, file: string): WebFileKind {
  const relative = path.relative(root, file);
  if (relative === WEB_INDEX) return 'index';
  return relative.startsWith(`assets${path.sep}`) ? 'asset' : 'rootFile';
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
