import { NEEDS_ATTENTION, type OrderStatus } from './order-queries';

/** An order's status as text (never colour alone); the stuck ones say they need attention. */
export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  if (status === NEEDS_ATTENTION) {
    return (
      <span className="badge badge--attention">
        {status} <strong>· needs attention</strong>
      </span>
    );
  }
  return <span className="badge">{status}</span>;
}
