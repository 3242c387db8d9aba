import { useInfiniteQuery } from '@tanstack/react-query';
import { Loading } from '../../ui/Loading';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { DateTime } from '../ui/DateTime';
import { LoadMore } from '../../ui/LoadMore';
import { adjustmentPages } from './stock-queries';

/** Every change to a SKU's stock, newest first: who, when, by how much and why. */
export function AdjustmentLog({ sku }: { sku: string }) {
  const log = useInfiniteQuery(adjustmentPages(sku));
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="log-heading">
      <h2 id="log-heading">Adjustment log</h2>
      {log.isPending ? (
        <Loading what="the adjustment log" />
      ) : log.isError ? (
        <ProblemMessage error={log.error} retry={() => void log.refetch()} />
      ) : items.length === 0 ? (
        <p className="empty">No adjustments yet.</p>
      ) : (
        <>
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">Stock adjustments of {sku}</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Change</th>
                  <th scope="col">On hand after</th>
                  <th scope="col">Reason</th>
                  <th scope="col">By</th>
                </tr>
              </thead>
              <tbody>
                {items.map((adjustment) => (
                  <tr key={adjustment.id}>
                    <td>
                      <DateTime value={adjustment.createdAt} />
                    </td>
                    <td>{adjustment.delta > 0 ? `+${adjustment.delta}` : adjustment.delta}</td>
                    <td>{adjustment.onHandAfter}</td>
                    <td>{adjustment.reason}</td>
                    <td>
                      <code>{adjustment.actor}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <LoadMore query={log} what="adjustments" />
        </>
      )}
    </section>
  );
}
