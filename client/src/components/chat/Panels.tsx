/** Topic threads (and the filter they drive) and full-text search of the room. */
import { useState, type FormEvent } from 'react';
import { api, errorText } from '../../api/http';
import { useThreads } from '../../api/queries';
import type { MessageView } from '../../api/types';
import { Alert } from '../Field';
import { dateTimeOf } from './format';

export function TopicsPanel(props: {
  roomId: string;
  filter: string | null;
  onFilter: (threadId: string | null) => void;
}) {
  const { data: threads = [], isPending } = useThreads(props.roomId);
  const open = threads.filter((t) => !t.isArchived);
  return (
    <div className="panel">
      <h2 className="panel-title">Topics</h2>
      {isPending && <p role="status">Loading topics…</p>}
      {!isPending && open.length === 0 && <p>No topics yet: they appear as you talk.</p>}
      <ul className="threads">
        <li>
          <button
            type="button"
            aria-pressed={props.filter === null}
            onClick={() => props.onFilter(null)}
          >
            All messages
          </button>
        </li>
        {open.map((t) => (
          <li key={t.id}>
            <button
              type="button"
              aria-pressed={props.filter === t.id}
              onClick={() => props.onFilter(t.id)}
            >
              <span className="thread-title">{t.title}</span>
              <span className="thread-meta">
                {t.category} · {t.messageCount} {t.messageCount === 1 ? 'message' : 'messages'}
                {t.lastMessageAt && <> · {dateTimeOf(t.lastMessageAt)}</>}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function SearchPanel({ roomId }: { roomId: string }) {
  const [q, setQ] = useState('');
  const [results, setResults] = useState<MessageView[] | null>(null);
  const [error, setError] = useState('');
  async function search(e: FormEvent) {
    e.preventDefault();
    if (!q.trim()) return;
    setError('');
    try {
      const res = await api<{ messages: MessageView[] }>(
        `/rooms/${roomId}/search?q=${encodeURIComponent(q.trim())}`,
      );
      setResults(res.messages);
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <div className="panel">
      <form role="search" onSubmit={(e) => void search(e)} className="row">
        <label htmlFor="search-input" className="sr-only">
          Search this conversation
        </label>
        <input
          id="search-input"
          type="search"
          value={q}
          placeholder="Search this conversation"
          onChange={(e) => setQ(e.target.value)}
        />
        <button type="submit">Search</button>
      </form>
      <Alert>{error}</Alert>
      {results && (
        <div role="status">
          <p className="hint">
            {results.length === 0 ? 'Nothing found.' : `${results.length} found`}
          </p>
          <ul className="results">
            {results.map((m) => (
              <li key={m.id}>
                <span className="thread-meta">
                  {m.sender.displayName} · {dateTimeOf(m.createdAt)}
                </span>
                <p>{m.text}</p>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
