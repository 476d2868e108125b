import type { SignedInUser } from './users.js';

/** What `pairUsers` leaves: the accepted pairing and the room both now share. */
export interface Paired {
  pairingId: number;
  roomId: string;
  code: string;
}

/**
 * Pairs two signed-in users over real HTTP: `a` creates an invitation, `b`
 * accepts it by code. Throws with the response when either step fails.
 */
export async function pairUsers(a: SignedInUser, b: SignedInUser): Promise<Paired> {
  const created = await a.agent.post('/api/pairings').send({});
  if (created.status !== 201) {
    throw new Error(`create pairing failed: ${created.status} ${JSON.stringify(created.body)}`);
  }
  const { id, code } = (created.body as { pairing: { id: number; code: string } }).pairing;
  const accepted = await b.agent.post('/api/pairings/accept').send({ code });
  if (accepted.status !== 200) {
    throw new Error(`accept pairing failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  }
  const { room } = accepted.body as { room: { id: string } };
  return { pairingId: id, roomId: room.id, code };
}

/** The invite token inside an invite link (`.../invite/<token>`). */
export function tokenOf(inviteUrl: string): string {
  const token = new URL(inviteUrl).pathname.split('/').pop();
  if (!token) throw new Error(`no token in ${inviteUrl}`);
  return token;
}
