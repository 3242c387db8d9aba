import { useQuery } from '@tanstack/react-query';
import { Loading } from '../../ui/Loading';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { DateTime } from '../ui/DateTime';
import { type Breaker, BREAKER_REFRESH_MS, breakers } from './payment-queries';

const MEANING: Record<Breaker['state'], string> = {
  closed: 'closed: calls go through',
  open: 'open: calls are refused at once',
  'half-open': 'half-open: one probe call is let through',
};

/**
 * The payment provider's circuit breakers, asked again every few seconds. Only the states are a live region, so a
 * screen reader hears a breaker open or close, not every refresh of its counters.
 */
export function BreakerPanel() {
  const state = useQuery(breakers());
  return (
    <section aria-labelledby="breakers-heading" className="breakers">
      <h2 id="breakers-heading">Circuit breakers</h2>
      <p className="muted">Refreshed every {BREAKER_REFRESH_MS / 1000} seconds.</p>
      {state.isPending ? (
        <Loading what="the breakers" />
      ) : state.isError ? (
        <ProblemMessage error={state.error} retry={() => void state.refetch()} />
      ) : state.data.breakers.length === 0 ? (
        <p className="empty">No breaker is configured.</p>
      ) : (
        <>
          <p role="status" aria-live="polite" className="breakers__summary">
            {state.data.breakers.map((breaker) => `${breaker.name} is ${breaker.state}.`).join(' ')}
          </p>
          <ul className="breaker-list">
            {state.data.breakers.map((breaker) => (
              <li key={breaker.name} className={`breaker breaker--${breaker.state}`}>
                <h3 className="breaker__name">{breaker.name}</h3>
                <p className="breaker__state">{MEANING[breaker.state]}</p>
                <p className="muted">
                  In the last {Math.round(breaker.window.windowMs / 1000)} s: {breaker.window.calls} calls,{' '}
                  {breaker.window.failures} failed, {breaker.window.rejected} refused.
                </p>
                {breaker.openedAt && (
                  <p className="muted">
                    Last opened <DateTime value={breaker.openedAt} />
                  </p>
                )}
                {breaker.probeAt && (
                  <p className="muted">
                    Next probe <DateTime value={breaker.probeAt} />
                  </p>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
