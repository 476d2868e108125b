/** `/invite/<token>`: a signed-in visitor accepts at once (sign-in comes first, see App). */
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, errorText } from '../api/http';
import type { PairingView } from '../api/types';
import { Alert } from '../components/Field';
import { pairingActivated } from './PairingPage';

export function InvitePage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [error, setError] = useState('');
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    api<{ pairing: PairingView }>('/pairings/accept', { method: 'POST', body: { token } })
      .then(async ({ pairing }) =>
        navigate(await pairingActivated(pairing.roomId), { replace: true }),
      )
      .catch((err: unknown) => setError(errorText(err)));
  }, [token, navigate]);

  return (
    <section className="page narrow">
      <h1>Accepting the invitation</h1>
      {error ? (
        <>
          <Alert>{error}</Alert>
          <p>
            Ask your co-parent for a new invitation, or <Link to="/pairing">enter a code</Link>.
          </p>
        </>
      ) : (
        <p role="status">Connecting you with your co-parent…</p>
      )}
    </section>
  );
}
