import { OpenApiDocument, Operation } from './document';
import { RequestPlan } from './requests';
import { SchemaCheck } from './schema-check';

const KNOWN_VALUES_PER_NAME = 100;
const REQUEST_TIMEOUT_MS = 15_000;

/** What came back for one request. */
export interface Outcome {
  method: string;
  url: string;
  status: number;
  contentType: string;
  requestId: string | null;
  text: string;
}

/**
 * Calls operations of a live API as request plans describe them, and judges each answer against the operation's
 * documentation. Ids and other values the API answers are remembered by field name, so later requests can name
 * things that exist (`GET /products/{id}` with a real product's id) as well as things that do not.
 */
export class ConformanceClient {
  private readonly known = new Map<string, string[]>();
  private readonly schemas: SchemaCheck;

  constructor(
    private readonly baseUrl: string,
    document: OpenApiDocument,
    private readonly adminToken: string,
  ) {
    this.schemas = new SchemaCheck(document);
  }

  async call(operation: Operation, plan: RequestPlan): Promise<Outcome> {
    const url = this.urlOf(operation, plan);
    const headers: Record<string, string> = { ...plan.headers };
    if (plan.credentials.as === 'admin') headers.authorization = `Bearer ${this.adminToken}`;
    if (plan.credentials.as === 'header') headers.authorization = plan.credentials.value;
    if (plan.body) headers['content-type'] = plan.body.contentType;
    const method = operation.method.toUpperCase();
    const response = await fetch(url, {
      method,
      headers,
      body: plan.body?.text,
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return {
      method,
      url,
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      requestId: response.headers.get('x-request-id'),
      text: await response.text(),
    };
  }

  /** Every way the outcome breaks the operation's documentation; empty when it keeps it. */
  violations(operation: Operation, outcome: Outcome): string[] {
    const { status } = outcome;
    const problems: string[] = [];
    if (status >= 500) problems.push(`answered ${status}, a server error`);
    const documented = operation.responses[String(status)];
    if (!documented) {
      problems.push(
        `answered ${status}, which is not documented (${Object.keys(operation.responses).join(', ')})`,
      );
    }
    if (status >= 400) problems.push(...this.problemViolations(outcome));
    else if (documented) problems.push(...this.successViolations(documented.content, outcome));
    return problems;
  }

  /** Remembers the values of a successful JSON answer by field name. */
  learn(outcome: Outcome): void {
    if (outcome.status >= 300 || !outcome.contentType.startsWith('application/json')) return;
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(visit);
      if (typeof value !== 'object' || value === null) return;
      for (const [name, field] of Object.entries(value)) {
        if (typeof field === 'string') this.remember(name, field);
        else visit(field);
      }
    };
    visit(JSON.parse(outcome.text));
  }

  private problemViolations(outcome: Outcome): string[] {
    if (!outcome.contentType.startsWith('application/problem+json')) {
      return [`an error answered as "${outcome.contentType}", not application/problem+json`];
    }
    const body = parsed(outcome.text);
    if (body === undefined) return ['an error body that is not JSON'];
    const problems = this.schemas
      .problems({ $ref: '#/components/schemas/ProblemDto' }, body)
      .map((problem) => `problem body: ${problem}`);
    const { status, requestId } = body as { status?: unknown; requestId?: unknown };
    if (status !== outcome.status) problems.push(`problem body says status ${String(status)}`);
    if (requestId !== outcome.requestId) problems.push('problem requestId differs from X-Request-Id');
    return problems;
  }

  private successViolations(
    content: Record<string, { schema?: object }> | undefined,
    outcome: Outcome,
  ): string[] {
    const schema = content?.['application/json']?.schema;
    if (!schema) return outcome.text === '' ? [] : ['a body where the document says there is none'];
    if (!outcome.contentType.startsWith('application/json')) {
      return [`a success answered as "${outcome.contentType}", not application/json`];
    }
    const body = parsed(outcome.text);
    if (body === undefined) return ['a success body that is not JSON'];
    return this.schemas.problems(schema, body).map((problem) => `body: ${problem}`);
  }

  private urlOf(operation: Operation, plan: RequestPlan): string {
    const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const value = plan.path[name];
      if (!value) throw new Error(`the plan has no value for {${name}}`);
      if ('raw' in value) return value.raw;
      const known = this.known.get(name);
      const chosen =
        value.known !== undefined && known?.length ? known[value.known % known.length] : value.generated;
      return encodeURIComponent(chosen);
    });
    const query = new URLSearchParams(plan.query).toString();
    return `${this.baseUrl}${path}${query ? `?${query}` : ''}`;
  }

  private remember(name: string, value: string): void {
    const values = this.known.get(name) ?? [];
    if (values.length < KNOWN_VALUES_PER_NAME && !values.includes(value)) values.push(value);
    this.known.set(name, values);
  }
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
