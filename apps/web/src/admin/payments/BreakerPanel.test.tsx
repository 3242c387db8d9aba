import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FakeApi, fakeApi, json } from '../../test/fake-api';
import { renderPage } from '../../test/render';
import { BreakerPanel } from './BreakerPanel';
import { type Breaker, BREAKER_REFRESH_MS } from './payment-queries';

const breaker = (state: Breaker['state']): Breaker => ({
  name: 'psp-sandbox',
  state,
  window: {
    calls: 20,
    failures: state === 'closed' ? 0 : 12,
    rejected: state === 'open' ? 4 : 0,
    windowMs: 10_000,
  },
  ...(state === 'open' ? { openedAt: '2026-11-30T10:00:00.000Z', probeAt: '2026-11-30T10:00:30.000Z' } : {}),
});

describe('BreakerPanel', () => {
  let gateway: FakeApi;
  let state: Breaker['state'];

  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    state = 'closed';
    gateway = fakeApi({
      'GET /api/v1/admin/payments/breakers': () => json(200, { breakers: [breaker(state)] }),
    });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows each breaker’s state in words and announces a change at the next refresh', async () => {
    renderPage(<BreakerPanel />);
    expect((await screen.findByText('psp-sandbox is closed.')).getAttribute('role')).toBe('status');
    expect(screen.getByText('closed: calls go through')).toBeTruthy();

    state = 'open';
    await vi.advanceTimersByTimeAsync(BREAKER_REFRESH_MS);

    expect((await screen.findByText('psp-sandbox is open.')).getAttribute('role')).toBe('status');
    expect(screen.getByText('open: calls are refused at once')).toBeTruthy();
    expect(screen.getByText(/20 calls, 12 failed, 4 refused/)).toBeTruthy();
    expect(gateway.sent('GET', '/api/v1/admin/payments/breakers')).toHaveLength(2);
  });
});
