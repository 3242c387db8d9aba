import fc from 'fast-check';
import { envPrefix, SERVICES } from '@bazaar/contracts';
import { ProblemDetails } from '@bazaar/contracts';
import { jsonHeaders, login, problemOf } from '../support/api';
import { ConformanceClient } from '../support/openapi/conformance';
import { OpenApiDocument, Operation, operationsOf } from '../support/openapi/document';
import { brokenRequest, RequestPlan, validRequest } from '../support/openapi/requests';
import { E2E_ADMIN, RunningPlatform, startPlatform } from '../support/platform';

/**
 * Fixed, so a failure is reproduced by running the test again; the runs per operation bound its time (about
 * 25 operations x 60 requests, most answered in a few milliseconds).
 */
const SEED = 20261130;
const VALID_RUNS = 20;
const BROKEN_RUNS = 40;

/** Reads first (their answers name things the writes can then address), deletions last. */
const METHOD_ORDER = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * Every operation of the OpenAPI document the running gateway serves, called with inputs generated from its own
 * parameter and body schemas (valid ones, and ones with one thing broken), as an administrator where the
 * operation needs a token. Every answer must be documented on its operation, no answer may be a server error,
 * every error must be problem+json, every success must match its schema, and the platform must still be ready
 * afterwards. Operations added to the API are covered without naming them here.
 */
describe('every operation of the live OpenAPI document keeps its contract (e2e)', () => {
  let platform: RunningPlatform;
  let document: OpenApiDocument;
  let client: ConformanceClient;
  let adminToken: string;

  beforeAll(async () => {
    platform = await startPlatform();
    document = (await (await fetch(`${platform.gatewayUrl}/docs/json`)).json()) as OpenApiDocument;
    adminToken = (await login(platform.gatewayUrl, E2E_ADMIN.email, E2E_ADMIN.password)).accessToken;
    client = new ConformanceClient(platform.gatewayUrl, document, adminToken);
  }, 120_000);

  afterAll(async () => {
    if (platform) await expect(platform.stop()).resolves.toBe(0);
  }, 60_000);

  describe('the inputs that answered 500 or plain JSON', () => {
    const send = (method: string, path: string, body: unknown, token?: string) =>
      fetch(`${platform.gatewayUrl}${path}`, {
        method,
        headers: jsonHeaders(token),
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const fieldsOf = (problem: ProblemDetails) => problem.errors?.map((error) => error.field);

    it('400 naming the field for a NUL character in q, email, displayName, name and description', async () => {
      const search = await fetch(`${platform.gatewayUrl}/api/v1/products?q=merino%00`);
      expect(search.status).toBe(400);
      expect(fieldsOf(await problemOf(search))).toEqual(['q']);
      const cases: Array<[string, string, Record<string, unknown>, string | undefined, string[]]> = [
        ['POST', '/api/v1/auth/login', { email: 'a\u0000@example.com', password: 'x' }, undefined, ['email']],
        [
          'POST',
          '/api/v1/auth/register',
          { email: 'nul@example.com', displayName: 'Ada\u0000', password: 'a fine passphrase' },
          undefined,
          ['displayName'],
        ],
        [
          'POST',
          '/api/v1/products',
          {
            sku: 'NUL-1',
            name: 'Tote\u0000',
            description: '\u0000',
            priceMinor: 100,
            currency: 'EUR',
            category: 'apparel',
          },
          adminToken,
          ['name', 'description'],
        ],
      ];
      for (const [method, path, body, token, fields] of cases) {
        const response = await send(method, path, body, token);
        expect([path, response.status]).toEqual([path, 400]);
        expect(fieldsOf(await problemOf(response))).toEqual(fields);
      }
    });

    it('400 for a body nested 20,000 levels deep on every POST, PUT and PATCH of the document', async () => {
      const writes = operationsOf(document).filter((op) => ['post', 'put', 'patch'].includes(op.method));
      expect(writes.length).toBeGreaterThanOrEqual(8);
      const deep = '['.repeat(20_000) + ']'.repeat(20_000);
      for (const operation of writes) {
        const path = operation.path.replace(/\{[^}]+\}/g, 'A1');
        const response = await send(operation.method.toUpperCase(), path, deep, adminToken);
        expect([operation.path, response.status]).toEqual([operation.path, 400]);
        expect(fieldsOf(await problemOf(response))).toEqual(['body']);
      }
    });

    it('problem+json for 414, 431 and a malformed escape, at the gateway and at every service', async () => {
      const bases = Object.keys(SERVICES).map(
        (name) => `http://127.0.0.1:${platform.env[`${envPrefix(name)}_HTTP_PORT`]}`,
      );
      for (const base of bases) {
        for (const [path, status] of [
          [`/api/v1/products/${'a'.repeat(101)}`, 414],
          [`/api/v1/products?q=${'a'.repeat(70_000)}`, 431],
          ['/api/v1/products/%zz', 400],
          ['/health/%E0%A4%A', 400],
          ['/no-such-route', 404],
        ] as const) {
          const response = await fetch(`${base}${path}`);
          // A service's ops port has no products route: it refuses the long parameter as an unknown route.
          const expected = status === 414 && base !== platform.gatewayUrl ? 404 : status;
          expect([base, path.slice(0, 40), response.status]).toEqual([base, path.slice(0, 40), expected]);
          await problemOf(response);
        }
      }
    });

    it('answers a created product as documented, with its availability', async () => {
      const body = {
        sku: 'CONF-NEW-1',
        name: 'Conformance Tote',
        description: 'Made by the conformance test.',
        priceMinor: 1200,
        currency: 'EUR',
        category: 'apparel',
      };
      const created = await send('POST', '/api/v1/products', body, adminToken);
      expect(created.status).toBe(201);
      const product = (await created.json()) as { id: string; availability: unknown };
      expect(product.availability).toEqual({ status: 'out', available: 0 });
      const changed = await send('PATCH', `/api/v1/products/${product.id}`, { priceMinor: 1100 }, adminToken);
      expect(changed.status).toBe(200);
      expect(((await changed.json()) as { availability: unknown }).availability).toEqual({
        status: 'out',
        available: 0,
      });
    });
  });

  it('answers generated valid and broken input with documented statuses, problem+json errors and valid bodies', async () => {
    const operations = [...operationsOf(document)].sort(
      (a, b) => METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method),
    );
    expect(operations.length).toBeGreaterThanOrEqual(20);
    const failures: string[] = [];
    const statuses = new Map<string, Set<number>>();
    const started = Date.now();
    for (const operation of operations) {
      const seen = new Set<number>();
      statuses.set(`${operation.method.toUpperCase()} ${operation.path}`, seen);
      const check = async (plan: RequestPlan) => {
        const outcome = await client.call(operation, plan);
        seen.add(outcome.status);
        const violations = client.violations(operation, outcome);
        if (violations.length > 0) {
          throw new Error(
            `${outcome.method} ${outcome.url.slice(0, 300)} [${plan.label}] -> ${outcome.status}: ` +
              `${violations.join('; ')}\n  body: ${outcome.text.slice(0, 300)}`,
          );
        }
        client.learn(outcome);
      };
      for (const [kind, requests, numRuns] of [
        ['valid', validRequest(document, operation), VALID_RUNS],
        ['broken', brokenRequest(document, operation), BROKEN_RUNS],
      ] as const) {
        // No shrinking: each step would be another request against a platform whose state has moved on.
        const details = await fc.check(fc.asyncProperty(requests, check), {
          seed: SEED,
          numRuns,
          endOnFailure: true,
        });
        if (details.failed)
          failures.push(`${operationName(operation)} (${kind}): ${errorOf(details.errorInstance)}`);
      }
    }
    const elapsed = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `conformance: ${operations.length} operations, ${operations.length * (VALID_RUNS + BROKEN_RUNS)} requests in ` +
        `${elapsed} s\n` +
        [...statuses].map(([name, seen]) => `  ${name}: ${[...seen].sort().join(' ')}`).join('\n'),
    );
    expect(failures).toEqual([]);
    // Success bodies were checked, not only errors: most reads must have answered 2xx at least once.
    const succeeded = [...statuses.values()].filter((seen) => [...seen].some((s) => s >= 200 && s < 300));
    expect(succeeded.length).toBeGreaterThanOrEqual(
      operations.filter((op) => op.method === 'get').length / 2,
    );
  }, 300_000);

  it('is still ready afterwards, every service of it', async () => {
    expect((await fetch(`${platform.gatewayUrl}/health/ready`)).status).toBe(200);
    for (const name of Object.keys(SERVICES)) {
      const port = platform.env[`${envPrefix(name)}_HTTP_PORT`];
      expect([name, (await fetch(`http://127.0.0.1:${port}/health/ready`)).status]).toEqual([name, 200]);
    }
  });
});

function operationName(operation: Operation): string {
  return `${operation.method.toUpperCase()} ${operation.path}`;
}

function errorOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
