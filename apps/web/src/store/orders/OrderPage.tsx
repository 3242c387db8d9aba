import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ApiProblem } from '../../api/problem';
import { Loading } from '../../ui/Loading';
import { Money } from '../../ui/Money';
import { NotFound } from '../../ui/NotFound';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { usePageTitle } from '../../ui/usePageTitle';
import { orderQuery } from './order-query';
import { isSettled, outcomeOf, STATUS_WORDING } from './order-status';
import { OrderTimeline } from './OrderTimeline';
import './orders.css';

/** One order: its live status (polled until settled), what it means for the shopper, its lines and timeline. */
export function OrderPage() {
  const { id = '' } = useParams();
  const order = useQuery(orderQuery(id));
  usePageTitle(order.data ? `Order ${STATUS_WORDING[order.data.status].toLowerCase()}` : 'Order');

  if (order.isPending) return <Loading what="your order" />;
  if (order.isError && !order.data) {
    const missing =
      order.error instanceof ApiProblem && (order.error.status === 404 || order.error.status === 400);
    return missing ? <NotFound /> : <ProblemMessage error={order.error} retry={() => void order.refetch()} />;
  }
  const { data } = order;
  const outcome = outcomeOf(data);
  const { shippingAddress: address } = data;
  return (
    <article className="order" aria-labelledby="order-heading">
      <h1 id="order-heading" className="order-id">
        Order {data.id}
      </h1>
      {/* One live region: the status and its meaning are announced as the saga moves on. */}
      <div className={`order__status order__status--${outcome.tone}`} role="status" aria-live="polite">
        <p className="order__status-name">
          Status: <strong data-status={data.status}>{data.status}</strong> ({STATUS_WORDING[data.status]})
        </p>
        <p>{outcome.text}</p>
      </div>
      {/* A failed poll keeps the last known status on screen and says why it may be stale. */}
      {order.isError && <ProblemMessage error={order.error} retry={() => void order.refetch()} />}
      {data.status === 'CANCELLED' && (
        <p>
          <Link to="/cart">Back to your cart</Link>
        </p>
      )}
      <section aria-labelledby="order-lines-heading">
        <h2 id="order-lines-heading">What you ordered</h2>
        <ul className="order__lines">
          {data.lines.map((line) => (
            <li key={line.productId}>
              {line.quantity} × <Link to={`/products/${line.productId}`}>{line.name}</Link> at{' '}
              <Money value={line.unitPrice} /> each: <Money value={line.lineTotal} />
              {line.priceChanged && line.cartUnitPrice && (
                <span className="order__price-changed">
                  {' '}
                  (the price changed from <Money value={line.cartUnitPrice} /> since it went in your cart)
                </span>
              )}
            </li>
          ))}
        </ul>
        <p className="order__total">
          Total: <Money value={data.total} />
        </p>
      </section>
      <section aria-labelledby="order-address-heading">
        <h2 id="order-address-heading">Shipping to</h2>
        <address>
          {address.name}
          <br />
          {address.line1}
          {address.line2 && (
            <>
              <br />
              {address.line2}
            </>
          )}
          <br />
          {address.postalCode} {address.city}
          <br />
          {address.country}
        </address>
      </section>
      <section aria-labelledby="order-steps-heading">
        <h2 id="order-steps-heading">Progress</h2>
        {!isSettled(data.status) && <p className="order__polling">Updating every second…</p>}
        <OrderTimeline steps={data.steps ?? []} settled={isSettled(data.status)} />
      </section>
      <p>
        Placed <time dateTime={data.createdAt}>{new Date(data.createdAt).toLocaleString()}</time>.{' '}
        <Link to="/orders">All your orders</Link>
      </p>
    </article>
  );
}
