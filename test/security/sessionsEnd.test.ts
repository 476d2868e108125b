/**
 * Hole 3: logout did not reach live sockets (they kept sending and reading
 * history), and there was no "sign out everywhere". Now ending a session
 * disconnects its sockets on every node through the adapter, and every node
 * re-checks its sockets' sessions on a timer (a row deleted in SQL ends them).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createRoom, sql } from '../support/rooms.js';
import { connectSocket, emitAck, until, type ClientSocket } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ SESSION_CHECK_SECONDS: '1' });
});
afterAll(async () => {
  await server.stop();
});

/** A second login of the same account: its own session, agent and cookie. */
async function loginAgain(u: SignedInUser): Promise<{ cookie: string }> {
  const res = await request(server.url)
    .post('/api/auth/login')
    .send({ email: u.user.email, password: u.password });
  expect(res.status).toBe(200);
  const setCookie = res.headers['set-cookie'] as unknown as string[];
  return { cookie: setCookie.map((c) => c.split(';')[0]).join('; ') };
}

const disconnected = (socket: ClientSocket) => {
  const state = { gone: false };
  socket.on('disconnect', () => {
    state.gone = true;
  });
  return state;
};

async function pair() {
  const ann = await signUp(server.url, { displayName: 'Ann' });
  const bob = await signUp(server.url, { displayName: 'Bob' });
  const roomId = await createRoom(server.database.url, [ann.user.id, bob.user.id]);
  return { ann, bob, roomId };
}

describe('ending sessions ends their sockets', () => {
  it('logout disconnects that session’s socket, which can then neither send nor reconnect', async () => {
    const { ann, roomId } = await pair();
    const other = await loginAgain(ann);
    const socket = await connectSocket(server.url, ann.cookie);
    const otherSocket = await connectSocket(server.url, other.cookie);
    const gone = disconnected(socket);
    expect((await ann.agent.post('/api/auth/logout')).status).toBe(200);
    await until(() => gone.gone, 5000, 'the logged-out socket to drop');
    expect(socket.connected).toBe(false);
    await expect(connectSocket(server.url, ann.cookie)).rejects.toThrow('unauthorized');
    // The other device's session is untouched.
    expect(otherSocket.connected).toBe(true);
    const ack = await emitAck(otherSocket, 'message:send', {
      roomId,
      clientId: randomUUID(),
      text: 'Still here on my phone.',
    });
    expect(ack).toMatchObject({ ok: true, status: 'sent' });
    otherSocket.close();
  });

  it('"sign out everywhere" ends every session and socket of the account, and nobody else’s', async () => {
    const { ann, bob } = await pair();
    const other = await loginAgain(ann);
    const sockets = [
      await connectSocket(server.url, ann.cookie),
      await connectSocket(server.url, other.cookie),
    ];
    const bobSocket = await connectSocket(server.url, bob.cookie);
    const states = sockets.map(disconnected);
    const res = await ann.agent.post('/api/auth/sessions/end-all').send({});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, ended: 2 });
    await until(() => states.every((s) => s.gone), 5000, 'every socket of Ann to drop');
    expect((await ann.agent.get('/api/auth/me')).status).toBe(401);
    expect((await request(server.url).get('/api/auth/me').set('Cookie', other.cookie)).status).toBe(
      401,
    );
    expect(bobSocket.connected).toBe(true);
    expect((await bob.agent.get('/api/auth/me')).status).toBe(200);
    bobSocket.close();
  });

  it('a session deleted in SQL stops its socket at the next check', async () => {
    const { ann } = await pair();
    const socket = await connectSocket(server.url, ann.cookie);
    const gone = disconnected(socket);
    await sql(server.database.url, `DELETE FROM session WHERE sess->>'userId' = $1`, [
      String(ann.user.id),
    ]);
    await until(() => gone.gone, 10_000, 'the sweep to drop the socket');
    expect(socket.connected).toBe(false);
  });

  it('an expired session stops its socket at the next check', async () => {
    const { ann } = await pair();
    const socket = await connectSocket(server.url, ann.cookie);
    const gone = disconnected(socket);
    await sql(
      server.database.url,
      `UPDATE session SET expire = now() - interval '1 minute' WHERE sess->>'userId' = $1`,
      [String(ann.user.id)],
    );
    await until(() => gone.gone, 10_000, 'the sweep to drop the socket');
  });
});
