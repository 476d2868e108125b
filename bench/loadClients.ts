/**
 * Load generator child of bench/run.ts: holds real socket.io clients, in
 * pairs (socket 2i and 2i+1 share a room), and on `run` makes every socket
 * send `ratePerClient` messages per second, evenly spread, for `durationMs`.
 * Both sockets of a pair live in this process, so send and peer-receive
 * times come from one clock. Replies with raw latencies for the parent to merge.
 */
import { io as connectClient, type Socket } from 'socket.io-client';
import { childLifecycle, onParent, toParent, type IpcMessage } from './lib/child.js';

/** One socket to open: where, as whom (Parley cookie) and in which room. */
export interface SocketSpec {
  url: string;
  cookie?: string;
  roomId: string;
}

export interface ConnectRequest extends IpcMessage {
  type: 'connect';
  kind: 'parley' | 'bare';
  sockets: SocketSpec[];
  concurrency: number;
}

export interface RunRequest extends IpcMessage {
  type: 'run';
  runId: string;
  ratePerClient: number;
  durationMs: number;
  graceMs: number;
  ackTimeoutMs: number;
  texts: string[];
}

/** What one child measured in one run. */
export interface RunResult extends IpcMessage {
  type: 'result';
  clients: number;
  sendWindowMs: number;
  sent: number;
  acked: number;
  held: number;
  ackErrors: Record<string, number>;
  ackTimeouts: number;
  peerReceived: number;
  lost: number;
  duplicated: number;
  misrouted: number;
  disconnects: number;
  /** send -> peer `message:new`, ms, one per delivered message. */
  latencies: number[];
  /** send -> ack, ms. */
  ackLatencies: number[];
  /** How late sends left against their schedule, ms (client saturation). */
  sendLag: number[];
  clientCpuPercent: number;
}

interface Delivery {
  message: { clientId?: string };
}

let sockets: Socket[] = [];
let specs: SocketSpec[] = [];
let disconnects = 0;

interface RunState {
  prefix: string;
  clients: number;
  sentAt: Float64Array;
  peerAt: Float64Array;
  ackAt: Float64Array;
  /** 0 pending, 1 sent, 2 held, 3 error, 4 timeout */
  status: Uint8Array;
  duplicated: number;
  misrouted: number;
}
let current: RunState | undefined;

function onMessage(socketIndex: number, message: Delivery['message']): void {
  const run = current;
  const clientId = message?.clientId;
  if (!run || typeof clientId !== 'string' || !clientId.startsWith(run.prefix)) return;
  const k = Number(clientId.slice(run.prefix.length));
  if (!Number.isInteger(k) || k < 0 || k >= run.sentAt.length) return;
  const from = k % run.clients;
  if (socketIndex === from) return; // the sender's own echo
  if (socketIndex !== (from ^ 1)) {
    run.misrouted += 1;
    return;
  }
  if (run.peerAt[k]! > 0) run.duplicated += 1;
  else run.peerAt[k] = performance.now();
}

async function connectAll(request: ConnectRequest): Promise<void> {
  const started = performance.now();
  specs = request.sockets;
  sockets = new Array<Socket>(specs.length);
  let failed = 0;
  let firstError: string | undefined;
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < specs.length) {
      const i = nextIndex++;
      const spec = specs[i]!;
      const socket = connectClient(spec.url, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        timeout: 20_000,
        extraHeaders: spec.cookie ? { cookie: spec.cookie } : {},
        auth: request.kind === 'bare' ? { roomId: spec.roomId } : {},
      });
      socket.on('message:new', (m: Delivery['message']) => onMessage(i, m));
      sockets[i] = socket;
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', (err) => reject(err));
        });
        socket.on('disconnect', () => {
          disconnects += 1;
        });
      } catch (err) {
        failed += 1;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, request.concurrency) }, worker));
  toParent({
    type: 'connected',
    ok: specs.length - failed,
    failed,
    firstError,
    ms: performance.now() - started,
  });
}

async function run(request: RunRequest): Promise<void> {
  const clients = sockets.length;
  const gap = 1000 / (request.ratePerClient * clients);
  const capacity = Math.ceil(request.durationMs / gap) + 1;
  const state: RunState = {
    prefix: `${request.runId}-`,
    clients,
    sentAt: new Float64Array(capacity),
    peerAt: new Float64Array(capacity),
    ackAt: new Float64Array(capacity),
    status: new Uint8Array(capacity),
    duplicated: 0,
    misrouted: 0,
  };
  current = state;
  const sendLag = new Float64Array(capacity);
  const ackErrors: Record<string, number> = {};
  const disconnectsBefore = disconnects;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let sent = 0;

  const send = (k: number, scheduled: number) => {
    const s = k % clients;
    const socket = sockets[s]!;
    const now = performance.now();
    state.sentAt[k] = now;
    sendLag[k] = now - scheduled;
    socket.timeout(request.ackTimeoutMs).emit(
      'message:send',
      {
        roomId: specs[s]!.roomId,
        clientId: `${state.prefix}${k}`,
        text: request.texts[k % request.texts.length]!,
      },
      (err: Error | null, ack?: { ok: boolean; status?: string; error?: { code?: string } }) => {
        state.ackAt[k] = performance.now();
        if (err) state.status[k] = 4;
        else if (ack?.ok && ack.status === 'held') state.status[k] = 2;
        else if (ack?.ok) state.status[k] = 1;
        else {
          state.status[k] = 3;
          const code = ack?.error?.code ?? 'unknown';
          ackErrors[code] = (ackErrors[code] ?? 0) + 1;
        }
      },
    );
  };

  // One timer paces every socket: the k-th send overall is due at k * gap.
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = performance.now() - started;
      const due = Math.min(capacity, Math.floor(elapsed / gap) + 1);
      const end = Math.min(due, Math.ceil(request.durationMs / gap));
      while (sent < end) {
        send(sent, started + sent * gap);
        sent += 1;
      }
      if (elapsed >= request.durationMs || sent >= capacity) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const sendWindowMs = performance.now() - started;

  // Grace: wait for outstanding acks and peer deliveries, bounded in time.
  const graceEnd = performance.now() + request.graceMs;
  const settled = () => {
    for (let k = 0; k < sent; k += 1) {
      if (state.status[k] === 0) return false;
      if (state.status[k] === 1 && state.peerAt[k] === 0) return false;
    }
    return true;
  };
  while (performance.now() < graceEnd && !settled()) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  current = undefined;

  const latencies: number[] = [];
  const ackLatencies: number[] = [];
  let acked = 0;
  let held = 0;
  let ackTimeouts = 0;
  let peerReceived = 0;
  let lost = 0;
  for (let k = 0; k < sent; k += 1) {
    const status = state.status[k]!;
    if (status === 1) acked += 1;
    if (status === 2) held += 1;
    if (status === 4 || status === 0) ackTimeouts += 1;
    if (status === 1 || status === 2) ackLatencies.push(round3(state.ackAt[k]! - state.sentAt[k]!));
    if (state.peerAt[k]! > 0) {
      peerReceived += 1;
      latencies.push(round3(state.peerAt[k]! - state.sentAt[k]!));
    } else if (status !== 2) {
      lost += 1;
    }
  }
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - started;
  const result: RunResult = {
    type: 'result',
    clients,
    sendWindowMs,
    sent,
    acked,
    held,
    ackErrors,
    ackTimeouts,
    peerReceived,
    lost,
    duplicated: state.duplicated,
    misrouted: state.misrouted,
    disconnects: disconnects - disconnectsBefore,
    latencies,
    ackLatencies,
    sendLag: Array.from(sendLag.subarray(0, sent), round3),
    clientCpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
  };
  toParent(result);
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function closeAll(): void {
  for (const socket of sockets) socket?.close();
  sockets = [];
}

onParent<ConnectRequest>('connect', (m) => void connectAll(m));
onParent<RunRequest>('run', (m) => void run(m));
onParent('close', () => {
  closeAll();
  toParent({ type: 'closed' });
});
childLifecycle(() => {
  closeAll();
  return Promise.resolve();
});
toParent({ type: 'ready', pid: process.pid });
