import { useInfiniteQuery } from '@tanstack/react-query';
import { LoadMore } from '../../ui/LoadMore';
import { Loading } from '../../ui/Loading';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { usePageTitle } from '../../ui/usePageTitle';
import { notificationPages } from './notifications-query';
import './notifications.css';

const DELIVERY_WORDING = { pending: 'Sending', sent: 'Sent', failed: 'Could not be delivered' } as const;

/** The shopper's emails: what the shop told them and when, newest first, refreshed while the page is open. */
export function NotificationsPage() {
  usePageTitle('Notifications');
  const notifications = useInfiniteQuery(notificationPages());
  const items = notifications.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="notifications-heading">
      <h1 id="notifications-heading">Notifications</h1>
      <p className="notifications__intro">The emails we sent you. New ones appear here by themselves.</p>
      {notifications.isPending ? (
        <Loading what="your notifications" />
      ) : notifications.isError && !notifications.data ? (
        <ProblemMessage error={notifications.error} retry={() => void notifications.refetch()} />
      ) : items.length === 0 ? (
        <p className="empty">No emails yet.</p>
      ) : (
        <>
          <ul className="notifications" aria-label="Emails">
            {items.map((item) => (
              <li key={item.id}>
                <article className="notification" aria-labelledby={`notification-${item.id}`}>
                  <h2 id={`notification-${item.id}`} className="notification__subject">
                    {item.subject}
                  </h2>
                  <p className="notification__meta">
                    <time dateTime={item.createdAt}>{new Date(item.createdAt).toLocaleString()}</time> · to{' '}
                    {item.recipient} · {DELIVERY_WORDING[item.status]}
                  </p>
                  <p className="notification__body">{item.body}</p>
                </article>
              </li>
            ))}
          </ul>
          <LoadMore query={notifications} what="emails" />
        </>
      )}
    </section>
  );
}
