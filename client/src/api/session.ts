/** Signing in and out: the session cookie changes, so the socket and caches follow. */
import { resetSocket } from '../chat/socket';
import { forgetRoomStores } from '../chat/rooms';
import { forgetEverything } from '../chat/storage';
import { api } from './http';
import { queryClient, rememberMe } from './queries';
import type { UserView } from './types';

export async function signIn(
  mode: 'signin' | 'signup',
  body: { email: string; password: string; displayName?: string },
): Promise<UserView> {
  const { user } = await api<{ user: UserView }>(
    mode === 'signup' ? '/auth/signup' : '/auth/login',
    {
      method: 'POST',
      body: mode === 'signup' ? body : { email: body.email, password: body.password },
    },
  );
  queryClient.clear();
  rememberMe(user);
  resetSocket(true);
  return user;
}

export async function signOut(): Promise<void> {
  await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
  resetSocket(false);
  forgetRoomStores();
  await forgetEverything().catch(() => undefined);
  queryClient.clear();
  rememberMe(null);
}
