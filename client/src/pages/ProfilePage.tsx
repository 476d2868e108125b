/** Profile: account, notifications on this device, mediation statistics, profile sections, sign out. */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, errorText } from '../api/http';
import { useMe } from '../api/queries';
import { signOut } from '../api/session';
import type { MediationStatsView, ProfileSectionView } from '../api/types';
import { disablePush, enablePush, pushState, type PushState } from '../app/pwa';
import { Alert, Field } from '../components/Field';
import { useApiForm } from '../components/useApiForm';
import { AccountSecurity } from './AccountSecurity';
import { SECTIONS, toBody, toValues, type SectionSpec } from './profileSections';

function Notifications() {
  const [state, setState] = useState<PushState | null>(null);
  const [includeText, setIncludeText] = useState(false);
  const [error, setError] = useState('');
  useEffect(() => void pushState().then(setState), []);
  async function run(fn: () => Promise<PushState>) {
    setError('');
    try {
      setState(await fn());
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <section className="card" aria-labelledby="push-title">
      <h2 id="push-title">Notifications on this device</h2>
      {state === 'unsupported' && <p>This browser cannot receive notifications.</p>}
      {state === 'denied' && (
        <p>Notifications are blocked for Parley in this browser’s settings.</p>
      )}
      {state === 'on' && (
        <p>This device gets a notification when a message arrives while you are away.</p>
      )}
      {state === 'off' && (
        <label className="check">
          <input
            type="checkbox"
            checked={includeText}
            onChange={(e) => setIncludeText(e.target.checked)}
          />{' '}
          Show message text on the lock screen
        </label>
      )}
      <Alert>{error}</Alert>
      {state === 'off' && (
        <button
          type="button"
          className="primary"
          onClick={() => void run(() => enablePush(includeText))}
        >
          Enable notifications
        </button>
      )}
      {state === 'on' && (
        <button type="button" onClick={() => void run(disablePush)}>
          Turn off notifications
        </button>
      )}
    </section>
  );
}

function Stats() {
  const { data } = useQuery({
    queryKey: ['mediation-stats'],
    queryFn: async () => (await api<{ stats: MediationStatsView }>('/mediation/stats')).stats,
  });
  if (!data || data.totalInterventions === 0) return null;
  return (
    <section className="card" aria-labelledby="stats-title">
      <h2 id="stats-title">Second looks</h2>
      <p>
        Parley held {data.totalInterventions} of your messages for a second look. You took a calmer
        version {data.accepted + data.modified} times.
      </p>
    </section>
  );
}

function Section({ spec }: { spec: SectionSpec }) {
  const [open, setOpen] = useState(false);
  const { data } = useQuery({
    queryKey: ['profile', spec.section],
    queryFn: async () =>
      (await api<{ profile: ProfileSectionView }>(`/profile/${spec.section}`)).profile,
    enabled: open,
  });
  const [values, setValues] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (data) setValues(toValues(data.fields));
  }, [data]);
  const form = useApiForm(async () => {
    setSaved(false);
    await api(`/profile/${spec.section}`, { method: 'PUT', body: toBody(spec, values) });
    setSaved(true);
  });
  return (
    <details className="card" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{spec.title}</summary>
      {spec.note && <p className="hint">{spec.note}</p>}
      <form onSubmit={form.onSubmit} noValidate>
        {spec.fields.map((f) => (
          <Field
            key={f.name}
            label={f.label}
            name={f.name}
            type={f.kind === 'date' ? 'date' : f.kind === 'number' ? 'number' : 'text'}
            multiline={f.kind === 'textarea'}
            options={
              f.options && [
                { value: '', label: 'Not said' },
                ...f.options.map((o) => ({ value: o, label: o.replace('_', ' ') })),
              ]
            }
            value={values[f.name] ?? ''}
            onChange={(v) => setValues({ ...values, [f.name]: v })}
            error={form.errors[f.name]}
          />
        ))}
        <Alert>{form.error}</Alert>
        <p role="status" className="hint">
          {saved ? 'Saved.' : ''}
        </p>
        <button type="submit" className="primary">
          Save {spec.title.toLowerCase()}
        </button>
      </form>
    </details>
  );
}

export default function ProfilePage() {
  const me = useMe().data!;
  const navigate = useNavigate();
  return (
    <section className="page narrow">
      <h1>Profile</h1>
      <section className="card" aria-labelledby="account-title">
        <h2 id="account-title">{me.displayName}</h2>
        <p className="thread-meta">{me.email}</p>
        <button
          type="button"
          onClick={() => void signOut().then(() => navigate('/signin', { replace: true }))}
        >
          Sign out
        </button>
      </section>
      <AccountSecurity me={me} />
      <Notifications />
      <Stats />
      <h2>Your profile</h2>
      <p className="hint">
        Helps Parley suggest wording that fits your situation. Only you see it.
      </p>
      {SECTIONS.map((s) => (
        <Section key={s.section} spec={s} />
      ))}
    </section>
  );
}
