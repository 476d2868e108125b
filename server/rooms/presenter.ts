import type { MessageView } from '../shared/socketEvents.js';
import { presentMessage } from '../messages/presenter.js';
import type { LastMessageRow, MemberRole, MemberRow, RoomSummaryRow } from './roomRepository.js';

export interface RoomMemberView {
  id: number;
  displayName: string;
  role: MemberRole;
  joinedAt: string;
}

/** A room as one of its members sees it. */
export interface RoomView {
  id: string;
  name: string;
  createdAt: string;
  role: MemberRole;
  members: RoomMemberView[];
  lastSeq: number;
  lastReadSeq: number;
  lastMessage: MessageView | null;
  unreadCount: number;
}

export function presentMember(row: MemberRow): RoomMemberView {
  return {
    id: row.user_id,
    displayName: row.display_name,
    role: row.role,
    joinedAt: row.joined_at.toISOString(),
  };
}

function presentLastMessage(roomId: string, row: LastMessageRow): MessageView {
  return presentMessage({ ...row, room_id: roomId });
}

export function presentRoom(row: RoomSummaryRow): RoomView {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    role: row.my_role,
    members: row.members.map(presentMember),
    lastSeq: row.last_seq,
    lastReadSeq: row.my_last_read_seq,
    lastMessage: row.last_message && presentLastMessage(row.id, row.last_message),
    unreadCount: row.unread_count,
  };
}
