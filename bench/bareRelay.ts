/**
 * The stack's own ceiling: socket.io on node's http server with nothing else.
 * No auth, no database, no mediation. A socket names its room in the
 * handshake (`auth.roomId`), joins it, and every `message:send` is relayed to
 * the whole room as `message:new` (the sender's sockets included, as Parley
 * does) and acked. Run as a child of bench/run.ts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { childLifecycle, toParent } from './lib/child.js';
import { serveIntrospection } from './lib/serverChild.js';

interface RelayPayload {
  roomId: string;
  clientId: string;
  text: string;
}

const httpServer = http.createServer();
const io = new Server(httpServer, {
  maxHttpBufferSize: 2_000_000,
  transports: ['websocket', 'polling'],
  cors: { origin: false },
});
const seqs = new Map<string, number>();

io.on('connection', (socket) => {
  const auth = socket.handshake.auth as { roomId?: unknown };
  const roomId = typeof auth.roomId === 'string' ? auth.roomId : socket.id;
  void socket.join(`room:${roomId}`);
  socket.on('message:send', (payload: RelayPayload, ack?: (r: unknown) => void) => {
    const seq = (seqs.get(roomId) ?? 0) + 1;
    seqs.set(roomId, seq);
    const message = { roomId, seq, clientId: payload.clientId, text: payload.text };
    io.to(`room:${roomId}`).emit('message:new', message);
    ack?.({ ok: true, status: 'sent', message });
  });
});

httpServer.listen(0, '127.0.0.1', () => {
  const { port } = httpServer.address() as AddressInfo;
  toParent({ type: 'ready', url: `http://127.0.0.1:${port}`, pid: process.pid });
});

serveIntrospection(() => io.engine.clientsCount);
childLifecycle(async () => {
  httpServer.closeIdleConnections();
  await io.close();
  httpServer.closeAllConnections();
});
