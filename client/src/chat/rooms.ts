/**
 * Routes the socket's events to the room stores and small live stores
 * (presence, notifications, thread updates), and gives React hooks onto them.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { NotificationView, ThreadView } from '../api/types';
import { RoomStore } from './roomStore';
import { connection, getSocket, onConnect, type AppSocket } from './socket';

const stores = new Map<string, RoomStore>();
const wired = new WeakSet<AppSocket>();
const presence = new Map<number, boolean>();
const presenceListeners = new Set<() => void>();
const notificationListeners = new Set<(n: NotificationView) => void>();
const threadListeners = new Set<(t: ThreadView) => void>();

function wire(socket: AppSocket): void {
  if (wired.has(socket)) return;
  wired.add(socket);
  socket.on('message:new', (m) => stores.get(m.roomId)?.receive(m));
  socket.on('message:read', (r) => stores.get(r.roomId)?.addReceipt(r));
  socket.on('typing', (t) => stores.get(t.roomId)?.setTyping(t.userId, t.typing));
  socket.on('presence', (p) => {
    presence.set(p.userId, p.online);
    for (const fn of presenceListeners) fn();
  });
  socket.on('notification', (n) => notificationListeners.forEach((fn) => fn(n)));
  socket.on('thread:update', (t) => threadListeners.forEach((fn) => fn(t)));
  socket.on('disconnect', () => {
    presence.clear();
    for (const fn of presenceListeners) fn();
  });
}

onConnect((socket) => {
  wire(socket);
  for (const store of stores.values()) void store.connected();
});

/** The store of one room, created and loaded from the device on first use. */
export function roomStore(roomId: string, userId: number): RoomStore {
  let store = stores.get(roomId);
  if (!store || store.userId !== userId) {
    store = new RoomStore(roomId, userId);
    stores.set(roomId, store);
    const created = store;
    void created.load().then(() => {
      const socket = getSocket();
      wire(socket);
      if (socket.connected) void created.connected();
    });
  }
  return store;
}

/** Sign-out: the stores of this account go. */
export function forgetRoomStores(): void {
  stores.clear();
}

export function useRoom(store: RoomStore) {
  // Both are arrow-function fields of the store: stable, and bound.
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

export function useConnection() {
  return useSyncExternalStore(connection.subscribe, connection.get);
}

export function useOnline(userId: number | undefined): boolean {
  return useSyncExternalStore(
    (fn) => {
      presenceListeners.add(fn);
      return () => presenceListeners.delete(fn);
    },
    () => (userId === undefined ? false : (presence.get(userId) ?? false)),
  );
}

/** Calls `fn` for every live `notification` event while mounted. */
export function useNotificationEvents(fn: (n: NotificationView) => void): void {
  useEffect(() => {
    notificationListeners.add(fn);
    return () => void notificationListeners.delete(fn);
  }, [fn]);
}

/** Calls `fn` for every live `thread:update` event while mounted. */
export function useThreadEvents(fn: (t: ThreadView) => void): void {
  useEffect(() => {
    threadListeners.add(fn);
    return () => void threadListeners.delete(fn);
  }, [fn]);
}
