import { NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { DomainError } from './domain-error';
import { problemFromError } from './problem';
import { validationError } from './validation';

describe('problemFromError', () => {
  it('keeps a domain error code, message and field list, with the status from the catalog', () => {
    const body = problemFromError(
      validationError([{ field: 'limit', messages: ['limit must not be less than 1'] }]),
      '/api/v1/products?limit=0',
      'req-1',
    );
    expect(body).toEqual({
      type: 'https://bazaar.dev/problems/validation-failed',
      title: 'Invalid request',
      status: 400,
      detail: 'Invalid value for: limit',
      code: 'VALIDATION_FAILED',
      instance: '/api/v1/products?limit=0',
      requestId: 'req-1',
      errors: [{ field: 'limit', messages: ['limit must not be less than 1'] }],
    });
    expect(problemFromError(new DomainError('PRODUCT_SKU_TAKEN', 'taken')).status).toBe(409);
    expect(problemFromError(new DomainError('SERVICE_UNAVAILABLE', 'down')).status).toBe(503);
  });

  it('maps Nest and Fastify HTTP errors by status', () => {
    expect(problemFromError(new NotFoundException('Cannot GET /x'))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect(problemFromError(new PayloadTooLargeException())).toMatchObject({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
    const fastifyError = Object.assign(new Error('Request body is too large'), { statusCode: 413 });
    expect(problemFromError(fastifyError)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('hides the message of unexpected errors', () => {
    const body = problemFromError(new Error('connection to 10.0.0.5 refused; password=hunter2'));
    expect(body).toMatchObject({ status: 500, code: 'INTERNAL', detail: 'An unexpected error occurred.' });
    expect(JSON.stringify(body)).not.toContain('hunter2');
  });
});
