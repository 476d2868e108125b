import type { ThreadView } from '../shared/socketEvents.js';
import type { ThreadRow } from './threadRepository.js';

/** A threads row as the API and `thread:update` show it. */
export function presentThread(row: ThreadRow): ThreadView {
  return {
    id: row.id,
    roomId: row.room_id,
    title: row.title,
    category: row.category,
    parentThreadId: row.parent_thread_id,
    messageCount: row.message_count,
    lastMessageAt: row.last_message_at?.toISOString() ?? null,
    isArchived: row.is_archived,
    createdAt: row.created_at.toISOString(),
  };
}
