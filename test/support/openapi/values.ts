import fc from 'fast-check';
import { OpenApiDocument, resolveSchema, Schema } from './document';

/** Bounds for what a schema leaves open, to keep generated requests small. */
const DEFAULT_STRING_MAX = 24;
const DEFAULT_ARRAY_MAX = 3;
const DEFAULT_NUMBER_RANGE = 1_000_000;
const MAX_DEPTH = 6;

/**
 * Values a schema accepts: its example and enum values, strings of its pattern and length, numbers in its range,
 * objects with every required property and some optional ones. Values that some server rule beyond the schema
 * refuses (an unknown category, a taken SKU) are fine: the test checks that every answer keeps the contract,
 * not that every valid input succeeds.
 */
export function validValue(document: OpenApiDocument, raw: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = merged(document, raw);
  const value = valueOfType(document, schema, depth);
  const withExample = schema.example === undefined ? value : fc.oneof(fc.constant(schema.example), value);
  return schema.nullable ? fc.oneof(withExample, fc.constant(null)) : withExample;
}

function valueOfType(document: OpenApiDocument, schema: Schema, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      return validString(schema);
    case 'integer':
      return fc.integer(range(schema));
    case 'number':
      // Nest documents integer fields as `number`; whole numbers are valid for both.
      return fc.integer(range(schema));
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(
        schema.items && depth < MAX_DEPTH ? validValue(document, schema.items, depth + 1) : fc.string(),
        {
          minLength: schema.minItems ?? 0,
          maxLength: Math.min(schema.maxItems ?? DEFAULT_ARRAY_MAX, DEFAULT_ARRAY_MAX),
        },
      );
    default:
      return validObject(document, schema, depth);
  }
}

function validString(schema: Schema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? DEFAULT_STRING_MAX;
  const fits = (text: string) => text.length >= minLength && text.length <= maxLength;
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'email') return fc.emailAddress().filter(fits);
  if (schema.format === 'date-time')
    return fc
      .date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) })
      .map((d) => d.toISOString());
  // The pattern is the API document's own, read from the platform under test.
  // eslint-disable-next-line security/detect-non-literal-regexp
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  return fc.string({ minLength, maxLength: Math.min(maxLength, Math.max(minLength, DEFAULT_STRING_MAX)) });
}

function validObject(document: OpenApiDocument, schema: Schema, depth: number): fc.Arbitrary<unknown> {
  if (!schema.properties || depth >= MAX_DEPTH) return fc.constant({});
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(schema.properties))
    model[name] = validValue(document, property, depth + 1);
  return fc.record(model, { requiredKeys: schema.required ?? [] });
}

function range(schema: Schema): { min: number; max: number } {
  return {
    min: schema.minimum ?? -DEFAULT_NUMBER_RANGE,
    max: schema.maximum ?? DEFAULT_NUMBER_RANGE,
  };
}

/**
 * Values a schema refuses, or that test the edges every input shares: the NUL character inside an otherwise
 * valid string, strings too long or off-pattern, numbers out of range or not whole, the wrong JSON type.
 */
export function brokenValue(document: OpenApiDocument, raw: Schema): fc.Arbitrary<unknown> {
  const schema = merged(document, raw);
  const wrongType = fc.constantFrom<unknown>(null, true, [], {}, 12, 'text', [1, 2], {
    nested: { object: 1 },
  });
  const withNul = validString({ ...schema, format: undefined, pattern: undefined }).map(
    (text) => `${text}\u0000x`,
  );
  switch (schema.type) {
    case 'string':
      return fc.oneof(
        withNul,
        fc.constant('\u0000'),
        fc.constant('x'.repeat((schema.maxLength ?? 200) + 1)),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        wrongType,
      );
    case 'integer':
    case 'number':
      return fc.oneof(
        fc.constant((schema.minimum ?? -1e15) - 1),
        fc.constant((schema.maximum ?? 1e15) + 1),
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
        fc.constantFrom(1e300, -1e300, 2 ** 53 + 2),
        fc.constantFrom('12', '1.5', 'abc', '', '\u0000'),
        wrongType,
      );
    default:
      return fc.oneof(wrongType, withNul);
  }
}

/**
 * Query and path strings a parameter refuses: everything `brokenValue` gives, as text, and what only a URL can
 * carry: invalid percent-escapes, a value longer than the router takes, numbers written in ways a number
 * parser might half-accept.
 */
export function brokenText(document: OpenApiDocument, raw: Schema): fc.Arbitrary<string> {
  const schema = merged(document, raw);
  const asText = brokenValue(document, schema).map((value) =>
    typeof value === 'string' ? value : JSON.stringify(value),
  );
  const numeric =
    schema.type === 'integer' || schema.type === 'number'
      ? [fc.constantFrom('1e400', '-0', '0x10', '99999999999999999999', ' 5', '5 ', 'Infinity', 'NaN')]
      : [];
  return fc.oneof(asText, fc.constant('x'.repeat(150)), ...numeric);
}

/** A schema with its `$ref` and `allOf` resolved into one object. */
function merged(document: OpenApiDocument, raw: Schema): Schema {
  const schema = resolveSchema(document, raw);
  if (!schema.allOf) return schema;
  const parts = schema.allOf.map((part) => merged(document, part));
  return parts.reduce<Schema>(
    (all, part) => ({
      ...all,
      ...part,
      properties: { ...all.properties, ...part.properties },
      required: [...(all.required ?? []), ...(part.required ?? [])],
    }),
    { ...schema, allOf: undefined },
  );
}

/** The text a parameter value is sent as. */
export function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
