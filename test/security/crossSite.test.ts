/**
 * Hole 9: cross-site requests rested on SameSite=Lax alone. A text/plain POST
 * from another origin carrying the cookie created a pairing; a socket opened
 * from another origin connected and read history. Now writes from foreign
 * origins are refused, write bodies must be JSON, and the socket handshake
 * checks Origin too.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectSocket, emitAck } from '../support/sockets.js';
import { sql } from '../support/rooms.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

let server: TestServer;
let ann: SignedInUser;
const EVIL = 'https://evil.example';
const PARTNER = 'https://admin.parley.example';

beforeAll(async () => {
  server = await startTestServer({ ALLOWED_ORIGINS: `${PARTNER}/` });
  ann = await signUp(server.url);
});
afterAll(async () => {
  await server.stop();
});

const pairingsOfAnn = async () =>
  (
    await sql<{ n: number }>(
      server.database.url,
      'SELECT count(*)::int AS n FROM pairing_sessions WHERE parent_a_id = $1',
      [ann.user.id],
    )
  )[0]!.n;

describe('state-changing REST from another origin', () => {
  it('a text/plain POST from evil.example with the cookie creates nothing (403 origin)', async () => {
    const res = await ann.agent
      .post('/api/pairings')
      .set('Origin', EVIL)
      .set('Content-Type', 'text/plain')
      .send('{}');
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'forbidden', details: { reason: 'origin' } });
    expect(await pairingsOfAnn()).toBe(0);
  });

  it('even a JSON body from a foreign origin is refused; "null" origins too', async () => {
    for (const origin of [EVIL, 'null', `${server.url}.evil.example`]) {
      const res = await ann.agent.post('/api/pairings').set('Origin', origin).send({});
      expect({ origin, status: res.status }).toEqual({ origin, status: 403 });
    }
    const viaReferer = await ann.agent
      .post('/api/pairings')
      .set('Referer', `${EVIL}/page`)
      .send({});
    expect(viaReferer.status).toBe(403);
    const fetchMetadata = await ann.agent
      .post('/api/pairings')
      .set('Sec-Fetch-Site', 'cross-site')
      .send({});
    expect(fetchMetadata.status).toBe(403);
    expect(await pairingsOfAnn()).toBe(0);
  });

  it('a same-origin text/plain or form body is refused with 415 unsupported_media_type', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
      const res = await ann.agent
        .post('/api/pairings')
        .set('Origin', new URL(server.ctx.publicUrl).origin)
        .set('Content-Type', type)
        .send('email=x@example.com');
      expect({ type, status: res.status, code: res.body.error?.code }).toEqual({
        type,
        status: 415,
        code: 'unsupported_media_type',
      });
    }
    expect(await pairingsOfAnn()).toBe(0);
  });

  it('the public origin, a configured extra origin and origin-less clients may write', async () => {
    const own = await ann.agent
      .post('/api/pairings')
      .set('Origin', new URL(server.ctx.publicUrl).origin)
      .send({});
    expect(own.status).toBe(201);
    const partner = await ann.agent.post('/api/pairings').set('Origin', PARTNER).send({});
    expect(partner.status).toBe(201);
    const noOrigin = await ann.agent.post('/api/pairings').send({});
    expect(noOrigin.status).toBe(201);
    // Reads are not writes: a cross-site GET is answered (SameSite and CORS guard those).
    const read = await ann.agent.get('/api/auth/me').set('Origin', EVIL);
    expect(read.status).toBe(200);
    expect(await pairingsOfAnn()).toBe(3);
  });
});

describe('the socket handshake', () => {
  it('refuses a socket from evil.example even with the cookie', async () => {
    await expect(connectSocket(server.url, ann.cookie, { origin: EVIL })).rejects.toThrow();
  });

  it('accepts the public origin and the configured extra origin, and serves history there', async () => {
    for (const origin of [new URL(server.ctx.publicUrl).origin, PARTNER]) {
      const socket = await connectSocket(server.url, ann.cookie, { origin });
      const ack = await emitAck(socket, 'messages:history', {
        roomId: '00000000-0000-4000-8000-000000000000',
      });
      // Connected and answering (the room does not exist for Ann).
      expect(ack).toMatchObject({ ok: false, error: { code: 'not_found' } });
      socket.close();
    }
  });
});
