import type { Queryable } from '../db/pool.js';
import type { MessageRow } from '../messages/messageRepository.js';

export type MemberRole = 'owner' | 'member' | 'readonly';

/** A rooms row. */
export interface RoomRow {
  id: string;
  name: string;
  created_by: number | null;
  created_at: Date;
  last_seq: number;
}

/** A room_members row with the member's display name. */
export interface MemberRow {
  room_id: string;
  user_id: number;
  display_name: string;
  role: MemberRole;
  last_read_seq: number;
  joined_at: Date;
}

/** The newest message of a room, with its sender's name. */
export type LastMessageRow = Omit<MessageRow, 'room_id'>;

/** A room as one of its members sees it in a list. */
export interface RoomSummaryRow extends RoomRow {
  my_role: MemberRole;
  my_last_read_seq: number;
  unread_count: number;
  last_message: LastMessageRow | null;
  members: MemberRow[];
}

type SummaryQueryRow = RoomRow & {
  my_role: MemberRole;
  my_last_read_seq: number;
  unread_count: number;
} & { [K in keyof LastMessageRow as `lm_${K}`]: LastMessageRow[K] | null };

const MEMBER_SELECT = `SELECT rm.room_id, rm.user_id, u.display_name, rm.role, rm.last_read_seq, rm.joined_at
  FROM room_members rm JOIN users u ON u.id = rm.user_id`;

// Unread = others' messages after my read mark; the last message comes off
// the (room_id, seq DESC) index, one row per room.
const SUMMARY_SELECT = `SELECT r.id, r.name, r.created_by, r.created_at, r.last_seq,
       me.role AS my_role, me.last_read_seq AS my_last_read_seq,
       (SELECT count(*) FROM messages x
         WHERE x.room_id = r.id AND x.seq > me.last_read_seq AND x.sender_id <> me.user_id)::int AS unread_count,
       lm.id AS lm_id, lm.seq AS lm_seq, lm.sender_id AS lm_sender_id, lm.sender_name AS lm_sender_name,
       lm.client_id AS lm_client_id, lm.type AS lm_type, lm.corrects_id AS lm_corrects_id,
       lm.text AS lm_text, lm.thread_id AS lm_thread_id, lm.created_at AS lm_created_at, lm.hash AS lm_hash
  FROM room_members me
  JOIN rooms r ON r.id = me.room_id
  LEFT JOIN LATERAL (
    SELECT m.id, m.seq, m.sender_id, u.display_name AS sender_name, m.client_id, m.type,
           m.corrects_id, m.text, m.thread_id, m.created_at, m.hash
      FROM messages m JOIN users u ON u.id = m.sender_id
     WHERE m.room_id = r.id ORDER BY m.seq DESC LIMIT 1
  ) lm ON true`;

function toSummary(row: SummaryQueryRow, members: MemberRow[]): RoomSummaryRow {
  const lastMessage: LastMessageRow | null =
    row.lm_id === null
      ? null
      : {
          id: row.lm_id,
          seq: row.lm_seq!,
          sender_id: row.lm_sender_id!,
          sender_name: row.lm_sender_name!,
          client_id: row.lm_client_id!,
          type: row.lm_type!,
          corrects_id: row.lm_corrects_id,
          text: row.lm_text!,
          thread_id: row.lm_thread_id,
          created_at: row.lm_created_at!,
          hash: row.lm_hash!,
        };
  return {
    id: row.id,
    name: row.name,
    created_by: row.created_by,
    created_at: row.created_at,
    last_seq: row.last_seq,
    my_role: row.my_role,
    my_last_read_seq: row.my_last_read_seq,
    unread_count: row.unread_count,
    last_message: lastMessage,
    members,
  };
}

/** All SQL about rooms and their members. Functions take `tx` to join a transaction. */
export function createRoomRepository(db: Queryable) {
  async function membersOfRooms(roomIds: string[], tx: Queryable = db): Promise<MemberRow[]> {
    if (roomIds.length === 0) return [];
    const { rows } = await tx.query<MemberRow>(
      `${MEMBER_SELECT} WHERE rm.room_id = ANY($1::uuid[]) ORDER BY rm.joined_at, rm.user_id`,
      [roomIds],
    );
    return rows;
  }

  async function summaries(userId: number, roomId?: string): Promise<RoomSummaryRow[]> {
    const { rows } = await db.query<SummaryQueryRow>(
      `${SUMMARY_SELECT}
        WHERE me.user_id = $1 AND ($2::uuid IS NULL OR r.id = $2::uuid)
        ORDER BY COALESCE(lm.created_at, r.created_at) DESC, r.id`,
      [userId, roomId ?? null],
    );
    const members = await membersOfRooms(rows.map((r) => r.id));
    return rows.map((row) =>
      toSummary(
        row,
        members.filter((m) => m.room_id === row.id),
      ),
    );
  }

  return {
    /** Creates an empty room; members are added with `addMembers`. */
    async create(room: { name: string; createdBy: number }, tx: Queryable = db): Promise<RoomRow> {
      const { rows } = await tx.query<RoomRow>(
        `INSERT INTO rooms (name, created_by) VALUES ($1, $2)
         RETURNING id, name, created_by, created_at, last_seq`,
        [room.name, room.createdBy],
      );
      return rows[0]!;
    },

    /** Adds members; someone already in the room keeps their role and read mark. */
    async addMembers(
      roomId: string,
      members: { userId: number; role: MemberRole }[],
      tx: Queryable = db,
    ): Promise<void> {
      if (members.length === 0) return;
      await tx.query(
        `INSERT INTO room_members (room_id, user_id, role)
         SELECT $1, m.user_id, m.role FROM unnest($2::int[], $3::text[]) AS m(user_id, role)
         ON CONFLICT (room_id, user_id) DO NOTHING`,
        [roomId, members.map((m) => m.userId), members.map((m) => m.role)],
      );
    },

    async findById(roomId: string, tx: Queryable = db): Promise<RoomRow | undefined> {
      const { rows } = await tx.query<RoomRow>(
        'SELECT id, name, created_by, created_at, last_seq FROM rooms WHERE id = $1',
        [roomId],
      );
      return rows[0];
    },

    /** Whether `userId` belongs to `roomId`: the check before anything room-scoped. */
    async isMember(roomId: string, userId: number, tx: Queryable = db): Promise<boolean> {
      const { rows } = await tx.query(
        'SELECT 1 FROM room_members WHERE room_id = $1 AND user_id = $2',
        [roomId, userId],
      );
      return rows.length > 0;
    },

    /** Everyone in a room, earliest joiner first. */
    membersOf(roomId: string, tx: Queryable = db): Promise<MemberRow[]> {
      return membersOfRooms([roomId], tx);
    },

    /**
     * What a connecting socket needs of its user, in one read: the display
     * name and the ids of the rooms they belong to (joining order) — the
     * channels it joins. Undefined when there is no such user.
     */
    async socketIdentity(
      userId: number,
    ): Promise<{ displayName: string; roomIds: string[] } | undefined> {
      const { rows } = await db.query<{ display_name: string; room_ids: string[] }>(
        `SELECT u.display_name,
                ARRAY(SELECT rm.room_id::text FROM room_members rm
                       WHERE rm.user_id = u.id ORDER BY rm.joined_at) AS room_ids
           FROM users u WHERE u.id = $1`,
        [userId],
      );
      const row = rows[0];
      return row && { displayName: row.display_name, roomIds: row.room_ids };
    },

    /** Ids of the rooms `userId` belongs to. */
    async roomIdsForUser(userId: number, tx: Queryable = db): Promise<string[]> {
      const { rows } = await tx.query<{ room_id: string }>(
        'SELECT room_id FROM room_members WHERE user_id = $1 ORDER BY joined_at',
        [userId],
      );
      return rows.map((r) => r.room_id);
    },

    /** The caller's rooms with members, last message and unread count, most recent first. */
    listForUser(userId: number): Promise<RoomSummaryRow[]> {
      return summaries(userId);
    },

    /** One room as `userId` sees it, or undefined when they are not a member. */
    async findForUser(roomId: string, userId: number): Promise<RoomSummaryRow | undefined> {
      return (await summaries(userId, roomId))[0];
    },
  };
}

export type RoomRepository = ReturnType<typeof createRoomRepository>;
