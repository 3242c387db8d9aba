import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, json, problem, SHOPPER, signedOut } from '../../test/fake-api';
import { renderStore } from '../../test/render';

describe('SignUpPage', () => {
  it('puts the server’s field error beside its field, then signs the new shopper in and goes to ?next=', async () => {
    signedOut();
    const user = userEvent.setup();
    const api = fakeApi({
      'POST /api/v1/auth/register': ({ body }) =>
        (body as { email: string }).email === SHOPPER.email
          ? problem(409, 'EMAIL_TAKEN', 'An account with this email already exists.', {
              errors: [{ field: 'email', messages: ['email is already registered'] }],
            })
          : json(201, SHOPPER),
      'POST /api/v1/auth/login': () =>
        json(200, { accessToken: 'access-token', tokenType: 'Bearer', expiresIn: 900 }),
      'GET /api/v1/me': () => json(200, SHOPPER),
      'GET /api/v1/cart': () => json(200, { lines: [], itemCount: 0, total: null }),
    });
    renderStore('/sign-up?next=%2Fcart');

    await user.type(await screen.findByLabelText('Email'), SHOPPER.email);
    await user.type(screen.getByLabelText('Your name'), 'Ada');
    await user.type(screen.getByLabelText(/^Password/), 'a perfectly fine passphrase');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    const email = screen.getByLabelText('Email');
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('email is already registered')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();

    await user.clear(email);
    await user.type(email, 'new@example.com');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/cart'));
    expect(api.sent('POST', '/api/v1/auth/login')[0].body).toEqual({
      email: 'new@example.com',
      password: 'a perfectly fine passphrase',
      session: 'cookie',
    });
  });
});
