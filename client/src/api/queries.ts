/**
 * Server state through TanStack Query: one key per REST resource, so a
 * mutation or a live event invalidates exactly what it changed.
 */
import { QueryClient, useQuery } from '@tanstack/react-query';
import { api, ApiError } from './http';
import type {
  ChainVerdict,
  ContactView,
  NotificationView,
  PairingView,
  RoomView,
  TaskView,
  ThreadView,
  UserView,
} from './types';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400) && count < 2,
    },
  },
});

export const keys = {
  me: ['me'] as const,
  pairing: ['pairing'] as const,
  rooms: ['rooms'] as const,
  threads: (roomId: string) => ['threads', roomId] as const,
  verify: (roomId: string) => ['verify', roomId] as const,
  tasks: ['tasks'] as const,
  contacts: ['contacts'] as const,
  notifications: ['notifications'] as const,
};

const ME_KEY = 'parley.me';

/** Who is signed in: null when nobody; offline, the account last seen on this device. */
async function fetchMe(): Promise<UserView | null> {
  try {
    const { user } = await api<{ user: UserView }>('/auth/me');
    localStorage.setItem(ME_KEY, JSON.stringify(user));
    return user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      localStorage.removeItem(ME_KEY);
      return null;
    }
    const cached = localStorage.getItem(ME_KEY);
    if (err instanceof ApiError && err.code === 'offline' && cached) {
      return JSON.parse(cached) as UserView;
    }
    throw err;
  }
}

export function rememberMe(user: UserView | null): void {
  if (user) localStorage.setItem(ME_KEY, JSON.stringify(user));
  else localStorage.removeItem(ME_KEY);
  queryClient.setQueryData(keys.me, user);
}

/** The account last seen on this device: the app renders at once and checks in the background. */
function cachedMe(): UserView | undefined {
  try {
    const raw = localStorage.getItem(ME_KEY);
    return raw ? (JSON.parse(raw) as UserView) : undefined;
  } catch {
    return undefined;
  }
}

export const useMe = () =>
  useQuery({
    queryKey: keys.me,
    queryFn: fetchMe,
    staleTime: 5 * 60_000,
    initialData: cachedMe,
    // Stale from the start: the server is asked once even when the cache answered.
    initialDataUpdatedAt: 0,
  });

export const usePairing = () =>
  useQuery({
    queryKey: keys.pairing,
    queryFn: () =>
      api<{ pairing: PairingView | null; pairings: PairingView[] }>('/pairings/current'),
  });

export const useRooms = () =>
  useQuery({
    queryKey: keys.rooms,
    queryFn: async () => (await api<{ rooms: RoomView[] }>('/rooms')).rooms,
  });

export const useThreads = (roomId: string) =>
  useQuery({
    queryKey: keys.threads(roomId),
    queryFn: async () => (await api<{ threads: ThreadView[] }>(`/rooms/${roomId}/threads`)).threads,
  });

export const useVerify = (roomId: string) =>
  useQuery({
    queryKey: keys.verify(roomId),
    queryFn: () => api<ChainVerdict>(`/rooms/${roomId}/verify`),
  });

export const useTasks = () =>
  useQuery({
    queryKey: keys.tasks,
    queryFn: async () => (await api<{ tasks: TaskView[] }>('/tasks')).tasks,
  });

export const useContacts = () =>
  useQuery({
    queryKey: keys.contacts,
    queryFn: async () => (await api<{ contacts: ContactView[] }>('/contacts')).contacts,
  });

export const useNotifications = () =>
  useQuery({
    queryKey: keys.notifications,
    queryFn: () =>
      api<{ notifications: NotificationView[]; unreadCount: number }>('/notifications?limit=50'),
  });

/** Whether the server offers Google sign-in (index.html carries the flag). */
export function googleEnabled(): boolean {
  return document.querySelector('meta[name="parley-google"]')?.getAttribute('content') === 'on';
}
