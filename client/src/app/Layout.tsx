/** The signed-in frame: header with the bell, the page, and the navigation (a tab bar on phones). */
import { useCallback, type ReactNode } from 'react';
import { Link, NavLink } from 'react-router';
import { keys, queryClient, useNotifications } from '../api/queries';
import type { NotificationView } from '../api/types';
import { useNotificationEvents } from '../chat/rooms';
import { BellIcon, ChatIcon, PeopleIcon, PersonIcon, TasksIcon } from '../components/Icons';

function NotificationBell() {
  const { data } = useNotifications();
  const onEvent = useCallback((n: NotificationView) => {
    void queryClient.invalidateQueries({ queryKey: keys.notifications });
    if (n.type === 'pairing_accepted') {
      void queryClient.invalidateQueries({ queryKey: keys.pairing });
      void queryClient.invalidateQueries({ queryKey: keys.rooms });
    }
    if (n.type.startsWith('task')) void queryClient.invalidateQueries({ queryKey: keys.tasks });
  }, []);
  useNotificationEvents(onEvent);
  const unread = data?.unreadCount ?? 0;
  const label = unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';
  return (
    <Link to="/notifications" className="bell" aria-label={label}>
      <BellIcon />
      {unread > 0 && (
        <span className="badge" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </Link>
  );
}

const NAV = [
  { to: '/', label: 'Chat', icon: <ChatIcon />, end: true },
  { to: '/tasks', label: 'Tasks', icon: <TasksIcon /> },
  { to: '/contacts', label: 'Contacts', icon: <PeopleIcon /> },
  { to: '/profile', label: 'Profile', icon: <PersonIcon /> },
];

export function Layout({ children }: { children: ReactNode }) {
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label="Parley, home">
          <img src="/icons/favicon.svg" alt="" width={28} height={28} />
          <span>Parley</span>
        </Link>
        <nav className="topnav" aria-label="Main">
          {NAV.map((item) => (
            <NavLink key={item.to} to={item.to} end={item.end}>
              {item.label}
            </NavLink>
          ))}
        </nav>
        <NotificationBell />
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <nav className="tabbar" aria-label="Main, bottom">
        {NAV.map((item) => (
          <NavLink key={item.to} to={item.to} end={item.end}>
            {item.icon}
            <span>{item.label}</span>
          </NavLink>
        ))}
      </nav>
    </div>
  );
}
