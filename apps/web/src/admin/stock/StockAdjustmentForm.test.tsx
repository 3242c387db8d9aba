import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { type FakeApi, fakeApi, json, problem } from '../../test/fake-api';
import { renderPage } from '../../test/render';
import { StockAdjustmentForm } from './StockAdjustmentForm';

const SKU = 'APP-001-1';
const PATH = `/api/v1/inventory/${SKU}`;

/** The text of the element(s) a control names in aria-describedby: what a screen reader reads with it. */
function descriptionOf(control: HTMLElement): string {
  const ids = control.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

describe('StockAdjustmentForm', () => {
  let gateway: FakeApi;

  beforeEach(() => {
    gateway = fakeApi();
  });

  it('shows the gateway’s field error beside its field, tied to it for screen readers', async () => {
    gateway.on('PUT /api/v1/inventory/:sku', () =>
      problem(400, 'VALIDATION_FAILED', 'Invalid value for: reason', {
        requestId: 'req-stock-1',
        errors: [{ field: 'reason', messages: ['reason must be shorter than or equal to 500 characters'] }],
      }),
    );
    renderPage(<StockAdjustmentForm sku={SKU} />);

    await userEvent.type(screen.getByLabelText('New on-hand count'), '12');
    await userEvent.type(screen.getByLabelText('Reason'), 'Stock take');
    await userEvent.click(screen.getByRole('button', { name: 'Save adjustment' }));

    const reason = screen.getByLabelText('Reason');
    await screen.findByText('reason must be shorter than or equal to 500 characters');
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(reason)).toBe('reason must be shorter than or equal to 500 characters');
    expect(screen.getByLabelText('New on-hand count').getAttribute('aria-invalid')).toBeNull();
    expect(gateway.sent('PUT', PATH)[0].body).toEqual({ setOnHand: 12, reason: 'Stock take' });
  });

  it('puts the server’s error about the count (`add`) beside the units field', async () => {
    gateway.on('PUT /api/v1/inventory/:sku', () =>
      problem(400, 'VALIDATION_FAILED', 'Invalid value for: add', {
        errors: [{ field: 'add', messages: ['add must not be less than -1000000'] }],
      }),
    );
    renderPage(<StockAdjustmentForm sku={SKU} />);

    await userEvent.click(screen.getByLabelText('Add or remove units'));
    await userEvent.type(screen.getByLabelText('Units to add (negative to remove)'), '-2000000');
    await userEvent.type(screen.getByLabelText('Reason'), 'Write-off');
    await userEvent.click(screen.getByRole('button', { name: 'Save adjustment' }));

    await screen.findByText('add must not be less than -1000000');
    expect(descriptionOf(screen.getByLabelText('Units to add (negative to remove)'))).toBe(
      'add must not be less than -1000000',
    );
    expect(gateway.sent('PUT', PATH)[0].body).toEqual({ add: -2000000, reason: 'Write-off' });
  });

  it('says what is wrong beside each field before sending anything', async () => {
    renderPage(<StockAdjustmentForm sku={SKU} />);

    await userEvent.type(screen.getByLabelText('New on-hand count'), 'twelve');
    await userEvent.click(screen.getByRole('button', { name: 'Save adjustment' }));

    expect(descriptionOf(screen.getByLabelText('New on-hand count'))).toBe('Enter a whole number of units.');
    expect(descriptionOf(screen.getByLabelText('Reason'))).toBe('Say why, for the adjustment log.');
    expect(gateway.requests).toHaveLength(0);
  });

  it('a refusal that is not about a field shows as a problem with its request ID', async () => {
    gateway.on('PUT /api/v1/inventory/:sku', () =>
      problem(409, 'INSUFFICIENT_STOCK', 'Only 3 on hand: cannot remove 5.', { requestId: 'req-stock-2' }),
    );
    renderPage(<StockAdjustmentForm sku={SKU} />);

    await userEvent.click(screen.getByLabelText('Add or remove units'));
    await userEvent.type(screen.getByLabelText('Units to add (negative to remove)'), '-5');
    await userEvent.type(screen.getByLabelText('Reason'), 'Breakage');
    await userEvent.click(screen.getByRole('button', { name: 'Save adjustment' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Only 3 on hand: cannot remove 5.');
    expect(alert.textContent).toContain('Request ID: req-stock-2');
  });

  it('sends the new count and announces the level the gateway answers', async () => {
    gateway.on('PUT /api/v1/inventory/:sku', () =>
      json(200, { sku: SKU, onHand: 12, reserved: 2, available: 10 }),
    );
    renderPage(<StockAdjustmentForm sku={SKU} />);

    await userEvent.type(screen.getByLabelText('New on-hand count'), '12');
    await userEvent.type(screen.getByLabelText('Reason'), 'Stock take 2026-11');
    await userEvent.click(screen.getByRole('button', { name: 'Save adjustment' }));

    expect((await screen.findByText(/now has/)).textContent).toBe(
      'APP-001-1 now has 12 on hand, 10 available.',
    );
    expect(screen.getByRole('status').textContent).toBe('APP-001-1 now has 12 on hand, 10 available.');
    expect(gateway.sent('PUT', PATH)[0].body).toEqual({ setOnHand: 12, reason: 'Stock take 2026-11' });
    // Emptied after saving: pressing the button again cannot repeat the adjustment.
    expect(screen.getByLabelText<HTMLInputElement>('New on-hand count').value).toBe('');
    expect(screen.getByLabelText<HTMLInputElement>('Reason').value).toBe('');
  });
});
