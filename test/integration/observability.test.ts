/**
 * What an operator sees of a running server: `/metrics` (off without
 * METRICS_TOKEN, bearer-protected with it) moves with a real send, and one
 * request id follows a send or an HTTP request from its log lines into the
 * outbox job it caused.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRoom, sql } from '../support/rooms.js';
import { connectSocket, emitAck, type ClientSocket } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

const TOKEN = 'metrics-token-for-tests-0123456789';

interface LogLine {
  msg: string;
  requestId?: string;
  event?: string;
  kind?: string;
  outboxId?: number;
  [key: string]: unknown;
}

let server: TestServer;
let ann: SignedInUser;
let bob: SignedInUser;
let roomId: string;
let socket: ClientSocket;
const lines: LogLine[] = [];

beforeAll(async () => {
  server = await startTestServer(
    { METRICS_TOKEN: TOKEN, LOG_LEVEL: 'debug' },
    { logs: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) } },
  );
  [ann, bob] = await Promise.all([signUp(server.url), signUp(server.url)]);
  roomId = await createRoom(server.database.url, [ann.user.id, bob.user.id]);
  socket = await connectSocket(server.url, ann.cookie);
});
afterAll(async () => {
  socket?.close();
  await server.stop();
});

const scrape = (authorization?: string) =>
  fetch(`${server.url}/metrics`, { headers: authorization ? { authorization } : {} });

/** The value of one sample in the Prometheus text, 0 when the series does not exist yet. */
function sample(body: string, series: string): number {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

async function until<T>(find: () => T | undefined, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('/metrics', () => {
  it('does not exist without METRICS_TOKEN', async () => {
    const plain = await startTestServer();
    try {
      const res = await fetch(`${plain.url}/metrics`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    } finally {
      await plain.stop();
    }
  });

  it('refuses a scrape without the bearer token, or with another', async () => {
    for (const auth of [undefined, `Bearer ${TOKEN.slice(0, -1)}x`, `Bearer ${TOKEN}x`, TOKEN]) {
      const res = await scrape(auth);
      expect({ auth, status: res.status }).toEqual({ auth, status: 401 });
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });

  it('after a send and a held message, the send counter and latency histogram have moved', async () => {
    const before = await (await scrape(`Bearer ${TOKEN}`)).text();
    const sent = await emitAck(socket, 'message:send', {
      roomId,
      clientId: randomUUID(),
      text: 'Pick-up is at 5pm on Friday at the school gate',
    });
    expect(sent).toMatchObject({ ok: true, status: 'sent' });
    const held = await emitAck(socket, 'message:send', {
      roomId,
      clientId: randomUUID(),
      text: 'You are a useless idiot and you ALWAYS forget, I will take you to court!!!',
    });
    expect(held).toMatchObject({ ok: true, status: 'held' });
    const refused = await emitAck(socket, 'message:send', {
      roomId: randomUUID(),
      clientId: randomUUID(),
      text: 'To a room that is not mine',
    });
    expect(refused).toMatchObject({ ok: false });

    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const after = await res.text();
    const moved = (series: string) => sample(after, series) - sample(before, series);
    expect({
      sent: moved('parley_messages_total{status="sent"}'),
      held: moved('parley_messages_total{status="held"}'),
      refused: moved('parley_messages_total{status="refused"}'),
      sentLatencyCount: moved('parley_send_latency_seconds_count{status="sent"}'),
      heldLatencyCount: moved('parley_send_latency_seconds_count{status="held"}'),
      mediatedAndPassed: moved('parley_mediations_total{kind="local",action="pass"}'),
      mediatedAndHeld: moved('parley_mediations_total{kind="local",action="intervene"}'),
    }).toEqual({
      sent: 1,
      held: 1,
      refused: 1,
      sentLatencyCount: 1,
      heldLatencyCount: 1,
      mediatedAndPassed: 1,
      mediatedAndHeld: 1,
    });
    expect(sample(after, 'parley_send_latency_seconds_sum{status="sent"}')).toBeGreaterThan(
      sample(before, 'parley_send_latency_seconds_sum{status="sent"}'),
    );
    expect(sample(after, 'parley_sockets_connected')).toBe(1);
    for (const series of [
      'parley_outbox_pending',
      'parley_outbox_lag_seconds',
      'parley_db_pool_in_use',
      'parley_db_pool_waiting',
      'parley_mediator_latency_seconds_count{kind="local"}',
      'parley_nodejs_eventloop_lag_p99_seconds',
    ])
      expect(after).toMatch(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} \\d`, 'm'));
  });
});

describe('request ids', () => {
  it('a send and the outbox job it caused log the same request id', async () => {
    const clientId = randomUUID();
    const ack = await emitAck(socket, 'message:send', {
      roomId,
      clientId,
      text: 'Swimming lessons start on the 12th',
    });
    expect(ack).toMatchObject({ ok: true, status: 'sent' });
    const [row] = await sql<{ request_id: string; id: string }>(
      server.database.url,
      `SELECT o.request_id, o.id FROM outbox o JOIN messages m ON m.id = (o.payload->>'messageId')::bigint
        WHERE o.kind = 'message_delivered' AND m.client_id = $1`,
      [clientId],
    );
    const sendLine = lines.find(
      (l) =>
        l.msg === 'socket event' && l.event === 'message:send' && l.requestId === row!.request_id,
    );
    expect(sendLine).toMatchObject({ ok: true });
    const jobLine = await until(
      () => lines.find((l) => l.msg === 'outbox job done' && l.outboxId === Number(row!.id)),
      'the outbox job',
    );
    expect(jobLine).toMatchObject({ kind: 'message_delivered', requestId: row!.request_id });
  });

  it('an HTTP request answers its id and its outbox job logs it', async () => {
    const res = await ann.agent
      .post('/api/tasks')
      .set('X-Request-Id', 'from-the-proxy-42')
      .send({ title: 'Book the dentist', roomId, assignee: bob.user.id });
    expect(res.status).toBe(201);
    expect(res.headers['x-request-id']).toBe('from-the-proxy-42');
    const jobLine = await until(
      () =>
        lines.find(
          (l) =>
            l.msg === 'outbox job done' &&
            l.kind === 'notification' &&
            l.requestId === 'from-the-proxy-42',
        ),
      'the notification job',
    );
    expect(jobLine).toBeDefined();
    const own = await ann.agent.get('/api/auth/me').set('X-Request-Id', 'bad id with spaces');
    expect(own.headers['x-request-id']).toMatch(/^[\w-]{16}$/);
  });

  it('every line logged while handling a socket event names it', async () => {
    const from = lines.length;
    await emitAck(socket, 'messages:sync', { roomId, afterSeq: 0 });
    const handled = lines.slice(from).filter((l) => l.msg === 'socket event');
    expect(handled.length).toBeGreaterThan(0);
    for (const line of handled) expect(line.requestId).toMatch(/^[\w-]{16}$/);
  });
});
