/**
 * A held message: what was detected, in plain words; the calmer versions;
 * and the sender's choices. Focus moves here when it opens; the page puts
 * it back in the message box when the choice is made.
 */
import { useEffect, useRef, useState } from 'react';
import type { OutboxEntry } from '../../chat/storage';
import type { Resolution } from '../../chat/roomStore';
import { errorText } from '../../api/http';
import { Alert } from '../Field';
import { listWords, patternWords } from './format';

interface Props {
  entry: OutboxEntry;
  online: boolean;
  onResolve: (r: Resolution) => Promise<void>;
  onEdit: (text: string) => void;
}

export function InterventionCard({ entry, online, onResolve, onEdit }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const iv = entry.intervention!;

  useEffect(() => {
    heading.current?.focus();
  }, [iv.id]);

  async function choose(r: Resolution) {
    setBusy(true);
    setError('');
    try {
      await onResolve(r);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  const found = listWords(iv.patterns.map(patternWords));
  const disabled = busy || !online;
  return (
    <section className="intervention" aria-labelledby={`iv-${iv.id}`}>
      <h2 id={`iv-${iv.id}`} ref={heading} tabIndex={-1}>
        Before this is sent
      </h2>
      <p>
        Your message {found ? <>may come across as {found}</> : <>may be hard to read calmly</>}.
        {iv.explanation && <> {iv.explanation}</>} It has not been sent.
      </p>
      <figure className="original">
        <figcaption>You wrote</figcaption>
        <blockquote>{iv.originalText}</blockquote>
      </figure>
      <h3>Calmer ways to say it</h3>
      <ol className="suggestions">
        {iv.suggestions.map((s, i) => (
          <li key={i}>
            <p>{s}</p>
            <div className="row">
              <button
                type="button"
                className="primary"
                disabled={disabled}
                onClick={() => void choose({ choice: 'accept', suggestionIndex: i })}
              >
                Send this<span className="sr-only"> version ({i + 1})</span>
              </button>
              <button type="button" disabled={disabled} onClick={() => onEdit(s)}>
                Edit this<span className="sr-only"> version ({i + 1})</span>
              </button>
            </div>
          </li>
        ))}
      </ol>
      {!online && <Alert tone="info">You are offline. Choose once the connection is back.</Alert>}
      <Alert>{error}</Alert>
      <div className="row choices">
        <button type="button" disabled={disabled} onClick={() => onEdit(iv.originalText)}>
          Edit my message
        </button>
        {iv.canSendOriginal && (
          <button
            type="button"
            className="quiet"
            disabled={disabled}
            onClick={() => void choose({ choice: 'send_original' })}
          >
            Send my original
          </button>
        )}
        <button
          type="button"
          className="quiet"
          disabled={disabled}
          onClick={() => void choose({ choice: 'discard' })}
        >
          Discard
        </button>
      </div>
    </section>
  );
}
