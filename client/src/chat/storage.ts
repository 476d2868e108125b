/**
 * What the client keeps in IndexedDB: the outbox (every message typed and not
 * yet acknowledged, with its clientId — it survives a reload or a closed tab)
 * and a per-room cache of the latest messages and read receipts, so a reload
 * shows the conversation at once (and offline) and syncs from its highest seq.
 */
import { clear, createStore, del, get, set, values } from 'idb-keyval';
import type { InterventionView, MessageView } from '../api/types';

export interface OutboxEntry {
  clientId: string;
  roomId: string;
  userId: number;
  text: string;
  createdAt: string;
  kind: 'message' | 'correction';
  correctsId?: number;
  /** queued: to send; held: the mediator holds it (card shown); failed: refused for good. */
  state: 'queued' | 'held' | 'failed';
  intervention?: InterventionView;
  error?: string;
}

export interface Receipt {
  userId: number;
  seq: number;
  readAt: string;
}

export interface RoomCache {
  messages: MessageView[];
  receipts: Receipt[];
}

const outboxStore = createStore('parley-outbox', 'entries');
const cacheStore = createStore('parley-rooms', 'rooms');
/** The newest messages a room keeps on the device. */
export const CACHE_LIMIT = 200;

export const outbox = {
  async list(roomId: string, userId: number): Promise<OutboxEntry[]> {
    const all = await values<OutboxEntry>(outboxStore);
    return all
      .filter((e) => e.roomId === roomId && e.userId === userId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  },
  put: (entry: OutboxEntry) => set(entry.clientId, entry, outboxStore),
  remove: (clientId: string) => del(clientId, outboxStore),
  async count(userId: number): Promise<number> {
    return (await values<OutboxEntry>(outboxStore)).filter((e) => e.userId === userId).length;
  },
};

export const roomCache = {
  load: (roomId: string) => get<RoomCache>(roomId, cacheStore),
  save: (roomId: string, cache: RoomCache) =>
    set(roomId, { ...cache, messages: cache.messages.slice(-CACHE_LIMIT) }, cacheStore),
};

/** Sign-out: nothing of this account stays on the device. */
export async function forgetEverything(): Promise<void> {
  await Promise.all([clear(outboxStore), clear(cacheStore)]);
}

/** A clientId made once per message (also where crypto.randomUUID is missing: plain http). */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `c-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
