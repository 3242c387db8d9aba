import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Field } from '../../ui/Field';
import { Loading } from '../../ui/Loading';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { usePageTitle } from '../../ui/usePageTitle';
import { DateTime } from '../ui/DateTime';
import { textOf } from '../../ui/form-data';
import { LoadMore } from '../../ui/LoadMore';
import { SelectField } from '../../ui/SelectField';
import { BreakerPanel } from './BreakerPanel';
import { PaymentAmount } from './PaymentAmount';
import { isPaymentStatus, PAYMENT_STATUSES, paymentPages } from './payment-queries';

const STATUS_OPTIONS = [
  { value: '', label: 'Every status' },
  ...PAYMENT_STATUSES.map((status) => ({ value: status, label: status })),
];

/** The breakers' state, then payments filtered by status and order (both in the URL), each linking to its attempts. */
export function PaymentsPage() {
  const [params, setParams] = useSearchParams();
  const requested = params.get('status');
  const status = isPaymentStatus(requested) ? requested : undefined;
  const orderId = params.get('orderId') ?? undefined;
  usePageTitle('Payments · Console');
  const payments = useInfiniteQuery(paymentPages({ status, orderId }));
  const items = payments.data?.pages.flatMap((page) => page.items) ?? [];

  const filter = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    if (textOf(form, 'status')) next.set('status', textOf(form, 'status'));
    if (textOf(form, 'orderId')) next.set('orderId', textOf(form, 'orderId'));
    setParams(next);
  };

  return (
    <section aria-labelledby="payments-heading">
      <h1 id="payments-heading">Payments</h1>
      <BreakerPanel />
      <h2>Payments</h2>
      <form
        className="console-form console-form--inline"
        onSubmit={filter}
        aria-label="Filter payments"
        key={`${status}-${orderId}`}
      >
        <SelectField label="Status" name="status" defaultValue={status ?? ''} options={STATUS_OPTIONS} />
        <Field label="Order ID" name="orderId" defaultValue={orderId} maxLength={100} />
        <button type="submit" className="button">
          Filter
        </button>
      </form>
      {payments.isPending ? (
        <Loading what="payments" />
      ) : payments.isError ? (
        <ProblemMessage error={payments.error} retry={() => void payments.refetch()} />
      ) : items.length === 0 ? (
        <p className="empty">{status || orderId ? 'No payments match.' : 'No payments yet.'}</p>
      ) : (
        <>
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">Payments</caption>
              <thead>
                <tr>
                  <th scope="col">Payment</th>
                  <th scope="col">Status</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Order</th>
                  <th scope="col">Card</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.id}>
                    <th scope="row">
                      <Link to={`/admin/payments/${item.id}`}>
                        <code>{item.id.slice(0, 8)}</code>
                        <span className="visually-hidden"> payment {item.id}</span>
                      </Link>
                    </th>
                    <td>
                      <span className="badge">{item.status}</span>
                      {item.declineCode && <span className="muted"> {item.declineCode}</span>}
                    </td>
                    <td>
                      <PaymentAmount amount={item.amount} currency={item.currency} />
                    </td>
                    <td>
                      <code>{item.orderId}</code>
                    </td>
                    <td>•••• {item.cardLast4}</td>
                    <td>{item.attempts.length}</td>
                    <td>
                      <DateTime value={item.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <LoadMore query={payments} what="payments" />
        </>
      )}
    </section>
  );
}
