/**
 * The pages mailed links open: confirm an email address, ask for a password
 * reset link, choose a new password. None needs a signed-in user.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api/http';
import { queryClient } from '../api/queries';
import { Alert, Field } from '../components/Field';
import { useApiForm } from '../components/useApiForm';

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main id="main" className="auth">
      <div className="auth-card">
        <div className="auth-brand">
          <img src="/icons/favicon.svg" alt="" width={48} height={48} />
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

/** `/verify-email/:token`: spends the link once, on arrival. */
export function VerifyEmailPage() {
  const { token = '' } = useParams();
  const verify = useApiForm(async () => {
    await api('/auth/verify-email', { method: 'POST', body: { token } });
    void queryClient.invalidateQueries();
  });
  const sent = useRef(false);
  const { run } = verify;
  useEffect(() => {
    // Once: a second POST of a spent link would only answer that it is spent.
    if (sent.current) return;
    sent.current = true;
    run();
  }, [run]);
  return (
    <Card title="Confirm your email">
      {!verify.done && !verify.error && <p role="status">Confirming…</p>}
      {verify.done && <Alert tone="info">Thank you: your email address is confirmed.</Alert>}
      <Alert>{verify.error}</Alert>
      <p className="switch">
        <Link to="/">Continue to Parley</Link>
      </p>
    </Card>
  );
}

/** `/forgot-password`: the same answer whether or not the address has an account. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const form = useApiForm(async () => {
    await api('/auth/password-reset', { method: 'POST', body: { email } });
  });
  return (
    <Card title="Forgot your password?">
      {form.done ? (
        <Alert tone="info">
          If an account uses this address, a link to choose a new password is on its way. It works
          for an hour.
        </Alert>
      ) : (
        <form onSubmit={form.onSubmit} noValidate>
          <Field
            label="Email"
            name="email"
            type="email"
            inputMode="email"
            autoComplete="email"
            value={email}
            onChange={setEmail}
            error={form.errors.email}
            required
          />
          <Alert>{form.error}</Alert>
          <button type="submit" className="primary wide" disabled={form.busy}>
            {form.busy ? 'Please wait…' : 'Send me a link'}
          </button>
        </form>
      )}
      <p className="switch">
        <Link to="/signin">Back to sign in</Link>
      </p>
    </Card>
  );
}

/** `/reset-password/:token`: a new password; every device is signed out. */
export function ResetPasswordPage() {
  const { token = '' } = useParams();
  const [password, setPassword] = useState('');
  const form = useApiForm(async () => {
    await api('/auth/password-reset/confirm', { method: 'POST', body: { token, password } });
  });
  return (
    <Card title="Choose a new password">
      {form.done ? (
        <Alert tone="info">Your password is changed and every device was signed out.</Alert>
      ) : (
        <form onSubmit={form.onSubmit} noValidate>
          <Field
            label="New password"
            name="password"
            type="password"
            autoComplete="new-password"
            hint="At least 8 characters."
            value={password}
            onChange={setPassword}
            error={form.errors.password}
            required
          />
          <Alert>{form.error}</Alert>
          <button type="submit" className="primary wide" disabled={form.busy}>
            {form.busy ? 'Please wait…' : 'Set password'}
          </button>
        </form>
      )}
      <p className="switch">
        <Link to="/signin">Sign in</Link>
      </p>
    </Card>
  );
}
