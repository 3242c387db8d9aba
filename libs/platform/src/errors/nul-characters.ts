import { FieldViolation } from '@bazaar/contracts';

const NUL = '\u0000';

/** Deeper than any payload the platform accepts (HTTP bodies are limited to 32 levels): a cycle cannot loop. */
const MAX_DEPTH = 64;

// Refused, not stripped: docs/adr/0013-refusals-at-the-edge.md
/**
 * Every string in `value` (object keys included) that holds U+0000, as field violations. PostgreSQL's text types
 * cannot store that character, so a payload carrying one would fail deep in a repository with a 500; the platform
 * refuses it where every other bad input is refused instead, naming the field. `field` names `value` itself when
 * it is a single parameter (a path or query value); nested fields are named by their path (`changes.name`,
 * `skus.3`), as class-validator names them.
 */
export function nulViolations(value: unknown, field = ''): FieldViolation[] {
  const violations: FieldViolation[] = [];
  // Breadth first, in key order: the violations come out in the order the fields were written.
  const pending: Array<{ value: unknown; field: string; depth: number }> = [{ value, field, depth: 0 }];
  for (let index = 0; index < pending.length; index += 1) {
    const { value: current, field: path, depth } = pending[index];
    if (typeof current === 'string') {
      if (current.includes(NUL)) violations.push(nulViolation(path || 'value'));
      continue;
    }
    if (depth >= MAX_DEPTH || !isWalkable(current)) continue;
    for (const [key, child] of Object.entries(current)) {
      const childPath = path ? `${path}.${key}` : key;
      if (key.includes(NUL)) violations.push(nulViolation(childPath));
      else pending.push({ value: child, field: childPath, depth: depth + 1 });
    }
  }
  return violations;
}

function nulViolation(field: string): FieldViolation {
  return { field, messages: [`${field} must not contain the NUL character (U+0000)`] };
}

/**
 * Plain objects and arrays, as JSON and query strings produce them (Fastify's query object has a prototype of
 * its own, without a constructor); class instances such as dates and buffers are not inputs to walk.
 */
function isWalkable(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as { constructor?: unknown } | null;
  return prototype === null || prototype.constructor === undefined || prototype.constructor === Object;
}
