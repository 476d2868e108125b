/** The room store's calls to the server: sending an outbox entry, pages of history. */
import type { InterventionView, MessageView } from '../api/types';
import { AckError, request } from './socket';
import type { OutboxEntry } from './storage';

export type SendAnswer =
  | { status: 'sent'; message: MessageView }
  | { status: 'held'; intervention: InterventionView }
  | { status: 'discarded' };

/** Sends a message or a correction with the entry's own clientId (a retry is stored once). */
export function transmit(entry: OutboxEntry): Promise<SendAnswer> {
  return entry.kind === 'correction'
    ? request('message:correct', {
        messageId: entry.correctsId!,
        clientId: entry.clientId,
        text: entry.text,
      })
    : request('message:send', {
        roomId: entry.roomId,
        clientId: entry.clientId,
        text: entry.text,
      });
}

/**
 * later: no answer or the server cannot take it now (keep, retry on the next
 * connect); slow-down: rate limited (retry shortly); refused: the server
 * said no for good (show why, let the sender remove it).
 */
export function failureKind(err: unknown): 'later' | 'slow-down' | 'refused' {
  if (!(err instanceof AckError)) return 'later';
  if (['timeout', 'disconnected', 'unavailable', 'internal'].includes(err.code)) return 'later';
  return err.code === 'rate_limited' ? 'slow-down' : 'refused';
}

/** A page of history before `beforeSeq` (the newest page without it), oldest first. */
export async function historyPage(roomId: string, beforeSeq?: number) {
  const page = await request('messages:history', {
    roomId,
    limit: 50,
    ...(beforeSeq !== undefined && { beforeSeq }),
  });
  return { messages: [...page.messages].reverse(), hasMore: page.hasMore };
}
