import type { MessageRepository } from '../messages/messageRepository.js';
import type { MessageService } from '../messages/messageService.js';
import { presentMessage } from '../messages/presenter.js';
import type { RoomRepository } from '../rooms/roomRepository.js';
import { notFound } from '../shared/errors.js';
import type { MessageView } from '../shared/socketEvents.js';
import type { ReceiptRow, RecordRepository } from './recordRepository.js';

/** A message in the record: what was sent, when, by whom, and when each reader first saw it. */
export interface RecordEntry extends MessageView {
  firstViewed: { userId: number; at: string }[];
}

/** The whole record of a room, as handed to a court or mediator. */
export interface RoomRecord {
  room: { id: string; name: string; createdAt: string };
  members: { userId: number; displayName: string; role: string; joinedAt: string }[];
  exportedAt: string;
  exportedBy: number;
  chain: { ok: boolean; count: number; brokenAtSeq?: number; algorithm: string };
  messages: RecordEntry[];
}

const PAGE = 1000;

/** Builds a room's record: every message, sent and first-viewed times, chain hashes. */
export function createExportService(deps: {
  rooms: RoomRepository;
  messages: MessageRepository;
  messageService: MessageService;
  records: RecordRepository;
}) {
  return {
    async exportRoom(userId: number, roomId: string): Promise<RoomRecord> {
      const chain = await deps.messageService.verify(userId, roomId); // membership checked here
      const room = await deps.rooms.findById(roomId);
      if (!room) throw notFound('Room');
      const members = await deps.rooms.membersOf(roomId);
      const messages: RecordEntry[] = [];
      for (let after = 0; ;) {
        const page = await deps.messages.listAfter(roomId, after, PAGE);
        if (page.length === 0) break;
        const receipts = await deps.records.receiptsBetween(roomId, page[0]!.seq, page.at(-1)!.seq);
        const byMessage = new Map<number, ReceiptRow[]>();
        for (const r of receipts)
          byMessage.set(r.message_id, [...(byMessage.get(r.message_id) ?? []), r]);
        for (const row of page) {
          messages.push({
            ...presentMessage(row),
            firstViewed: (byMessage.get(row.id) ?? []).map((r) => ({
              userId: r.user_id,
              at: r.first_viewed_at.toISOString(),
            })),
          });
        }
        after = page.at(-1)!.seq;
        if (page.length < PAGE) break;
      }
      return {
        room: { id: room.id, name: room.name, createdAt: room.created_at.toISOString() },
        members: members.map((m) => ({
          userId: m.user_id,
          displayName: m.display_name,
          role: m.role,
          joinedAt: m.joined_at.toISOString(),
        })),
        exportedAt: new Date().toISOString(),
        exportedBy: userId,
        chain: {
          ...chain,
          algorithm: 'sha256(JSON [prevHash, seq, senderId, text, createdAt ISO-8601])',
        },
        messages,
      };
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
