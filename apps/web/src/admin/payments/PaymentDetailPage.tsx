import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { Loading } from '../../ui/Loading';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { usePageTitle } from '../../ui/usePageTitle';
import { DateTime } from '../ui/DateTime';
import { PaymentAmount } from './PaymentAmount';
import { payment } from './payment-queries';

/** One payment and every call made to the provider for it: what was asked, what came back, how long it took. */
export function PaymentDetailPage() {
  const { id = '' } = useParams();
  usePageTitle('Payment · Console');
  const found = useQuery(payment(id));
  return (
    <section aria-labelledby="payment-heading">
      <p className="breadcrumb">
        <Link to="/admin/payments">Payments</Link>
      </p>
      <h1 id="payment-heading">
        Payment <code>{id}</code>
      </h1>
      {found.isPending ? (
        <Loading what="the payment" />
      ) : found.isError ? (
        <ProblemMessage error={found.error} retry={() => void found.refetch()} />
      ) : (
        <>
          <dl className="details">
            <dt>Status</dt>
            <dd>
              {found.data.status}
              {found.data.declineCode && ` (${found.data.declineCode})`}
            </dd>
            <dt>Order</dt>
            <dd>
              <Link to={`/admin/payments?orderId=${encodeURIComponent(found.data.orderId)}`}>
                <code>{found.data.orderId}</code>
              </Link>
            </dd>
            <dt>Authorized</dt>
            <dd>
              <PaymentAmount amount={found.data.amount} currency={found.data.currency} />
            </dd>
            <dt>Captured</dt>
            <dd>
              <PaymentAmount amount={found.data.capturedAmount} currency={found.data.currency} />
            </dd>
            <dt>Refunded</dt>
            <dd>
              <PaymentAmount amount={found.data.refundedAmount} currency={found.data.currency} />
            </dd>
            <dt>Card</dt>
            <dd>•••• {found.data.cardLast4}</dd>
            <dt>Provider reference</dt>
            <dd>{found.data.providerReference ? <code>{found.data.providerReference}</code> : '—'}</dd>
            <dt>Created</dt>
            <dd>
              <DateTime value={found.data.createdAt} />
            </dd>
            <dt>Updated</dt>
            <dd>
              <DateTime value={found.data.updatedAt} />
            </dd>
          </dl>
          <h2>Attempts</h2>
          {found.data.attempts.length === 0 ? (
            <p className="empty">No call was made to the provider.</p>
          ) : (
            <div className="table-scroll">
              <table>
                <caption className="visually-hidden">Calls to the payment provider, oldest first</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Operation</th>
                    <th scope="col">Attempt</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">HTTP</th>
                    <th scope="col">Latency</th>
                    <th scope="col">Error</th>
                  </tr>
                </thead>
                <tbody>
                  {found.data.attempts.map((attempt) => (
                    <tr key={`${attempt.operation}-${attempt.attempt}-${attempt.at}`}>
                      <td>
                        <DateTime value={attempt.at} />
                      </td>
                      <td>{attempt.operation}</td>
                      <td>{attempt.attempt}</td>
                      <td>{attempt.outcome}</td>
                      <td>{attempt.httpStatus ?? '—'}</td>
                      <td>{attempt.latencyMs} ms</td>
                      <td>{attempt.error ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
