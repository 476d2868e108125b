/**
 * A held message, sized for a phone: a one-line heading, one sentence on
 * what was found (the mediator's own explanation), the calmer versions each
 * with Send this / Edit, then the other choices. What the parent wrote is
 * one tap away (it is also the bubble just above). Focus moves to the
 * heading when it opens; the page puts it back in the message box after.
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

  // The mediator's sentence says it all; the pattern names only when it sent none.
  const found = listWords(iv.patterns.map(patternWords));
  const why =
    iv.explanation.trim() ||
    (found ? `This may come across as ${found}.` : 'This may be hard to read calmly.');
  const disabled = busy || !online;
  const id = `iv-${iv.id}`;
  return (
    <section className="intervention" aria-labelledby={id} aria-describedby={`${id}-why`}>
      <h2 id={id} ref={heading} tabIndex={-1}>
        Not sent yet
      </h2>
      <p id={`${id}-why`} className="iv-why">
        {why}
      </p>
      <h3 className="sr-only">Calmer ways to say it</h3>
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
                Edit<span className="sr-only"> this version ({i + 1})</span>
              </button>
            </div>
          </li>
        ))}
      </ol>
      {!online && <Alert tone="info">You are offline. Choose once the connection is back.</Alert>}
      <Alert>{error}</Alert>
      <div className="row choices">
        <button
          type="button"
          className="quiet"
          disabled={disabled}
          onClick={() => onEdit(iv.originalText)}
        >
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
      <details className="original">
        <summary>What you wrote</summary>
        <blockquote>{iv.originalText}</blockquote>
      </details>
    </section>
  );
}
