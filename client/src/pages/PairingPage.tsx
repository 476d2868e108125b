/** Pairing: invite (code shown large, link to copy, optional email), accept a code, status, cancel. */
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, errorText } from '../api/http';
import { keys, queryClient, usePairing } from '../api/queries';
import type { CreatedPairingView, PairingView } from '../api/types';
import { resetSocket } from '../chat/socket';
import { Alert, Field } from '../components/Field';
import { useApiForm } from '../components/useApiForm';

const DAY_MS = 86_400_000;

/**
 * How long an invitation stays valid, short enough for one line on a phone:
 * "Valid 7 days" + "until Tue 9 Dec" (the reader's own date format), or
 * "Valid until 7:54 AM" on its last day. The exact moment is in the title.
 */
function validity(iso: string, now = Date.now()): { left: string; until?: string } {
  const end = new Date(iso);
  const ms = end.getTime() - now;
  if (ms < DAY_MS) {
    const time = end.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
    const sameDay = end.toDateString() === new Date(now).toDateString();
    return { left: `Valid until ${time}${sameDay ? '' : ' tomorrow'}` };
  }
  const days = Math.round(ms / DAY_MS);
  const date = end.toLocaleDateString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  });
  return { left: `Valid ${days} ${days === 1 ? 'day' : 'days'}`, until: `until ${date}` };
}

function Expiry({ iso }: { iso: string }) {
  const { left, until } = validity(iso);
  const exact = new Date(iso).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'short' });
  return (
    <time className="expiry" dateTime={iso} title={exact}>
      <span className="nowrap">{left}</span>
      {until && (
        <>
          {' '}
          <span className="nowrap">· {until}</span>
        </>
      )}
    </time>
  );
}

/** After a pairing becomes active: the socket must be renewed to join the new room. */
export async function pairingActivated(roomId: string | null): Promise<string> {
  resetSocket(true);
  await queryClient.invalidateQueries({ queryKey: keys.pairing });
  await queryClient.invalidateQueries({ queryKey: keys.rooms });
  return roomId ? `/rooms/${roomId}` : '/';
}

function CopyLink({ url }: { url: string }) {
  const [copied, setCopied] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      input.current?.select();
      document.execCommand('copy');
    }
    setCopied(true);
  }
  return (
    <div className="copy-link">
      <label htmlFor="invite-link">Invite link</label>
      <div className="row">
        <input
          id="invite-link"
          ref={input}
          value={url}
          readOnly
          onFocus={(e) => e.target.select()}
        />
        <button type="button" onClick={() => void copy()}>
          Copy link
        </button>
      </div>
      <p role="status" className="hint">
        {copied ? 'Link copied. Send it to your co-parent by text or email.' : ''}
      </p>
    </div>
  );
}

function Pending({
  pairing,
  created,
}: {
  pairing: PairingView;
  created: CreatedPairingView | null;
}) {
  const [error, setError] = useState('');
  async function cancel() {
    try {
      await api(`/pairings/${pairing.id}/cancel`, { method: 'POST' });
      await queryClient.invalidateQueries({ queryKey: keys.pairing });
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <section className="card" aria-labelledby="pending-title">
      <h2 id="pending-title">Your invitation is waiting</h2>
      <p>Give your co-parent this code. They type it in Parley after signing up.</p>
      <p className="code" aria-label={`Pairing code ${pairing.code?.split('').join(' ')}`}>
        {pairing.code}
      </p>
      {created?.inviteUrl && <CopyLink url={created.inviteUrl} />}
      <p className="status-line">
        <span className="pill pill-wait">Pending</span> <Expiry iso={pairing.expiresAt} />
        {pairing.inviteeEmail && (
          <>
            {' '}
            <span className="nowrap">· for {pairing.inviteeEmail}</span>
          </>
        )}
      </p>
      <Alert>{error}</Alert>
      <button type="button" className="quiet" onClick={() => void cancel()}>
        Cancel invitation
      </button>
    </section>
  );
}

function Invite({ onCreated }: { onCreated: (c: CreatedPairingView) => void }) {
  const [email, setEmail] = useState('');
  const form = useApiForm(async () => {
    const { pairing } = await api<{ pairing: CreatedPairingView }>('/pairings', {
      method: 'POST',
      body: email.trim() ? { email: email.trim() } : {},
    });
    onCreated(pairing);
    await queryClient.invalidateQueries({ queryKey: keys.pairing });
  });
  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite your co-parent</h2>
      <p>You get a code and a link to send them. It stays valid for a week.</p>
      <form onSubmit={form.onSubmit} noValidate>
        <Field
          label="Their email (optional)"
          name="email"
          type="email"
          hint="Only this address can then accept."
          value={email}
          onChange={setEmail}
          error={form.errors.email}
        />
        <Alert>{form.error}</Alert>
        <button type="submit" className="primary" disabled={form.busy}>
          Create invitation
        </button>
      </form>
    </section>
  );
}

function AcceptCode() {
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const form = useApiForm(async () => {
    const { pairing } = await api<{ pairing: PairingView }>('/pairings/accept', {
      method: 'POST',
      body: { code },
    });
    await navigate(await pairingActivated(pairing.roomId));
  });
  return (
    <section className="card" aria-labelledby="accept-title">
      <h2 id="accept-title">Have a code?</h2>
      <form onSubmit={form.onSubmit} noValidate>
        <Field
          label="Pairing code"
          name="code"
          hint="It looks like LZ-123456."
          autoComplete="off"
          value={code}
          onChange={setCode}
          error={form.errors.code}
          maxLength={32}
          required
        />
        <Alert>{form.error}</Alert>
        <button type="submit" className="primary" disabled={form.busy}>
          Connect
        </button>
      </form>
    </section>
  );
}

export function PairingPage() {
  const { data, isPending, error } = usePairing();
  const [created, setCreated] = useState<CreatedPairingView | null>(null);
  const navigate = useNavigate();
  const current = data?.pairing ?? null;
  const wasPending = useRef(false);

  useEffect(() => {
    if (current?.status === 'pending') wasPending.current = true;
    if (current?.status === 'active' && wasPending.current) {
      wasPending.current = false;
      void pairingActivated(current.roomId).then((to) => navigate(to));
    }
  }, [current, navigate]);
  useEffect(() => {
    if (current?.status !== 'pending') return;
    const timer = setInterval(() => {
      void queryClient.invalidateQueries({ queryKey: keys.pairing });
    }, 15_000);
    return () => clearInterval(timer);
  }, [current?.status]);

  if (isPending) return <p role="status">Loading…</p>;
  return (
    <section className="page narrow">
      {/* A non-breaking hyphen: "co-" and "parent" never split over two lines. */}
      <h1>{'Connect with your co\u2011parent'}</h1>
      {error && <Alert>{errorText(error)}</Alert>}
      {current?.status === 'active' ? (
        <section className="card">
          <h2>You are connected</h2>
          <p>
            <span className="pill pill-ok">Active</span> with {current.partner?.displayName}
          </p>
          <Link className="button primary" to={`/rooms/${current.roomId}`}>
            Open the conversation
          </Link>
        </section>
      ) : (
        <>
          {current?.status === 'pending' && current.role === 'initiator' ? (
            <Pending pairing={current} created={created?.id === current.id ? created : null} />
          ) : (
            <>
              {current?.status === 'expired' && (
                <Alert tone="info">Your last invitation expired. Create a new one below.</Alert>
              )}
              <Invite onCreated={setCreated} />
            </>
          )}
          <AcceptCode />
        </>
      )}
    </section>
  );
}
