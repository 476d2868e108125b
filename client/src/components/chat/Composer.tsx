/**
 * The message box: Enter sends (Shift+Enter for a new line), typing is
 * announced to the co-parent, the draft meter reads along. In "correct" or
 * "edit held message" mode the same box sends a correction or the edit.
 */
import {
  useEffect,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import { request } from '../../chat/socket';
import { SendIcon } from '../Icons';
import { DraftMeter } from './DraftMeter';

export type ComposerMode =
  | { kind: 'new' }
  | { kind: 'correct'; messageId: number; original: string }
  | { kind: 'edit'; clientId: string };

interface Props {
  roomId: string;
  mode: ComposerMode;
  initialText: string;
  online: boolean;
  /** Hidden while a held message's card asks for a choice (kept mounted: the draft stays). */
  hidden?: boolean;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  onSubmit: (text: string) => Promise<void> | void;
  onCancelMode: () => void;
}

const MAX = 4000;

export function Composer({
  roomId,
  mode,
  initialText,
  online,
  hidden = false,
  inputRef,
  onSubmit,
  onCancelMode,
}: Props) {
  const [text, setText] = useState(initialText);
  const typingSent = useRef(false);
  const idle = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => setText(initialText), [initialText, mode]);

  function typing(on: boolean) {
    if (typingSent.current === on) return;
    typingSent.current = on;
    request('typing', { roomId, typing: on }, 3000).catch(() => undefined);
  }

  function change(value: string) {
    setText(value);
    if (!online) return;
    typing(value.trim().length > 0);
    clearTimeout(idle.current);
    idle.current = setTimeout(() => typing(false), 3000);
  }

  useEffect(() => () => clearTimeout(idle.current), []);

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    const value = text.trim();
    if (!value) return;
    setText('');
    clearTimeout(idle.current);
    typing(false);
    // Back to the box now (a click on Send moved focus): once the answer is
    // in, a held message's card takes focus itself.
    inputRef.current?.focus();
    await onSubmit(value);
  }

  function keyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
    if (e.key === 'Escape' && mode.kind !== 'new') onCancelMode();
  }

  const label =
    mode.kind === 'correct'
      ? 'Correction'
      : mode.kind === 'edit'
        ? 'Edit your held message'
        : 'Message';
  return (
    <form className="composer" hidden={hidden} onSubmit={(e) => void submit(e)}>
      {mode.kind !== 'new' && (
        <div className="composer-mode">
          <span>
            {mode.kind === 'correct' ? (
              <>
                Correcting: <q>{mode.original.slice(0, 80)}</q>
              </>
            ) : (
              'Editing your held message: it is checked again when you send.'
            )}
          </span>
          <button type="button" className="link-button" onClick={onCancelMode}>
            Cancel
          </button>
        </div>
      )}
      <DraftMeter roomId={roomId} text={text} />
      <div className="composer-row">
        <label htmlFor="composer-input" className="sr-only">
          {label}
        </label>
        <textarea
          id="composer-input"
          ref={inputRef}
          value={text}
          rows={1}
          maxLength={MAX}
          placeholder={online ? 'Write a message' : 'Offline: your message will be sent later'}
          aria-describedby="composer-help"
          onChange={(e) => change(e.target.value)}
          onKeyDown={keyDown}
          onBlur={() => typing(false)}
        />
        <button
          type="submit"
          className="primary send"
          aria-label={mode.kind === 'new' ? 'Send' : 'Send ' + label.toLowerCase()}
        >
          <SendIcon />
        </button>
      </div>
      <p id="composer-help" className="sr-only">
        Enter sends, Shift and Enter start a new line.
      </p>
    </form>
  );
}
