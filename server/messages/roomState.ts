import type { MediationParty, TriggerHint } from '../mediation/types.js';

/** A message of the conversation as the mediator and the retry check see it. */
export interface RecentEntry {
  senderId: number;
  clientId: string;
  type: 'user' | 'system' | 'correction';
  text: string;
  /** Category of the thread it was filed in. */
  category: string | null;
  /** The stored message's id (a retry with this clientId is answered from it). */
  messageId: number;
}

/** What the send path needs to know about one room, kept in memory. */
export interface RoomState {
  roomId: string;
  /** Members in joining order, with display names. */
  members: MediationParty[];
  /** The last messages, oldest first (at most RECENT_KEPT). */
  recent: RecentEntry[];
  /** Each member's strongest learned triggers. */
  triggers: Map<number, TriggerHint[]>;
  /** The chain head this node last saw committed (other nodes may be ahead). */
  headSeq: number;
  loadedAt: number;
}

/** How a room's state is read from the database (once per room, then kept). */
export type RoomStateLoader = (roomId: string) => Promise<RoomState | undefined>;

/** Messages kept per room: the mediator's context window. */
export const RECENT_KEPT = 10;
/** Rooms kept; the least recently used go first. */
const MAX_ROOMS = 20_000;
/**
 * Another node's changes this node hears of through nothing else (a learned
 * trigger, a display name) are picked up about this late. The chain head is
 * never taken from here: it is read under the room's lock at every append.
 */
const FRESH_MS = 30_000;

/**
 * Per-room state of the send path (members, names, recent messages, triggers),
 * loaded once and updated on append, so a send reads no context from the
 * database. Loads of one room are shared; `invalidate` drops a room after a
 * membership or trigger change; `appended` follows this node's commits, and
 * a head found moved by another node (at append, under the lock) marks the
 * room stale so its context is read again.
 *
 * A room past its freshness is still served at once while one reload runs
 * in the background, and each room's freshness is spread over 0.75–1.25 ×
 * FRESH_MS: rooms loaded together (a boot, a reconnect wave) must not all
 * reload in the same instant with their senders waiting on it — the bench
 * saw 500 rooms expire together and 1,000 queries queue on the pool, which
 * pushed sends past their deadline.
 */
export function createRoomStates(
  load: RoomStateLoader,
  now: () => number = Date.now,
  jitter: () => number = Math.random,
) {
  const rooms = new Map<string, RoomState>();
  const refreshAt = new Map<string, number>();
  const loading = new Map<string, Promise<RoomState | undefined>>();
  // Bumped by invalidate: a load that started before it is not kept.
  const generation = new Map<string, number>();

  function keep(state: RoomState): void {
    rooms.delete(state.roomId);
    rooms.set(state.roomId, state);
    if (rooms.size > MAX_ROOMS) {
      const oldest = rooms.keys().next().value!;
      rooms.delete(oldest);
      refreshAt.delete(oldest);
    }
  }

  /** One load per room at a time; its result is kept unless the room was invalidated meanwhile. */
  function reload(roomId: string): Promise<RoomState | undefined> {
    let pending = loading.get(roomId);
    if (pending) return pending;
    const started = generation.get(roomId) ?? 0;
    pending = load(roomId).then(
      (loaded) => {
        loading.delete(roomId);
        if (loaded && (generation.get(roomId) ?? 0) === started) {
          keep(loaded);
          refreshAt.set(roomId, loaded.loadedAt + FRESH_MS * (0.75 + 0.5 * jitter()));
        }
        return loaded;
      },
      (err: unknown) => {
        loading.delete(roomId);
        throw err;
      },
    );
    loading.set(roomId, pending);
    return pending;
  }

  return {
    /** The room's state, or undefined when the room does not exist. */
    get(roomId: string): Promise<RoomState | undefined> {
      const state = rooms.get(roomId);
      if (!state) return reload(roomId);
      keep(state);
      if (now() >= (refreshAt.get(roomId) ?? 0)) {
        // Served as held; a failed refresh keeps it and the next send tries again.
        reload(roomId).catch(() => undefined);
      }
      return Promise.resolve(state);
    },

    /** This node committed these messages (in seq order): they join the context. */
    appended(roomId: string, seq: number, entries: RecentEntry[]): void {
      const state = rooms.get(roomId);
      if (!state) return;
      if (seq - entries.length !== state.headSeq) {
        // Another node appended in between: what we hold is not the tail.
        this.invalidate(roomId);
        return;
      }
      state.recent.push(...entries);
      if (state.recent.length > RECENT_KEPT)
        state.recent.splice(0, state.recent.length - RECENT_KEPT);
      state.headSeq = seq;
    },

    /** Forget a room (membership or triggers changed); the next send reloads it. */
    invalidate(roomId: string): void {
      rooms.delete(roomId);
      refreshAt.delete(roomId);
      generation.set(roomId, (generation.get(roomId) ?? 0) + 1);
    },

    /** Forget every room with this member (their triggers or name changed). */
    invalidateUser(userId: number): void {
      for (const state of [...rooms.values()]) {
        if (state.members.some((m) => m.id === userId)) this.invalidate(state.roomId);
      }
    },

    /** Rooms held (for the bench and tests). */
    size: () => rooms.size,
  };
}

export type RoomStates = ReturnType<typeof createRoomStates>;

/**
 * The loader from its two reads, run together: the room (members, head,
 * last messages; server/messages/roomStateRepository.ts) and the members'
 * learned triggers (the mediation domain's).
 */
export function roomStateLoader(
  snapshot: (
    roomId: string,
    limit: number,
  ) => Promise<Omit<RoomState, 'roomId' | 'triggers' | 'loadedAt'> | undefined>,
  triggers: (roomId: string) => Promise<Map<number, TriggerHint[]>>,
  now: () => number = Date.now,
): RoomStateLoader {
  return async (roomId) => {
    const startedAt = now();
    const [room, hints] = await Promise.all([snapshot(roomId, RECENT_KEPT), triggers(roomId)]);
    return room && { roomId, ...room, triggers: hints, loadedAt: startedAt };
  };
}
