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

// A depth check of our own, as Fastify's parser has none: docs/adr/0013-refusals-at-the-edge.md
/**
 * Whether a JSON text nests arrays and objects deeper than `maxDepth`, read before it is parsed. Brackets inside
 * strings do not count. The text need not be valid: the parser that runs next refuses what is not JSON.
 */
export function nestsDeeperThan(body: Buffer, maxDepth: number): boolean {
  return opensMoreThan(body, maxDepth) && deepestNesting(body, maxDepth) > maxDepth;
}

/**
 * Whether the text has more than `count` opening brackets at all. Most bodies have a handful: counting them with
 * `indexOf` (memchr, in native code) settles those at a fraction of a parse, without reading byte by byte in
 * JavaScript.
 */
function opensMoreThan(body: Buffer, count: number): boolean {
  let seen = 0;
  for (const open of [OPEN_ARRAY, OPEN_OBJECT]) {
    for (let at = body.indexOf(open); at !== -1; at = body.indexOf(open, at + 1)) {
      seen += 1;
      if (seen > count) return true;
    }
  }
  return false;
}

/**
 * The deepest nesting, read in one pass, stopping as soon as it passes `limit`. A string is skipped whole, its
 * closing quote found with `indexOf`: text fields (a product's description) are most of a large body.
 */
function deepestNesting(body: Buffer, limit: number): number {
  let depth = 0;
  for (let index = 0; index < body.length; index += 1) {
    const byte = body[index];
    if (byte === QUOTE) {
      let end = body.indexOf(QUOTE, index + 1);
      while (end !== -1 && isEscaped(body, end)) end = body.indexOf(QUOTE, end + 1);
      // An unterminated string: not JSON, which the parser says.
      if (end === -1) return depth;
      index = end;
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      depth += 1;
      if (depth > limit) return depth;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth -= 1;
    }
  }
  return depth;
}

/** Whether the quote at `at` is escaped: preceded by an odd number of backslashes. */
function isEscaped(body: Buffer, at: number): boolean {
  let backslashes = 0;
  for (let index = at - 1; index >= 0 && body[index] === BACKSLASH; index -= 1) backslashes += 1;
  return backslashes % 2 === 1;
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
