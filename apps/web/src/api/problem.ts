import type { components } from '../generated/api';

type ProblemBody = components['schemas']['ProblemDto'];
export interface FieldViolation {
  field: string;
  messages: string[];
}

/**
 * A refusal or failure as the gateway describes it (RFC 9457 problem+json), or as close to one as a failure that
 * never reached it allows. Pages show `message` and the request ID; forms put `fieldErrors` beside their fields.
 */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string | undefined,
    readonly requestId: string | undefined,
    readonly fieldErrors: readonly FieldViolation[] = [],
  ) {
    super(detail ?? title);
    this.name = 'ApiProblem';
  }

  /** What a person reads: the detail when there is one, else the title. */
  get readable(): string {
    return this.detail ?? this.title;
  }

  /** What is wrong with one field, if the gateway named it: its messages as one sentence. */
  fieldError(field: string): string | undefined {
    return this.fieldErrors.find((violation) => violation.field === field)?.messages.join('; ');
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** The problem in an error answer; an answer that is not problem+json (a proxy's page) still gets a readable one. */
export function problemOf(response: Response, body: unknown): ApiProblem {
  const requestId = response.headers.get('x-request-id') ?? undefined;
  if (isObject(body) && typeof body.code === 'string' && typeof body.title === 'string') {
    const problem = body as unknown as ProblemBody;
    return new ApiProblem(
      problem.status ?? response.status,
      problem.code,
      problem.title,
      problem.detail,
      problem.requestId ?? requestId,
      (problem.errors ?? []).map(({ field, messages }) => ({ field, messages })),
    );
  }
  return new ApiProblem(
    response.status,
    response.status >= 500 ? 'SERVICE_UNAVAILABLE' : 'UNEXPECTED_ANSWER',
    response.statusText || `HTTP ${response.status}`,
    `The shop answered ${response.status} without saying why. Try again in a moment.`,
    requestId,
  );
}

/** A request that got no answer at all: offline, DNS, the gateway down. */
export function unreachable(): ApiProblem {
  return new ApiProblem(
    0,
    'NETWORK',
    'The shop could not be reached',
    'The shop could not be reached. Check your connection and try again.',
    undefined,
  );
}

/** openapi-fetch's result: data on success, the parsed error body otherwise. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The answer's data, or the ApiProblem it carries, thrown: react-query then holds it as the query's error. */
export async function unwrap<T>(pending: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await pending;
  } catch (error) {
    if (error instanceof ApiProblem) throw error;
    throw unreachable();
  }
  if (!result.response.ok) throw problemOf(result.response, result.error);
  return result.data as T;
}
