/** Sign in and sign up. Field errors come from the API's validation_failed details. */
import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { googleEnabled, useMe } from '../api/queries';
import { signIn } from '../api/session';
import { Alert, Field } from '../components/Field';
import { useApiForm } from '../components/useApiForm';

/** Only paths of this app are followed after sign-in (no open redirect). */
function safeNext(raw: string | null): string {
  return raw && raw.startsWith('/') && !raw.startsWith('//') ? raw : '/';
}

export function AuthPage({ mode }: { mode: 'signin' | 'signup' }) {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const me = useMe();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const signup = mode === 'signup';
  const invited = next.startsWith('/invite/');

  const form = useApiForm(async () => {
    await signIn(mode, { email, password, ...(signup && { displayName }) });
    await navigate(next, { replace: true });
  });
  const errors = form.errors;

  if (me.data) return <Navigate to={next} replace />;

  const otherMode = signup ? '/signin' : '/signup';
  const otherLink = `${otherMode}${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`;
  return (
    <main id="main" className="auth">
      <div className="auth-card">
        <div className="auth-brand">
          <img src="/icons/favicon.svg" alt="" width={48} height={48} />
          <p className="tagline">Calm, reliable messaging for co-parents</p>
        </div>
        <h1>{signup ? 'Create your account' : 'Sign in'}</h1>
        {invited && (
          <Alert tone="info">
            {signup ? 'Create an account' : 'Sign in'} to accept your co-parent’s invitation.
          </Alert>
        )}
        <form onSubmit={form.onSubmit} noValidate>
          {signup && (
            <Field
              label="Your name"
              name="displayName"
              hint="Shown to your co-parent."
              autoComplete="name"
              value={displayName}
              onChange={setDisplayName}
              error={errors.displayName}
              required
            />
          )}
          <Field
            label="Email"
            name="email"
            type="email"
            inputMode="email"
            autoComplete="email"
            value={email}
            onChange={setEmail}
            error={errors.email}
            required
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete={signup ? 'new-password' : 'current-password'}
            hint={signup ? 'At least 8 characters.' : undefined}
            value={password}
            onChange={setPassword}
            error={errors.password}
            required
          />
          <Alert>{form.error}</Alert>
          <button type="submit" className="primary wide" disabled={form.busy}>
            {form.busy ? 'Please wait…' : signup ? 'Create account' : 'Sign in'}
          </button>
        </form>
        {googleEnabled() && (
          <a
            className="button wide"
            href={`/api/auth/google${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}
          >
            Continue with Google
          </a>
        )}
        {!signup && (
          <p className="switch">
            <Link to="/forgot-password">Forgot your password?</Link>
          </p>
        )}
        <p className="switch">
          {signup ? 'Already have an account?' : 'New to Parley?'}{' '}
          <Link to={otherLink}>{signup ? 'Sign in' : 'Create an account'}</Link>
        </p>
      </div>
    </main>
  );
}
