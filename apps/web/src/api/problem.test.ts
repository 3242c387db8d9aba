import { describe, expect, it } from 'vitest';
import { ApiProblem, problemOf, unwrap } from './problem';

const answer = (status: number, headers: Record<string, string> = {}) =>
  new Response(null, { status, headers: { 'x-request-id': 'req-from-header', ...headers } });

describe('problemOf', () => {
  it('reads a problem+json body: code, detail, request ID and the messages of each field', () => {
    const problem = problemOf(answer(422), {
      type: 'https://bazaar.dev/problems/validation-failed',
      title: 'Invalid request',
      status: 422,
      code: 'VALIDATION_FAILED',
      detail: 'Invalid value for: email',
      requestId: 'req-1',
      errors: [{ field: 'email', messages: ['email must be an email', 'email is too long'] }],
    });
    expect(problem).toMatchObject({ status: 422, code: 'VALIDATION_FAILED', requestId: 'req-1' });
    expect(problem.readable).toBe('Invalid value for: email');
    expect(problem.fieldError('email')).toBe('email must be an email; email is too long');
    expect(problem.fieldError('password')).toBeUndefined();
  });

  it('still gives a readable message, and the header request ID, for an answer that is not problem+json', () => {
    const problem = problemOf(answer(502), '<html>Bad gateway</html>');
    expect(problem.code).toBe('SERVICE_UNAVAILABLE');
    expect(problem.requestId).toBe('req-from-header');
    expect(problem.readable).toContain('502');
  });
});

describe('unwrap', () => {
  it('answers the data of a 2xx', async () => {
    await expect(unwrap(Promise.resolve({ data: { id: 1 }, response: answer(200) }))).resolves.toEqual({
      id: 1,
    });
  });

  it('throws the ApiProblem of an error answer', async () => {
    const failed = unwrap(
      Promise.resolve({
        error: { title: 'Not found', status: 404, code: 'PRODUCT_NOT_FOUND', detail: 'No product x' },
        response: answer(404),
      }),
    );
    await expect(failed).rejects.toBeInstanceOf(ApiProblem);
    await expect(failed).rejects.toMatchObject({ code: 'PRODUCT_NOT_FOUND', readable: 'No product x' });
  });

  it('turns a request that got no answer into a NETWORK problem', async () => {
    await expect(unwrap(Promise.reject(new TypeError('Failed to fetch')))).rejects.toMatchObject({
      status: 0,
      code: 'NETWORK',
    });
  });
});
