import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import fs from 'node:fs';
import path from 'node:path';
import { AppModule } from '../app.module';
import { buildOpenApiDocument } from './openapi-document';

export const OPENAPI_FILE = path.join('apps', 'gateway', 'openapi.json');

/** The document as committed: stable key order, two-space indent, trailing newline. */
export async function renderOpenApi(): Promise<string> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), {
    logger: false,
  });
  try {
    return `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

// `npm run openapi` writes the file; the drift test compares it with a fresh render.
if (require.main === module) {
  renderOpenApi().then(
    (text) => {
      fs.writeFileSync(OPENAPI_FILE, text);
      console.log(`wrote ${OPENAPI_FILE}`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
