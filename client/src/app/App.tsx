/** Routes. Signed-out visitors of a signed-in page go through sign-in and come back. */
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { usePairing, useMe } from '../api/queries';
import { ForgotPasswordPage, ResetPasswordPage, VerifyEmailPage } from '../pages/AccountMailPages';
import { AuthPage } from '../pages/AuthPage';
import { InvitePage } from '../pages/InvitePage';
import { PairingPage } from '../pages/PairingPage';
import { RoomPage } from '../pages/RoomPage';
import { Layout } from './Layout';
import { useServiceWorkerNavigation } from './pwa';

const TasksPage = lazy(() => import('../pages/TasksPage'));
const ContactsPage = lazy(() => import('../pages/ContactsPage'));
const NotificationsPage = lazy(() => import('../pages/NotificationsPage'));
const ProfilePage = lazy(() => import('../pages/ProfilePage'));

function Loading() {
  return (
    <p className="loading" role="status">
      Loading…
    </p>
  );
}

/** Renders its page for a signed-in user; otherwise sends them to sign in, then back here. */
function SignedIn({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (me.isError) {
    return (
      <p className="alert alert-error" role="alert">
        Parley cannot reach the server. Check your connection; this page retries when you reload.
      </p>
    );
  }
  if (!me.data) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/signin?next=${next}`} replace />;
  }
  return <Layout>{children}</Layout>;
}

/** `/`: the room when paired, else pairing. */
function Home() {
  const pairing = usePairing();
  if (pairing.isPending) return <Loading />;
  const roomId = pairing.data?.pairings.find((p) => p.status === 'active')?.roomId;
  return <Navigate to={roomId ? `/rooms/${roomId}` : '/pairing'} replace />;
}

export function App() {
  useServiceWorkerNavigation();
  const page = (node: ReactNode) => (
    <SignedIn>
      <Suspense fallback={<Loading />}>{node}</Suspense>
    </SignedIn>
  );
  return (
    <Routes>
      <Route path="/signin" element={<AuthPage mode="signin" />} />
      <Route path="/signup" element={<AuthPage mode="signup" />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password/:token" element={<ResetPasswordPage />} />
      <Route path="/verify-email/:token" element={<VerifyEmailPage />} />
      <Route path="/invite/:token" element={page(<InvitePage />)} />
      <Route path="/" element={page(<Home />)} />
      <Route path="/pairing" element={page(<PairingPage />)} />
      <Route path="/rooms/:roomId" element={page(<RoomPage />)} />
      <Route path="/tasks" element={page(<TasksPage />)} />
      <Route path="/contacts" element={page(<ContactsPage />)} />
      <Route path="/notifications" element={page(<NotificationsPage />)} />
      <Route path="/profile" element={page(<ProfilePage />)} />
      <Route path="*" element={page(<NotFound />)} />
    </Routes>
  );
}

function NotFound() {
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        That address does not lead anywhere in Parley. <a href="/">Go to your conversation</a>.
      </p>
    </section>
  );
}
