/**
 * Communication profiles follow each sender's style (DESIGN.md "Mediation"),
 * off the send path and without re-reading or re-analysing their texts: each
 * delivered message is measured once (`sampleOf`; the send's own reading of
 * it when it has one) and kept in a window of the sender's last
 * STYLE_WINDOW messages in that room, in memory. The database is read only
 * to fill a window this process has not followed from its start (first
 * message of a sender here, a window dropped as least recently used) or one
 * another node may have written to (a gap in the room's seqs seen here).
 */
import type { Db, Queryable } from '../db/pool.js';
import type { Logger } from '../shared/logger.js';
import type { ContextRepository } from './contextRepository.js';
import {
  sampleOf,
  STYLE_WINDOW,
  styleOfSamples,
  type StyleSample,
  type TextReading,
} from './learning.js';
import type { LearningRepository, StyleUpdate } from './learningRepository.js';

/** A delivered message, as the style follower needs it. */
export interface DeliveredText {
  roomId: string;
  senderId: number;
  seq: number;
  type: 'user' | 'system' | 'correction';
  text: string;
  /** The local mediator's context-free reading of `text`, when the send computed it. */
  reading?: TextReading;
}

/** How long delivered messages wait to be folded into profiles, together. */
const STYLE_DELAY_MS = 250;
/** Rooms whose windows are kept; the least recently used go first. */
const MAX_ROOMS = 20_000;

type Measured = StyleSample & { seq: number };
type Unmeasured = { seq: number; text: string; reading?: TextReading };

/** A sender's recent messages in one room. */
interface StyleWindow {
  /** Measured, oldest first; null until read from the database. */
  samples: Measured[] | null;
  /** Delivered here since, measured at the next fold (at most STYLE_WINDOW, newest). */
  unmeasured: Unmeasured[];
  /** Counts the times the window was found possibly short (a seq gap). */
  generation: number;
}

interface RoomWindows {
  /** The highest seq delivered here; a later one that does not follow it means another writer. */
  lastSeq: number;
  senders: Map<number, StyleWindow>;
}

function measure(message: Unmeasured): Measured {
  return { seq: message.seq, ...sampleOf(message.text, message.reading) };
}

/** The newest STYLE_WINDOW of `samples`, oldest first, one per seq (the first given wins). */
function newest<T extends { seq: number }>(samples: T[]): T[] {
  const bySeq = new Map<number, T>();
  for (const sample of samples) if (!bySeq.has(sample.seq)) bySeq.set(sample.seq, sample);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq).slice(-STYLE_WINDOW);
}

export interface StyleFollowerDeps {
  db: Db;
  learning: LearningRepository;
  context: Pick<ContextRepository, 'recentTextsBy'>;
  logger: Logger;
  delayMs?: number;
}

/**
 * Delivered messages are queued after commit and folded in a moment later,
 * per sender, in one transaction and one profile statement per round. Derived data: a failure is
 * logged and never touches a send; a crash loses at most one round.
 */
export function createStyleFollower(deps: StyleFollowerDeps) {
  const delay = deps.delayMs ?? STYLE_DELAY_MS;
  const rooms = new Map<string, RoomWindows>();
  let pending = new Map<number, { roomId: string; length: number; count: number }>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  /** The room's windows, marked most recently used; a seq gap drops what they hold. */
  function roomOf(roomId: string, seq: number): RoomWindows {
    let room = rooms.get(roomId);
    if (room) {
      rooms.delete(roomId);
      // Someone else (another node) wrote to the room, or this node's
      // deliveries came out of order: every window there is read again.
      if (seq !== room.lastSeq + 1) {
        for (const window of room.senders.values()) {
          window.samples = null;
          window.generation += 1;
        }
      }
      room.lastSeq = Number.isNaN(room.lastSeq) ? seq : Math.max(room.lastSeq, seq);
    } else {
      room = { lastSeq: seq, senders: new Map() };
      if (rooms.size >= MAX_ROOMS) rooms.delete(rooms.keys().next().value!);
    }
    rooms.set(roomId, room);
    return room;
  }

  /**
   * The sender's window in the room, brought up to date: each message is
   * measured once; the database is read only when the window is not known.
   */
  async function windowOf(tx: Queryable, roomId: string, userId: number): Promise<Measured[]> {
    let room = rooms.get(roomId);
    if (!room) {
      // Dropped as least recently used since the message was queued: the
      // first delivery after this one sees a gap (NaN) and checks again.
      room = { lastSeq: Number.NaN, senders: new Map() };
      rooms.set(roomId, room);
    }
    let window = room.senders.get(userId);
    if (!window) {
      window = { samples: null, unmeasured: [], generation: 0 };
      room.senders.set(userId, window);
    }
    while (window.samples === null) {
      const generation = window.generation;
      const stored = await deps.context.recentTextsBy(tx, roomId, userId, STYLE_WINDOW);
      // A gap seen while reading: what was read may already be short of it.
      if (window.generation !== generation) continue;
      // Deliveries queued here first: they carry the send's own reading.
      window.samples = newest([...window.unmeasured, ...stored]).map(measure);
      window.unmeasured = [];
    }
    if (window.unmeasured.length > 0) {
      window.samples = newest([...window.samples, ...window.unmeasured.map(measure)]);
      window.unmeasured = [];
    }
    return window.samples;
  }

  async function fold(batch: typeof pending): Promise<void> {
    await deps.db.withTransaction(async (tx) => {
      const updates: { userId: number; style: StyleUpdate }[] = [];
      for (const [userId, entry] of batch) {
        const samples = await windowOf(tx, entry.roomId, userId);
        if (samples.length === 0) continue;
        updates.push({
          userId,
          style: { ...styleOfSamples(samples), length: entry.length, count: entry.count },
        });
      }
      // Every sender of the round in one statement.
      await deps.learning.followStyles(tx, updates);
    });
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = new Map();
    if (batch.size === 0) return running;
    running = running
      .then(() => fold(batch))
      .catch((err: unknown) => deps.logger.warn({ err }, 'communication profiles not updated'));
    return running;
  }

  return {
    /** After commit: this message counts toward its sender's profile. */
    add(message: DeliveredText): void {
      const room = roomOf(message.roomId, message.seq);
      if (message.type === 'system') return;
      let window = room.senders.get(message.senderId);
      if (!window) {
        window = { samples: null, unmeasured: [], generation: 0 };
        room.senders.set(message.senderId, window);
      }
      window.unmeasured.push({ seq: message.seq, text: message.text, reading: message.reading });
      if (window.unmeasured.length > STYLE_WINDOW) window.unmeasured.shift();
      const entry = pending.get(message.senderId) ?? {
        roomId: message.roomId,
        length: 0,
        count: 0,
      };
      entry.roomId = message.roomId;
      entry.length += [...message.text].length;
      entry.count += 1;
      pending.set(message.senderId, entry);
      timer ??= setTimeout(() => void flush(), delay).unref();
    },
    /** Folds whatever is queued now (shutdown, tests). */
    flush,
  };
}

export type StyleFollower = ReturnType<typeof createStyleFollower>;
