import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { LoadMore } from '../../ui/LoadMore';
import { Loading } from '../../ui/Loading';
import { Money } from '../../ui/Money';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { usePageTitle } from '../../ui/usePageTitle';
import { orderPages } from './order-query';
import { STATUS_WORDING } from './order-status';
import './orders.css';

/** The shopper's orders, newest first, a page at a time. */
export function OrderHistoryPage() {
  usePageTitle('Orders');
  const orders = useInfiniteQuery(orderPages());
  const items = orders.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="orders-heading">
      <h1 id="orders-heading">Your orders</h1>
      {orders.isPending ? (
        <Loading what="your orders" />
      ) : orders.isError && !orders.data ? (
        <ProblemMessage error={orders.error} retry={() => void orders.refetch()} />
      ) : items.length === 0 ? (
        <p className="empty">
          You have not ordered anything yet. <Link to="/">Browse the products</Link>
        </p>
      ) : (
        <>
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">Your orders, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Placed</th>
                  <th scope="col">Status</th>
                  <th scope="col">Items</th>
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                {items.map((order) => (
                  <tr key={order.id}>
                    <td>
                      {/* The whole ID, as the emails quote it: UUIDv7 orders placed within a minute share a prefix. */}
                      <Link to={`/orders/${order.id}`} className="order-id">
                        Order {order.id}
                      </Link>
                    </td>
                    <td>
                      <time dateTime={order.createdAt}>{new Date(order.createdAt).toLocaleString()}</time>
                    </td>
                    <td>{STATUS_WORDING[order.status]}</td>
                    <td>{order.linesCount === 1 ? '1 product' : `${order.linesCount} products`}</td>
                    <td>
                      <Money value={order.total} />
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
