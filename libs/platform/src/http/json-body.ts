import type { Server } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { validationError } from '../errors/validation';

/**
 * The deepest nesting of arrays and objects a request body may have. Every Bazaar body is a few levels deep; a
 * hostile one (`[[[[…]]]]`, 20,000 levels in 40 kB) parses fine, then overflows the stack of whatever walks it
 * recursively (class-transformer, the validation pipe), which would answer 500.
 */
export const JSON_MAX_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether a JSON text nests arrays and objects deeper than `maxDepth`, read in one pass over its bytes before
 * it is parsed, stopping at the first level too deep. Brackets inside strings do not count. The text need not be
 * valid: the parser that runs next refuses what is not JSON.
 */
export function nestsDeeperThan(body: Buffer, maxDepth: number): boolean {
  // Each level costs at least one byte: a body this short cannot be too deep.
  if (body.length <= maxDepth) return false;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < body.length; index += 1) {
    const byte = body[index];
    if (inString) {
      if (byte === BACKSLASH) index += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth -= 1;
    }
  }
  return false;
}

/**
 * The one request body format of the platform: JSON, at most `JSON_MAX_DEPTH` levels deep, parsed by Fastify's
 * own parser (which also refuses `__proto__` and `constructor` keys). Any other content type is answered 415:
 * no route reads form or text bodies, and taking them would only turn a wrong content type into confusing
 * field errors. Called before the app initialises, which is when Nest would register its own parsers.
 */
export function installJsonBodyParser(app: NestFastifyApplication, maxDepth = JSON_MAX_DEPTH): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  // Through Nest, so that it knows a JSON parser is installed; it hands the body over as a Buffer.
  app.useBodyParser<Server>('application/json', {}, (request, body, done) => {
    if (nestsDeeperThan(body, maxDepth)) {
      const message = `body must not nest arrays and objects more than ${maxDepth} levels deep`;
      done(validationError([{ field: 'body', messages: [message] }]), undefined);
      return;
    }
    // Fastify's parser would make this same string of the Buffer.
    void parseJson(request, body.toString('utf8'), done);
  });
}
