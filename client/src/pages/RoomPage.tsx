/** The conversation page: header, panels, messages, the intervention card and the message box. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { keys, queryClient, useMe, useRooms } from '../api/queries';
import type { MessageView, ThreadView } from '../api/types';
import { roomStore, useConnection, useRoom, useThreadEvents } from '../chat/rooms';
import type { Resolution } from '../chat/roomStore';
import { Alert } from '../components/Field';
import { Composer, type ComposerMode } from '../components/chat/Composer';
import { InterventionCard } from '../components/chat/InterventionCard';
import { MessageList } from '../components/chat/MessageList';
import { SearchPanel, TopicsPanel } from '../components/chat/Panels';
import { RoomHeader } from '../components/chat/RoomHeader';

function ConnectionBanner({ waiting }: { waiting: number }) {
  return (
    <div className="banner" role="status">
      <strong>You are offline.</strong> What you write stays on this device and is sent when the
      connection is back.
      {waiting > 0 && ` ${waiting} ${waiting === 1 ? 'message is' : 'messages are'} waiting.`}
    </div>
  );
}

function useMarkRead(mark: () => void, newest: number | undefined) {
  useEffect(() => {
    const tryMark = () => {
      if (document.visibilityState === 'visible') mark();
    };
    tryMark();
    document.addEventListener('visibilitychange', tryMark);
    window.addEventListener('focus', tryMark);
    return () => {
      document.removeEventListener('visibilitychange', tryMark);
      window.removeEventListener('focus', tryMark);
    };
  }, [mark, newest]);
}

export function RoomPage() {
  const { roomId = '' } = useParams();
  const me = useMe().data!;
  const rooms = useRooms();
  const room = rooms.data?.find((r) => r.id === roomId);
  const partner = room?.members.find((m) => m.id !== me.id);
  const store = useMemo(() => roomStore(roomId, me.id), [roomId, me.id]);
  const snap = useRoom(store);
  const online = useConnection() === 'online';
  const [mode, setMode] = useState<ComposerMode>({ kind: 'new' });
  const [initialText, setInitialText] = useState('');
  const [panel, setPanel] = useState<'none' | 'topics' | 'search' | 'record'>('none');
  const [filter, setFilter] = useState<string | null>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);

  const markRead = useCallback(() => store.markRead(), [store]);
  const loadOlder = useCallback(() => void store.loadOlder(), [store]);
  useMarkRead(markRead, snap.messages.at(-1)?.seq);

  const onThread = useCallback(
    (t: ThreadView) => {
      if (t.roomId === roomId)
        void queryClient.invalidateQueries({ queryKey: keys.threads(roomId) });
    },
    [roomId],
  );
  useThreadEvents(onThread);
  useEffect(() => {
    if (panel === 'record') void queryClient.invalidateQueries({ queryKey: keys.verify(roomId) });
    // thread:update only announces new threads; counts follow the messages.
    if (panel === 'topics') void queryClient.invalidateQueries({ queryKey: keys.threads(roomId) });
  }, [panel, roomId, snap.messages.length]);

  const held = snap.pending.find(
    (e) =>
      e.state === 'held' &&
      e.intervention &&
      !(mode.kind === 'edit' && mode.clientId === e.clientId),
  );
  // When a card closes (whatever closed it), focus goes back to the message box.
  const heldBefore = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (heldBefore.current && !held) inputRef.current?.focus();
    heldBefore.current = held?.clientId;
  }, [held]);
  const waiting = snap.pending.filter((e) => e.state === 'queued').length;
  const shown = filter ? snap.messages.filter((m) => m.threadId === filter) : snap.messages;

  function resetMode() {
    setMode({ kind: 'new' });
    setInitialText('');
  }

  async function submit(text: string) {
    if (mode.kind === 'edit') {
      resetMode();
      await store.resolve(mode.clientId, { choice: 'edit', text });
    } else if (mode.kind === 'correct') {
      resetMode();
      await store.send(text, mode.messageId);
    } else {
      await store.send(text);
    }
  }

  async function resolve(r: Resolution) {
    await store.resolve(held!.clientId, r);
  }

  function edit(text: string) {
    setMode({ kind: 'edit', clientId: held!.clientId });
    setInitialText(text);
    requestAnimationFrame(() => inputRef.current?.focus());
  }

  function correct(m: MessageView) {
    setMode({ kind: 'correct', messageId: m.id, original: m.text });
    setInitialText('');
    requestAnimationFrame(() => inputRef.current?.focus());
  }

  if (rooms.isSuccess && !room) {
    return <Alert>This conversation does not exist, or you are not part of it.</Alert>;
  }
  return (
    <section className="room">
      <RoomHeader roomId={roomId} partner={partner} panel={panel} onPanel={setPanel} />
      {panel === 'topics' && <TopicsPanel roomId={roomId} filter={filter} onFilter={setFilter} />}
      {panel === 'search' && <SearchPanel roomId={roomId} />}
      {!online && <ConnectionBanner waiting={waiting} />}
      {filter && (
        <p className="filter-note">
          Showing one topic.{' '}
          <button type="button" className="link-button" onClick={() => setFilter(null)}>
            Show all messages
          </button>
        </p>
      )}
      <Alert>{snap.error}</Alert>
      {!snap.ready && online && <p role="status">Loading the conversation…</p>}
      {snap.ready && snap.messages.length === 0 && snap.pending.length === 0 && (
        <p className="empty">
          This is the start of your conversation with {partner?.displayName ?? 'your co-parent'}.
          Messages are kept as a record neither of you can change.
        </p>
      )}
      <MessageList
        messages={shown}
        pending={snap.pending}
        receipts={snap.receipts}
        me={me.id}
        partnerName={partner?.displayName ?? 'your co-parent'}
        hasMoreBefore={snap.hasMoreBefore && snap.ready}
        loadingOlder={snap.loadingOlder}
        onLoadOlder={loadOlder}
        onCorrect={correct}
        onDismiss={(id) => store.dismiss(id)}
      />
      {snap.typing.length > 0 && (
        <p className="typing" aria-live="polite">
          {partner?.displayName ?? 'Your co-parent'} is typing…
        </p>
      )}
      {held && <InterventionCard entry={held} online={online} onResolve={resolve} onEdit={edit} />}
      {/* While a card asks for a choice the box would only compete with it (and push it
          below the fold): hidden, not unmounted, so a draft in it stays. Offline the
          card's buttons wait for the connection, so the box stays usable. */}
      <Composer
        roomId={roomId}
        mode={mode}
        initialText={initialText}
        online={online}
        hidden={Boolean(held) && online}
        inputRef={inputRef}
        onSubmit={submit}
        onCancelMode={resetMode}
      />
    </section>
  );
}
