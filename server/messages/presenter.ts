import type { MessageView } from '../shared/socketEvents.js';
import type { MessageRow } from './messageRepository.js';

/** A message as every client sees it; nothing says whether it was mediated. */
export function presentMessage(row: MessageRow): MessageView {
  return {
    id: row.id,
    roomId: row.room_id,
    seq: row.seq,
    clientId: row.client_id,
    sender: { id: row.sender_id, displayName: row.sender_name },
    type: row.type,
    ...(row.corrects_id !== null && { correctsId: row.corrects_id }),
    text: row.text,
    threadId: row.thread_id,
    createdAt: row.created_at.toISOString(),
    hash: row.hash,
  };
}
