import { HttpException, HttpStatus } from '@nestjs/common';
import { ERROR_CATALOG, ErrorCode, FieldViolation, ProblemDetails } from '@bazaar/contracts';
import { DomainError } from './domain-error';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: 'VALIDATION_FAILED',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.TOO_MANY_REQUESTS]: 'RATE_LIMITED',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'METHOD_NOT_ALLOWED',
  [HttpStatus.REQUEST_TIMEOUT]: 'REQUEST_TIMEOUT',
  [HttpStatus.CONFLICT]: 'CONFLICT',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'PAYLOAD_TOO_LARGE',
  [HttpStatus.URI_TOO_LONG]: 'URI_TOO_LONG',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'UNSUPPORTED_MEDIA_TYPE',
  431: 'HEADERS_TOO_LARGE',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'SERVICE_UNAVAILABLE',
};

export interface ProblemInput {
  code: ErrorCode;
  detail: string;
  status?: number;
  instance?: string;
  requestId?: string;
  fields?: FieldViolation[];
}

export function problem(input: ProblemInput): ProblemDetails {
  const entry = ERROR_CATALOG[input.code];
  const body: ProblemDetails = {
    type: `https://bazaar.dev/problems/${input.code.toLowerCase().replace(/_/g, '-')}`,
    title: entry.title,
    status: input.status ?? entry.status,
    detail: input.detail,
    code: input.code,
  };
  if (input.instance) body.instance = input.instance;
  if (input.requestId) body.requestId = input.requestId;
  if (input.fields?.length) body.errors = input.fields;
  return body;
}

/**
 * Any thrown value -> problem details. Domain errors keep their code and message; Nest/Fastify HTTP errors keep
 * their status; everything else is a generic 500 whose detail reveals nothing (the caller logs the original).
 */
export function problemFromError(error: unknown, instance?: string, requestId?: string): ProblemDetails {
  if (error instanceof DomainError) {
    const fields = error.details?.fields as FieldViolation[] | undefined;
    return problem({ code: error.code, detail: error.message, instance, requestId, fields });
  }
  const status = httpStatusOf(error);
  if (status !== undefined && status < 500) {
    const code = CODE_BY_STATUS[status] ?? (status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED');
    return problem({ code, status, detail: httpMessageOf(error), instance, requestId });
  }
  if (status === HttpStatus.SERVICE_UNAVAILABLE) {
    return problem({ code: 'SERVICE_UNAVAILABLE', detail: httpMessageOf(error), instance, requestId });
  }
  return problem({ code: 'INTERNAL', detail: 'An unexpected error occurred.', instance, requestId });
}

/** Status of a Nest HttpException or of a Fastify error (`statusCode`). */
function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  if (typeof error === 'object' && error !== null && 'statusCode' in error) {
    const status = error.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 600) return status;
  }
  return undefined;
}

function httpMessageOf(error: unknown): string {
  if (error instanceof HttpException) {
    const response = error.getResponse();
    if (typeof response === 'string') return response;
    const message = (response as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    if (Array.isArray(message)) return message.join('; ');
    return error.message;
  }
  return error instanceof Error ? error.message : 'Request failed.';
}
