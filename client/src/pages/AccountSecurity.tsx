/**
 * "Account security" on the profile page: change password, sign out
 * everywhere, download my data, delete my account (a second step that says
 * what is kept and what is erased — docs/security.md "Retention"). An
 * account without a password proves itself by a sign-in of the last 10
 * minutes: "Sign in with Google again" comes back to this step.
 */
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/http';
import { googleEnabled } from '../api/queries';
import { signOut } from '../api/session';
import type { UserView } from '../api/types';
import { Alert, Field } from '../components/Field';
import { useApiForm } from '../components/useApiForm';

function ChangePassword() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const form = useApiForm(async () => {
    await api('/auth/password', { method: 'POST', body: { currentPassword, newPassword } });
    setCurrent('');
    setNew('');
  });
  return (
    <form onSubmit={form.onSubmit} noValidate aria-labelledby="pw-title">
      <h3 id="pw-title">Change password</h3>
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        value={currentPassword}
        onChange={setCurrent}
        error={form.errors.currentPassword}
      />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters. Your other devices are signed out."
        value={newPassword}
        onChange={setNew}
        error={form.errors.newPassword}
      />
      <Alert>{form.error}</Alert>
      <p role="status" className="hint">
        {form.done ? 'Password changed. Your other devices were signed out.' : ''}
      </p>
      <button type="submit" className="primary" disabled={form.busy}>
        Change password
      </button>
    </form>
  );
}

/** Where "Sign in with Google again" comes back to: this step, open. */
const REAUTH_RETURN = '/profile?delete=1';

/** For an account without a password: how to prove it is you (a recent sign-in). */
function RecentSignIn({ justSignedIn }: { justSignedIn: boolean }) {
  if (justSignedIn) {
    return (
      <Alert tone="info">
        You signed in again just now: you can delete your account in the next 10 minutes.
      </Alert>
    );
  }
  if (!googleEnabled()) {
    return (
      <p className="hint">
        This account has no password. <Link to="/forgot-password">Set one by email</Link>, then come
        back and delete with it.
      </p>
    );
  }
  return (
    <div className="reauth">
      <p className="hint">
        If you signed in more than 10 minutes ago, sign in again first to show it is you.
      </p>
      <a className="button" href={`/api/auth/google?next=${encodeURIComponent(REAUTH_RETURN)}`}>
        Sign in with Google again
      </a>
    </div>
  );
}

function DeleteAccount({ me }: { me: UserView }) {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  // Back from "Sign in with Google again": the step opens where it was left.
  const [justSignedIn] = useState(() => params.get('delete') === '1');
  const [confirming, setConfirming] = useState(justSignedIn);
  const [password, setPassword] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const form = useApiForm(async () => {
    await api('/account', { method: 'DELETE', body: me.hasPassword ? { password } : {} });
    await signOut();
    void navigate('/signin', { replace: true });
  });
  useEffect(() => {
    if (justSignedIn) setParams({}, { replace: true });
  }, [justSignedIn, setParams]);
  // Focus follows the step: its heading when it opens, the button again when kept.
  const opened = useRef(justSignedIn);
  const start = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) heading.current?.focus();
    else if (opened.current) start.current?.focus();
    opened.current ||= confirming;
  }, [confirming]);
  if (!confirming) {
    return (
      <div>
        <h3 id="delete-title">Delete account</h3>
        <button ref={start} type="button" className="danger" onClick={() => setConfirming(true)}>
          Delete my account…
        </button>
      </div>
    );
  }
  return (
    <form onSubmit={form.onSubmit} noValidate aria-labelledby="delete-title">
      <h3 id="delete-title" ref={heading} tabIndex={-1}>
        Delete your account?
      </h3>
      <p className="hint">Signed in as {me.email}</p>
      <p>
        <strong>Erased now:</strong> your email, password, name, profile, contacts (with children’s
        health notes), tasks of your own, notifications, devices, coaching history and every
        session.
      </p>
      <p>
        <strong>Kept:</strong> the messages you sent stay in the shared record with your co-parent,
        shown as “Former member” instead of your name, so their record stays complete and
        verifiable. Your co-parent is told. This cannot be undone.
      </p>
      {me.hasPassword ? (
        <Field
          label="Your password, to confirm"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={form.errors.password}
        />
      ) : (
        <RecentSignIn justSignedIn={justSignedIn} />
      )}
      <Alert>{form.error}</Alert>
      <div className="actions">
        <button type="submit" className="danger" disabled={form.busy}>
          Delete my account for good
        </button>
        <button type="button" onClick={() => setConfirming(false)}>
          Keep my account
        </button>
      </div>
    </form>
  );
}

/** The card. */
export function AccountSecurity({ me }: { me: UserView }) {
  const navigate = useNavigate();
  const endAll = useApiForm(async () => {
    await api('/auth/sessions/end-all', { method: 'POST' });
    await signOut();
    void navigate('/signin', { replace: true });
  });
  return (
    <section className="card account-security" aria-labelledby="security-title">
      <h2 id="security-title">Account security</h2>
      {me.hasPassword && <ChangePassword />}
      <form onSubmit={endAll.onSubmit} aria-labelledby="everywhere-title">
        <h3 id="everywhere-title">Sign out everywhere</h3>
        <p className="hint">Ends every session on every device, this one included.</p>
        <Alert>{endAll.error}</Alert>
        <button type="submit" disabled={endAll.busy}>
          Sign out everywhere
        </button>
      </form>
      <div>
        <h3 id="export-title">Your data</h3>
        <p className="hint">
          A file with everything Parley holds about you: account, profile, contacts, tasks, the
          messages you sent and your own coaching history.
        </p>
        <a className="button" href="/api/account/export" download aria-describedby="export-title">
          Download my data
        </a>
      </div>
      <DeleteAccount me={me} />
    </section>
  );
}
