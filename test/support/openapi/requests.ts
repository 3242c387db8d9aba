import fc from 'fast-check';
import { OpenApiDocument, Operation, Parameter, resolveSchema } from './document';
import { asText, brokenText, brokenValue, validValue } from './values';

/** A path parameter's value: generated, or (when `known` is set) one of the values the API answered before. */
interface PathValue {
  generated: string;
  known?: number;
}

/** How a request presents itself: as the test's administrator, with no token, or with this Authorization. */
export type Credentials = { as: 'admin' } | { as: 'anonymous' } | { as: 'header'; value: string };

/** One request to make, before the values only known at run time (the token, known ids) are filled in. */
export interface RequestPlan {
  /** What kind of input this is, for the failure report. */
  label: string;
  path: Record<string, PathValue | { raw: string }>;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  credentials: Credentials;
  body?: { text: string; contentType: string };
}

const JSON_TYPE = 'application/json';
const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/** Requests the document says are well-formed: every parameter and body field generated from its schema. */
export function validRequest(document: OpenApiDocument, operation: Operation): fc.Arbitrary<RequestPlan> {
  const path = record(
    paramsIn(operation, 'path').map((param) => [
      param.name,
      fc.record({
        generated: validValue(document, param.schema).map(asText),
        known: fc.option(fc.nat(), { nil: undefined }),
      }),
    ]),
  );
  const query = fc
    .tuple(
      ...paramsIn(operation, 'query').map((param) =>
        param.required
          ? validValue(document, param.schema).map((value) => [[param.name, asText(value)]])
          : fc
              .option(validValue(document, param.schema), { nil: undefined })
              .map((value) => (value === undefined ? [] : [[param.name, asText(value)]])),
      ),
    )
    .map((pairs) => pairs.flat() as Array<[string, string]>);
  const body = operation.body
    ? validValue(document, operation.body).map((value) => ({
        text: JSON.stringify(value),
        contentType: JSON_TYPE,
      }))
    : fc.constant(undefined);
  return fc.record({ path, query, body }).map(({ path: pathValues, query: pairs, body: content }) => ({
    label: 'valid',
    path: pathValues,
    query: pairs,
    headers: {},
    credentials: operation.secured ? { as: 'admin' } : { as: 'anonymous' },
    ...(content ? { body: content } : {}),
  }));
}

type Mutation = (plan: RequestPlan) => RequestPlan;

/**
 * A valid request with one thing broken: a parameter, a body field, the body as a whole, the credentials, or the
 * request's size. Each mutation is named in the plan's label.
 */
export function brokenRequest(document: OpenApiDocument, operation: Operation): fc.Arbitrary<RequestPlan> {
  const mutations: Array<fc.Arbitrary<Mutation>> = [
    ...paramsIn(operation, 'path').map((param) => brokenPathParam(document, param)),
    ...paramsIn(operation, 'query').map((param) => brokenQueryParam(document, param)),
    unknownQueryParam(),
    hugeQueryString(),
    badCredentials(operation),
    ...(operation.body ? brokenBodyField(document, operation) : []),
    ...(BODY_METHODS.has(operation.method) ? [brokenBody()] : []),
  ];
  return fc
    .tuple(validRequest(document, operation), fc.oneof(...mutations))
    .map(([plan, mutate]) => mutate(plan));
}

function brokenPathParam(document: OpenApiDocument, param: Parameter): fc.Arbitrary<Mutation> {
  const broken = fc.oneof(
    brokenText(document, param.schema).map((text) => ({ label: 'broken', raw: encodeURIComponent(text) })),
    // Percent-escapes that decode to nothing: sent as they are.
    fc.constantFrom('%zz', '%', '%E0%A4%A', 'a%ff').map((raw) => ({ label: 'malformed escape', raw })),
    fc.integer({ min: 101, max: 400 }).map((length) => ({ label: 'too long', raw: 'a'.repeat(length) })),
  );
  return broken.map(({ label, raw }) => (plan) => ({
    ...plan,
    label: `path ${param.name}: ${label}`,
    path: { ...plan.path, [param.name]: { raw } },
  }));
}

function brokenQueryParam(document: OpenApiDocument, param: Parameter): fc.Arbitrary<Mutation> {
  const broken = fc.oneof(
    brokenText(document, param.schema).map((text) => ({ label: 'broken', values: [text] })),
    validValue(document, param.schema).map((value) => ({
      label: 'repeated',
      values: [asText(value), asText(value)],
    })),
  );
  return broken.map(({ label, values }) => (plan) => ({
    ...plan,
    label: `query ${param.name}: ${label}`,
    query: [
      ...plan.query.filter(([name]) => name !== param.name),
      ...values.map((v): [string, string] => [param.name, v]),
    ],
  }));
}

function unknownQueryParam(): fc.Arbitrary<Mutation> {
  return fc.string({ minLength: 1, maxLength: 12 }).map((name) => (plan) => ({
    ...plan,
    label: 'unknown query parameter',
    query: [...plan.query, [`x-${name}`, 'value']],
  }));
}

/** Past Node's 16 KiB limit for the request line and headers: 431 from any route. */
function hugeQueryString(): fc.Arbitrary<Mutation> {
  return fc.integer({ min: 17_000, max: 70_000 }).map((length) => (plan) => ({
    ...plan,
    label: `query string of ${length} characters`,
    query: [...plan.query, ['padding', 'a'.repeat(length)]],
  }));
}

/** A bad token is refused on every route, public ones too; a secured route refuses a missing one. */
function badCredentials(operation: Operation): fc.Arbitrary<Mutation> {
  const header = fc.oneof(
    fc
      .string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 60 })
      .filter((t) => !/\s/.test(t))
      .map((t) => `Bearer ${t}`),
    fc.constantFrom(
      'Bearer',
      'Basic YWRtaW46YWRtaW4=',
      'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
      'Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6Im5vbmUifQ.eyJzdWIiOiJ4In0.c2ln',
    ),
  );
  const choices: Array<fc.Arbitrary<Credentials>> = [header.map((value) => ({ as: 'header', value }))];
  if (operation.secured) choices.push(fc.constant({ as: 'anonymous' }));
  return fc.oneof(...choices).map((credentials) => (plan) => ({
    ...plan,
    label: `credentials: ${credentials.as === 'header' ? credentials.value.slice(0, 40) : credentials.as}`,
    credentials,
  }));
}

function brokenBodyField(document: OpenApiDocument, operation: Operation): Array<fc.Arbitrary<Mutation>> {
  const schema = resolveSchema(document, operation.body ?? {});
  const properties = Object.entries(schema.properties ?? {});
  const mutations: Array<fc.Arbitrary<Mutation>> = properties.map(([name, property]) =>
    brokenValue(document, property).map((value) =>
      withBodyField(`body ${name}: ${JSON.stringify(value)?.slice(0, 40)}`, name, value),
    ),
  );
  for (const name of schema.required ?? [])
    mutations.push(fc.constant(withBodyField(`body ${name}: missing`, name, undefined)));
  mutations.push(
    fc
      .string({ minLength: 1, maxLength: 12 })
      .map((name) => withBodyField('body: unknown field', `x-${name}`, 'value')),
  );
  return mutations;
}

function withBodyField(label: string, name: string, value: unknown): Mutation {
  return (plan) => {
    const body = JSON.parse(plan.body?.text ?? '{}') as Record<string, unknown>;
    if (value === undefined) delete body[name];
    else body[name] = value;
    return { ...plan, label, body: { text: JSON.stringify(body), contentType: JSON_TYPE } };
  };
}

/** The body as a whole: not JSON, not an object, nested too deep, too large, of another type, or empty. */
function brokenBody(): fc.Arbitrary<Mutation> {
  const bodies = fc.oneof(
    fc
      .constantFrom('null', '[]', '"text"', '42', 'true', '{"a":', 'not json', '{"__proto__":{"admin":true}}')
      .map((text) => ({
        label: `body ${text}`,
        text,
        contentType: JSON_TYPE,
      })),
    fc.constantFrom(33, 20_000).map((depth) => ({
      label: `body nested ${depth} levels deep`,
      text: '['.repeat(depth) + ']'.repeat(depth),
      contentType: JSON_TYPE,
    })),
    fc.constant({
      label: 'body of 70 kB',
      text: JSON.stringify({ padding: 'a'.repeat(70_000) }),
      contentType: JSON_TYPE,
    }),
    fc.constant({ label: 'empty JSON body', text: '', contentType: JSON_TYPE }),
    fc
      .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml')
      .map((contentType) => ({
        label: `body as ${contentType}`,
        text: contentType === 'text/plain' ? '{}' : 'a=1',
        contentType,
      })),
  );
  return bodies.map(({ label, text, contentType }) => (plan) => ({
    ...plan,
    label,
    body: { text, contentType },
  }));
}

function paramsIn(operation: Operation, location: Parameter['in']): Parameter[] {
  return operation.parameters.filter((param) => param.in === location);
}

function record<T>(entries: Array<[string, fc.Arbitrary<T>]>): fc.Arbitrary<Record<string, T>> {
  return fc.record(Object.fromEntries(entries));
}
