/** The in-app notifications: newest first, each opens what it is about and is marked read. */
import { Link } from 'react-router';
import { api } from '../api/http';
import { keys, queryClient, useNotifications } from '../api/queries';
import type { NotificationView } from '../api/types';
import { Alert } from '../components/Field';
import { dateTimeOf } from '../components/chat/format';
import { errorText } from '../api/http';

const refresh = () => queryClient.invalidateQueries({ queryKey: keys.notifications });

function target(n: NotificationView): string | null {
  if (n.relatedType === 'room' && n.relatedId) return `/rooms/${n.relatedId}`;
  if (n.relatedType === 'task') return '/tasks';
  if (n.relatedType === 'pairing') return '/';
  return null;
}

export default function NotificationsPage() {
  const { data, isPending, error } = useNotifications();
  const list = data?.notifications ?? [];
  const read = (n: NotificationView) => {
    if (!n.isRead) void api(`/notifications/${n.id}/read`, { method: 'POST' }).then(refresh);
  };
  return (
    <section className="page narrow">
      <div className="row list-head">
        <h1>Notifications</h1>
        {(data?.unreadCount ?? 0) > 0 && (
          <button
            type="button"
            className="quiet"
            onClick={() => void api('/notifications/read-all', { method: 'POST' }).then(refresh)}
          >
            Mark all as read
          </button>
        )}
      </div>
      {error && <Alert>{errorText(error)}</Alert>}
      {isPending && <p role="status">Loading…</p>}
      {!isPending && list.length === 0 && <p className="empty">Nothing new.</p>}
      <ul className="notifications">
        {list.map((n) => {
          const to = target(n);
          const body = (
            <>
              <span className="n-title">
                {!n.isRead && <span className="sr-only">Unread: </span>}
                {n.title}
              </span>
              {n.body && <span className="n-body">{n.body}</span>}
              <time dateTime={n.createdAt}>{dateTimeOf(n.createdAt)}</time>
            </>
          );
          return (
            <li key={n.id} className={n.isRead ? 'read' : 'unread'}>
              {to ? (
                <Link to={to} onClick={() => read(n)}>
                  {body}
                </Link>
              ) : (
                <button type="button" className="plain" onClick={() => read(n)}>
                  {body}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
