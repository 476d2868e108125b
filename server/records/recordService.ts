import type { UserRepository } from '../auth/userRepository.js';
import { verifyLinks, type ChainVerdict } from '../messages/hashChain.js';
import type { MessageRepository } from '../messages/messageRepository.js';
import type { ReaderRole, RoomAccess } from '../rooms/roomAccess.js';
import type { RoomRepository } from '../rooms/roomRepository.js';
import { notFound } from '../shared/errors.js';
import { RECORD_FORMAT } from './recordFormat.js';
import type { RecordMessageRow, RecordRepository } from './recordRepository.js';
import type { RecordKeyStore, RecordSigner } from './signingKey.js';

/** The record's first part: what, whose, which period, exported by whom, under which key. */
/** A reader of the room, or the operator exporting on a court order without being one. */
export type ExporterRole = ReaderRole | 'operator';

export interface RecordHeader {
  room: { id: string; name: string; createdAt: string };
  members: { userId: number; displayName: string; role: string; joinedAt: string }[];
  period: { fromSeq: number; toSeq: number; from: string | null; to: string | null };
  /** Hash of the message before `fromSeq` ('' when the range starts at seq 1). */
  previousHash: string;
  exportedAt: string;
  /** Who asked: a parent, a professional, or the server's operator (scripts/export-room.ts, userId 0). */
  exportedBy: { userId: number; displayName: string; as: ExporterRole };
  key: { algorithm: 'Ed25519'; publicKey: string; fingerprint: string; publishedAt: string };
  hashRule: string;
}

/** One message of the record. */
export interface RecordMessage {
  seq: number;
  id: number;
  type: RecordMessageRow['type'];
  sender: { id: number; displayName: string };
  text: string;
  createdAt: string;
  thread: { id: string; title: string | null } | null;
  corrects?: { id: number; seq: number | null };
  /** Every recipient (each parent but the sender), with the first time they saw it or null. */
  firstViewed: { userId: number; displayName: string; at: string | null }[];
  hash: string;
}

/** The record's closing part. */
export interface RecordSummary {
  count: number;
  firstSeq: number | null;
  lastSeq: number | null;
  headHash: string;
  roomHeadSeq: number;
  chain: { ok: boolean; brokenAtSeq?: number; checkedFromSeq: 1; checkedToSeq: number };
}

/** Everything decided before the first message is streamed. */
export interface ExportPlan {
  header: RecordHeader;
  /** The server's verdict on seq 1..toSeq and the expected totals (the cover page needs them first). */
  expected: RecordSummary;
  role: ExporterRole;
  signer: RecordSigner;
}

/** Optional range: by seq, by time, or both (the narrower wins). */
export interface RecordRange {
  fromSeq?: number;
  toSeq?: number;
  from?: Date;
  to?: Date;
}

export const HASH_RULE =
  'hash = hex(sha256(utf8(JSON.stringify([previousHash, seq, sender.id, text, createdAt]))))';
const PAGE = 500;
const VERIFY_PAGE = 5000;

/** Builds a room's signed record, a page of messages at a time (memory stays flat). */
export function createRecordService(deps: {
  access: RoomAccess;
  rooms: RoomRepository;
  users: Pick<UserRepository, 'findById'>;
  messages: Pick<MessageRepository, 'chainPage'>;
  records: RecordRepository;
  keys: RecordKeyStore;
  publicUrl: string;
}) {
  const { records } = deps;

  /** The chain from seq 1 to `toSeq`, checked a page at a time. */
  async function verifyUpTo(roomId: string, toSeq: number): Promise<ChainVerdict> {
    let state: Parameters<typeof verifyLinks>[1];
    while ((state?.count ?? 0) < toSeq) {
      const page = (await deps.messages.chainPage(roomId, state?.count ?? 0, VERIFY_PAGE)).filter(
        (l) => l.seq <= toSeq,
      );
      const step = verifyLinks(page, state);
      if (step.verdict) return step.verdict;
      state = step.state;
      if (page.length < VERIFY_PAGE) break;
    }
    const count = state?.count ?? 0;
    return count === toSeq ? { ok: true, count } : { ok: false, count, brokenAtSeq: count + 1 };
  }

  async function resolveRange(roomId: string, range: RecordRange, headSeq: number) {
    let fromSeq = Math.max(1, range.fromSeq ?? 1);
    let toSeq = Math.min(headSeq, range.toSeq ?? headSeq);
    if (range.from || range.to) {
      const span = await records.seqRange(roomId, range.from ?? null, range.to ?? null);
      if (span.first === null || span.last === null) return { fromSeq, toSeq: fromSeq - 1 };
      fromSeq = Math.max(fromSeq, span.first);
      toSeq = Math.min(toSeq, span.last);
    }
    return { fromSeq, toSeq: Math.max(toSeq, fromSeq - 1) };
  }

  /** Fixes the range, verifies the chain and writes the header, for whoever `exporter` is. */
  async function buildPlan(
    roomId: string,
    range: RecordRange,
    exporter: () => Promise<RecordHeader['exportedBy']>,
  ): Promise<ExportPlan> {
    const [room, members, head, exportedBy, signer] = await Promise.all([
      deps.rooms.findById(roomId),
      deps.rooms.membersOf(roomId),
      records.head(roomId),
      exporter(),
      deps.keys.signer(),
    ]);
    if (!room || !head) throw notFound('Room');
    const { fromSeq, toSeq } = await resolveRange(roomId, range, head.last_seq);
    const verdict = await verifyUpTo(roomId, toSeq);
    const hashes = await records.hashesAt(roomId, [fromSeq - 1, toSeq]);
    const previousHash = fromSeq > 1 ? (hashes.get(fromSeq - 1) ?? '') : '';
    const count = toSeq - fromSeq + 1;
    const header: RecordHeader = {
      room: { id: room.id, name: room.name, createdAt: room.created_at.toISOString() },
      members: members.map((m) => ({
        userId: m.user_id,
        displayName: m.display_name,
        role: m.role,
        joinedAt: m.joined_at.toISOString(),
      })),
      period: {
        fromSeq,
        toSeq,
        from: range.from?.toISOString() ?? null,
        to: range.to?.toISOString() ?? null,
      },
      previousHash,
      exportedAt: new Date().toISOString(),
      exportedBy,
      key: {
        algorithm: 'Ed25519',
        publicKey: signer.publicKey.publicKey,
        fingerprint: signer.publicKey.fingerprint,
        publishedAt: `${deps.publicUrl}/.well-known/parley-record-key`,
      },
      hashRule: HASH_RULE,
    };
    const expected: RecordSummary = {
      count,
      firstSeq: count > 0 ? fromSeq : null,
      lastSeq: count > 0 ? toSeq : null,
      headHash: count > 0 ? (hashes.get(toSeq) ?? '') : previousHash,
      roomHeadSeq: head.last_seq,
      chain: {
        ok: verdict.ok,
        ...(verdict.brokenAtSeq !== undefined && { brokenAtSeq: verdict.brokenAtSeq }),
        checkedFromSeq: 1,
        checkedToSeq: toSeq,
      },
    };
    return { header, expected, role: exportedBy.as, signer };
  }

  return {
    /** Checks access (a professional's export is logged), fixes the range, verifies the chain. */
    async plan(
      viewerId: number,
      roomId: string,
      range: RecordRange,
      format: 'json' | 'pdf',
    ): Promise<ExportPlan> {
      const role = await deps.access.requireReader(roomId, viewerId, `export_${format}`, {
        fromSeq: range.fromSeq ?? null,
        toSeq: range.toSeq ?? null,
        from: range.from?.toISOString() ?? null,
        to: range.to?.toISOString() ?? null,
      });
      return buildPlan(roomId, range, async () => ({
        userId: viewerId,
        displayName: (await deps.users.findById(viewerId))?.display_name ?? '',
        as: role,
      }));
    },

    /**
     * The operator's export (scripts/export-room.ts, e.g. for a court order):
     * no reader, so no access check; the header names the operator instead.
     */
    planForOperator(roomId: string, range: RecordRange, operator: string): Promise<ExportPlan> {
      return buildPlan(roomId, range, () =>
        Promise.resolve({ userId: 0, displayName: operator, as: 'operator' as const }),
      );
    },

    /** The plan's messages, a page at a time, in seq order. */
    async *pages(plan: ExportPlan): AsyncGenerator<RecordMessage[]> {
      const { room, members, period } = plan.header;
      const names = new Map(members.map((m) => [m.userId, m.displayName]));
      for (let after = period.fromSeq - 1; after < period.toSeq;) {
        const rows = await records.page(room.id, after, period.toSeq, PAGE);
        if (rows.length === 0) break;
        const seen = new Map<number, Map<number, Date>>();
        for (const r of await records.receiptsBetween(room.id, rows[0]!.seq, rows.at(-1)!.seq)) {
          const byReader = seen.get(r.message_id) ?? new Map<number, Date>();
          seen.set(r.message_id, byReader.set(r.user_id, r.first_viewed_at));
        }
        yield rows.map((row) => presentRecordMessage(row, seen.get(row.id), members, names));
        after = rows.at(-1)!.seq;
      }
    },

    format: RECORD_FORMAT,
  };
}

function presentRecordMessage(
  row: RecordMessageRow,
  seen: Map<number, Date> | undefined,
  members: RecordHeader['members'],
  names: Map<number, string>,
): RecordMessage {
  return {
    seq: row.seq,
    id: row.id,
    type: row.type,
    sender: { id: row.sender_id, displayName: row.sender_name },
    text: row.text,
    createdAt: row.created_at.toISOString(),
    thread: row.thread_id ? { id: row.thread_id, title: row.thread_title } : null,
    ...(row.corrects_id !== null && { corrects: { id: row.corrects_id, seq: row.corrects_seq } }),
    firstViewed: members
      .filter((m) => m.userId !== row.sender_id)
      .map((m) => ({
        userId: m.userId,
        displayName: names.get(m.userId) ?? '',
        at: seen?.get(m.userId)?.toISOString() ?? null,
      })),
    hash: row.hash,
  };
}

export type RecordService = ReturnType<typeof createRecordService>;
