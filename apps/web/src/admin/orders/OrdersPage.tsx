import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { Loading } from '../../ui/Loading';
import { Money } from '../../ui/Money';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { usePageTitle } from '../../ui/usePageTitle';
import { DateTime } from '../ui/DateTime';
import { LoadMore } from '../../ui/LoadMore';
import { SelectField } from '../../ui/SelectField';
import { adminOrderPages, isOrderStatus, NEEDS_ATTENTION, ORDER_STATUSES } from './order-queries';
import { OrderStatusBadge } from './OrderStatusBadge';

const STATUS_OPTIONS = [
  { value: '', label: 'Every status' },
  ...ORDER_STATUSES.map((status) => ({
    value: status,
    label: status === NEEDS_ATTENTION ? `${status} (needs attention)` : status,
  })),
];

/**
 * Every shopper's orders, newest first, filtered by status (kept in the URL). The API has no admin view of one
 * order's steps, so each row links to the order's payments, which show what the provider was asked and answered.
 */
export function OrdersPage() {
  const [params, setParams] = useSearchParams();
  const requested = params.get('status');
  const status = isOrderStatus(requested) ? requested : undefined;
  usePageTitle(status ? `Orders ${status} · Console` : 'Orders · Console');
  const orders = useInfiniteQuery(adminOrderPages(status));
  const items = orders.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section aria-labelledby="orders-heading">
      <h1 id="orders-heading">Orders</h1>
      <form className="console-form console-form--inline" onSubmit={(event) => event.preventDefault()}>
        <SelectField
          label="Status"
          name="status"
          value={status ?? ''}
          options={STATUS_OPTIONS}
          onChange={(event) => setParams(event.target.value ? { status: event.target.value } : {})}
        />
      </form>
      {status !== NEEDS_ATTENTION && (
        <p>
          <Link to={`/admin/orders?status=${NEEDS_ATTENTION}`}>Show the orders that need attention</Link>
        </p>
      )}
      {orders.isPending ? (
        <Loading what="orders" />
      ) : orders.isError ? (
        <ProblemMessage error={orders.error} retry={() => void orders.refetch()} />
      ) : items.length === 0 ? (
        <p className="empty">
          {status === NEEDS_ATTENTION
            ? 'No order needs attention.'
            : status
              ? `No orders are ${status}.`
              : 'No orders yet.'}
        </p>
      ) : (
        <>
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">
                Orders{status ? ` in status ${status}` : ''}, newest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Status</th>
                  <th scope="col">Total</th>
                  <th scope="col">Lines</th>
                  <th scope="col">Placed</th>
                  <th scope="col">Updated</th>
                  <th scope="col">Shopper</th>
                  <th scope="col">Payments</th>
                </tr>
              </thead>
              <tbody>
                {items.map((order) => (
                  <tr
                    key={order.id}
                    className={order.status === NEEDS_ATTENTION ? 'row--attention' : undefined}
                  >
                    <th scope="row">
                      <code>{order.id}</code>
                    </th>
                    <td>
                      <OrderStatusBadge status={order.status} />
                    </td>
                    <td>
                      <Money value={order.total} />
                    </td>
                    <td>{order.linesCount}</td>
                    <td>
                      <DateTime value={order.createdAt} />
                    </td>
                    <td>
                      <DateTime value={order.updatedAt} />
                    </td>
                    <td>
                      <code>{order.userId}</code>
                    </td>
                    <td>
                      <Link to={`/admin/payments?orderId=${encodeURIComponent(order.id)}`}>
                        Payments<span className="visually-hidden"> of order {order.id}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <LoadMore query={orders} what="orders" />
        </>
      )}
    </section>
  );
}
