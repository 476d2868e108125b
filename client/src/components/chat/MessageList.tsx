/**
 * The conversation: day separators, my messages on the right with their
 * state (sending, sent, read — the first-viewed time on hover or tap),
 * corrections under their original, and older history loaded on scroll up.
 * Text is rendered as React text nodes: never as HTML.
 */
import { Fragment, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { MessageView } from '../../api/types';
import type { OutboxEntry, Receipt } from '../../chat/storage';
import { ClockIcon, CheckIcon, DoubleCheckIcon } from '../Icons';
import { dateTimeOf, dayOf, timeOf } from './format';

interface Props {
  messages: MessageView[];
  pending: OutboxEntry[];
  receipts: Receipt[];
  me: number;
  partnerName: string;
  hasMoreBefore: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  onCorrect: (m: MessageView) => void;
  onDismiss: (clientId: string) => void;
}

/** The first-viewed time of my message `seq`: the first receipt reaching it. */
function readAt(receipts: Receipt[], seq: number): string | null {
  return receipts.find((r) => r.seq >= seq)?.readAt ?? null;
}

/**
 * Time and ticks of my message; a tap (or Enter) opens its details: when it
 * was first read, and "Correct" (corrections are new messages, shown under it).
 */
function MyMeta(props: {
  m: MessageView;
  receipts: Receipt[];
  partnerName: string;
  onCorrect: (m: MessageView) => void;
}) {
  const [open, setOpen] = useState(false);
  const read = readAt(props.receipts, props.m.seq);
  const label = read ? `Read by ${props.partnerName} ${dateTimeOf(read)}` : 'Sent, not read yet';
  return (
    <>
      <time dateTime={props.m.createdAt} title={dateTimeOf(props.m.createdAt)}>
        {timeOf(props.m.createdAt)}
      </time>
      <button
        type="button"
        className={`ticks ${read ? 'read' : ''}`}
        aria-label={label}
        title={label}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {read ? <DoubleCheckIcon /> : <CheckIcon />}
      </button>
      {open && (
        <span className="tick-detail">
          {label}
          {props.m.type === 'user' && (
            <button type="button" className="link-button" onClick={() => props.onCorrect(props.m)}>
              Correct<span className="sr-only"> this message</span>
            </button>
          )}
        </span>
      )}
    </>
  );
}

function Bubble(props: {
  m: MessageView;
  mine: boolean;
  corrections: MessageView[];
  receipts: Receipt[];
  partnerName: string;
  onCorrect: (m: MessageView) => void;
}) {
  const { m, mine } = props;
  return (
    <li className={`msg ${mine ? 'mine' : 'theirs'} ${m.type}`} data-seq={m.seq}>
      {m.type === 'system' ? (
        <p className="text">{m.text}</p>
      ) : (
        <div className="bubble">
          {!mine && <span className="sr-only">{m.sender.displayName}: </span>}
          <p className="text">{m.text}</p>
          {props.corrections.map((c) => (
            <p key={c.id} className="correction">
              <span className="correction-label">Correction {timeOf(c.createdAt)}:</span> {c.text}
            </p>
          ))}
          <div className="meta">
            {mine ? (
              <MyMeta
                m={m}
                receipts={props.receipts}
                partnerName={props.partnerName}
                onCorrect={props.onCorrect}
              />
            ) : (
              <time dateTime={m.createdAt} title={dateTimeOf(m.createdAt)}>
                {timeOf(m.createdAt)}
              </time>
            )}
          </div>
        </div>
      )}
    </li>
  );
}

function PendingBubble({ e, onDismiss }: { e: OutboxEntry; onDismiss: (id: string) => void }) {
  return (
    <li className={`msg mine pending ${e.state}`}>
      <div className="bubble">
        <p className="text">{e.text}</p>
        <div className="meta">
          {e.state === 'failed' ? (
            <>
              <span className="failed">Not sent: {e.error}</span>
              <button type="button" className="link-button" onClick={() => onDismiss(e.clientId)}>
                Remove
              </button>
            </>
          ) : e.state === 'held' ? (
            <span>Waiting for your choice</span>
          ) : (
            <span className="sending">
              <ClockIcon /> Sending…
            </span>
          )}
        </div>
      </div>
    </li>
  );
}

export function MessageList(props: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const sentinel = useRef<HTMLLIElement>(null);
  const prevHeight = useRef(0);
  const firstSeq = props.messages[0]?.seq;
  const total = props.messages.length + props.pending.length;

  // Older messages prepended: keep what the reader sees where it was.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (prevHeight.current && el.scrollTop < 50)
      el.scrollTop += el.scrollHeight - prevHeight.current;
    prevHeight.current = el.scrollHeight;
  }, [firstSeq]);

  // New messages at the bottom: follow them when the reader was near the bottom.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const nearBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 200;
    if (nearBottom || prevHeight.current === 0) el.scrollTop = el.scrollHeight;
    prevHeight.current = el.scrollHeight;
  }, [total]);

  // The list shrinks when a held message's card opens (or a phone's keyboard
  // does): a reader at the bottom stays at the bottom, so the held bubble
  // shows just above its card.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    let atBottom = true;
    const onScroll = () => {
      atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    };
    const ro = new ResizeObserver(() => {
      if (atBottom) el.scrollTop = el.scrollHeight;
    });
    el.addEventListener('scroll', onScroll, { passive: true });
    ro.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro.disconnect();
    };
  }, []);

  const { onLoadOlder, hasMoreBefore } = props;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasMoreBefore) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onLoadOlder();
    });
    io.observe(el);
    return () => io.disconnect();
  }, [onLoadOlder, hasMoreBefore]);

  const corrections = new Map<number, MessageView[]>();
  const shown = new Set(props.messages.map((m) => m.id));
  for (const m of props.messages) {
    if (m.type === 'correction' && m.correctsId !== undefined && shown.has(m.correctsId)) {
      corrections.set(m.correctsId, [...(corrections.get(m.correctsId) ?? []), m]);
    }
  }
  let lastDay = '';
  return (
    <div
      className="messages"
      ref={scroller}
      tabIndex={0}
      role="log"
      aria-label="Messages"
      aria-live="polite"
      aria-relevant="additions"
    >
      <ol>
        {props.hasMoreBefore && (
          <li ref={sentinel} className="older">
            <button
              type="button"
              className="quiet"
              onClick={props.onLoadOlder}
              disabled={props.loadingOlder}
            >
              {props.loadingOlder ? 'Loading earlier messages…' : 'Load earlier messages'}
            </button>
          </li>
        )}
        {props.messages.map((m) => {
          if (m.type === 'correction' && m.correctsId !== undefined && shown.has(m.correctsId))
            return null;
          const day = dayOf(m.createdAt);
          const sep = day !== lastDay;
          lastDay = day;
          return (
            <Fragment key={m.id}>
              {sep && (
                <li className="day" aria-hidden="true">
                  <span>{day}</span>
                </li>
              )}
              <Bubble
                m={m}
                mine={m.sender.id === props.me}
                corrections={corrections.get(m.id) ?? []}
                receipts={props.receipts}
                partnerName={props.partnerName}
                onCorrect={props.onCorrect}
              />
            </Fragment>
          );
        })}
        {props.pending.map((e) => (
          <PendingBubble key={e.clientId} e={e} onDismiss={props.onDismiss} />
        ))}
      </ol>
    </div>
  );
}
