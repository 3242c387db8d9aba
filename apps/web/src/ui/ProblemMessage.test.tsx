import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiProblem, problemOf } from '../api/problem';
import { ProblemMessage } from './ProblemMessage';

describe('ProblemMessage', () => {
  it('reads out the gateway’s words and the request ID to quote, as an alert', () => {
    const problem = problemOf(new Response(null, { status: 409 }), {
      type: 'https://bazaar.dev/problems/conflict',
      title: 'Insufficient stock',
      status: 409,
      code: 'INSUFFICIENT_STOCK',
      detail: 'Only 1 unit of APP-001-1 is available.',
      requestId: 'req-42',
    });
    render(<ProblemMessage error={problem} />);

    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Only 1 unit of APP-001-1 is available.');
    expect(screen.getByText('req-42').tagName).toBe('CODE');
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('offers "Try again" only when given a retry, and calls it', async () => {
    const retry = vi.fn();
    render(
      <ProblemMessage
        error={new ApiProblem(503, 'SERVICE_UNAVAILABLE', 'Down', 'Try later.', 'r1')}
        retry={retry}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('still says something readable for an error that is not a problem, with no request ID', () => {
    render(<ProblemMessage error={new Error('x is undefined')} />);
    expect(screen.getByRole('alert').textContent).toBe('Something went wrong. Try again.');
  });
});
