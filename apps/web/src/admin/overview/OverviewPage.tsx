import { useQuery } from '@tanstack/react-query';
import { usePageTitle } from '../../ui/usePageTitle';
import { deadLetters } from '../dead-letters/dead-letter-queries';
import { NEEDS_ATTENTION, stuckOrders } from '../orders/order-queries';
import { breakers } from '../payments/payment-queries';
import { OverviewCard } from './OverviewCard';

/** What a query shows in a card while it loads or when it failed: short, since the section's page says more. */
function pending(query: { isPending: boolean; isError: boolean }): string | undefined {
  if (query.isPending) return 'Loading…';
  if (query.isError) return 'Could not load; open the page for details.';
  return undefined;
}

/** The console's front page: every section, and the three things that may need an operator now. */
export function OverviewPage() {
  usePageTitle('Console');
  const breakerState = useQuery(breakers());
  const letters = useQuery(deadLetters(undefined));
  const stuck = useQuery(stuckOrders());

  const openBreakers = breakerState.data?.breakers.filter((breaker) => breaker.state !== 'closed') ?? [];
  const letterCount = letters.data?.items.length ?? 0;
  const stuckCount = stuck.data ? `${stuck.data.count}${stuck.data.more ? '+' : ''}` : '';

  return (
    <section aria-labelledby="overview-heading">
      <h1 id="overview-heading">Console</h1>
      <ul className="overview" aria-label="Sections">
        <OverviewCard title="Payments" to="/admin/payments" attention={openBreakers.length > 0}>
          <p className="overview-card__figure" aria-live="polite">
            {pending(breakerState) ??
              (breakerState.data?.breakers.length
                ? breakerState.data.breakers
                    .map((breaker) => `Breaker ${breaker.name}: ${breaker.state}`)
                    .join('; ')
                : 'No breaker configured')}
          </p>
        </OverviewCard>
        <OverviewCard title="Dead letters" to="/admin/dead-letters" attention={letterCount > 0}>
          <p className="overview-card__figure">
            {pending(letters) ?? (letterCount === 1 ? '1 dead letter' : `${letterCount} dead letters`)}
          </p>
        </OverviewCard>
        <OverviewCard
          title="Orders"
          to={stuck.data?.count ? `/admin/orders?status=${NEEDS_ATTENTION}` : '/admin/orders'}
          attention={(stuck.data?.count ?? 0) > 0}
        >
          <p className="overview-card__figure">
            {pending(stuck) ??
              `${stuckCount} ${stuck.data?.count === 1 ? 'order needs' : 'orders need'} attention`}
          </p>
        </OverviewCard>
        <OverviewCard title="Products" to="/admin/products">
          <p>Create, edit and delete products.</p>
        </OverviewCard>
        <OverviewCard title="Stock" to="/admin/stock">
          <p>Set or adjust stock by SKU; read its adjustment log.</p>
        </OverviewCard>
        <OverviewCard title="Users" to="/admin/users">
          <p>Grant or revoke the admin role.</p>
        </OverviewCard>
      </ul>
    </section>
  );
}
