/** A live, debounced reading of the draft by the local mediator (`draft:analyze`). */
import { useEffect, useState } from 'react';
import { request } from '../../chat/socket';
import { listWords, patternWords } from './format';

interface Reading {
  risk: number;
  patterns: string[];
}

const LEVELS = [
  { max: 0.3, name: 'calm', label: 'Reads calm' },
  { max: 0.6, name: 'tense', label: 'May read as tense' },
  { max: 1.01, name: 'high', label: 'Likely to be held for a second look' },
];

export function DraftMeter({ roomId, text }: { roomId: string; text: string }) {
  const [reading, setReading] = useState<Reading | null>(null);
  const draft = text.trim();

  useEffect(() => {
    if (draft.length < 3) {
      setReading(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      request('draft:analyze', { roomId, text: draft }, 5000)
        .then((r) => live && setReading({ risk: r.risk, patterns: r.patterns }))
        .catch(() => live && setReading(null));
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [roomId, draft]);

  if (!reading || draft.length < 3) return <div className="meter-slot" />;
  const level = LEVELS.find((l) => reading.risk < l.max) ?? LEVELS[2]!;
  const found = reading.patterns.map(patternWords);
  return (
    <div className={`meter meter-${level.name}`} role="status" aria-live="polite">
      <span className="meter-bar" aria-hidden="true">
        <span style={{ width: `${Math.max(6, Math.round(reading.risk * 100))}%` }} />
      </span>
      <span className="meter-label">
        {level.label}
        {found.length > 0 && level.name !== 'calm' && <>: {listWords(found)}</>}
      </span>
    </div>
  );
}
