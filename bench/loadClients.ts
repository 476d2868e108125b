/**
 * Load generator child of bench/run.ts: holds real socket.io clients, in
 * pairs (socket 2i and 2i+1 share a room), and on `run` makes every socket
 * send `ratePerClient` messages per second, evenly spread, for `durationMs`
 * (or a list of `phases`, one after the other, with no gap between them).
 * `burst`: every socket sends in the same instant, `ratePerClient` times a
 * second, instead of spreading the sends.
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
  /** Rates one after the other (overload, then recovery); overrides ratePerClient/durationMs. */
  phases?: Array<{ ratePerClient: number; durationMs: number }>;
  /** Every socket sends at the same instant, once per 1/ratePerClient s. */
  burst?: boolean;
  /** Send per-message detail (offsets, latencies, statuses) for the parent to bucket and check. */
  detail?: boolean;
}

/** Per send k (index = k): when it left, what came back. Only with `detail`. */
export interface RunDetail {
  /** The clientId of send k is `${prefix}${k}`. */
  prefix: string;
  /** ms from the run's start. */
  sentAt: number[];
  /** send -> peer `message:new`, ms; -1 when the peer never got it. */
  latency: number[];
  /** send -> ack of any kind (sent, held, refusal), ms; -1 when none came. */
  answer: number[];
  /** 1 sent, 2 held, 3 refused (error ack), 4 no ack within the timeout. */
  status: number[];
  /** The error code of a refusal ('' otherwise). */
  code: string[];
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
  /** The first message seen per error code (which of several causes a code had). */
  ackErrorMessages: Record<string, string[]>;
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
  /** send -> any answer (sent, held or refusal), ms. */
  answerLatencies: number[];
  detail?: RunDetail;
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

/** The due time (ms from start) of every send, in order, and its socket. */
function schedule(request: RunRequest, clients: number): { due: Float64Array; durationMs: number } {
  const phases = request.phases ?? [
    { ratePerClient: request.ratePerClient, durationMs: request.durationMs },
  ];
  const due: number[] = [];
  let offset = 0;
  for (const phase of phases) {
    if (request.burst) {
      const period = 1000 / phase.ratePerClient;
      for (let t = 0; t < phase.durationMs; t += period) {
        for (let s = 0; s < clients; s += 1) due.push(offset + t);
      }
    } else {
      const gap = 1000 / (phase.ratePerClient * clients);
      const count = Math.ceil(phase.durationMs / gap);
      for (let j = 0; j < count; j += 1) due.push(offset + j * gap);
    }
    offset += phase.durationMs;
  }
  return { due: Float64Array.from(due), durationMs: offset };
}

async function run(request: RunRequest): Promise<void> {
  const clients = sockets.length;
  const plan = schedule(request, clients);
  const capacity = plan.due.length;
  const state: RunState = {
    prefix: `${request.runId}-${process.pid}-`,
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
  const ackErrorMessages: Record<string, string[]> = {};
  const codes: string[] = request.detail ? new Array<string>(capacity).fill('') : [];
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
      (
        err: Error | null,
        ack?: { ok: boolean; status?: string; error?: { code?: string; message?: string } },
      ) => {
        state.ackAt[k] = performance.now();
        if (err) state.status[k] = 4;
        else if (ack?.ok && ack.status === 'held') state.status[k] = 2;
        else if (ack?.ok) state.status[k] = 1;
        else {
          state.status[k] = 3;
          const code = ack?.error?.code ?? 'unknown';
          ackErrors[code] = (ackErrors[code] ?? 0) + 1;
          const seen = (ackErrorMessages[code] ??= []);
          const text = String(ack?.error?.message ?? '');
          if (seen.length < 3 && !seen.includes(text)) seen.push(text);
          if (request.detail) codes[k] = code;
        }
      },
    );
  };

  // One timer paces every socket: send k is due at plan.due[k] (a burst: many at one instant).
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = performance.now() - started;
      while (sent < capacity && plan.due[sent]! <= elapsed) {
        send(sent, started + plan.due[sent]!);
        sent += 1;
      }
      if (sent >= capacity) resolve();
      else setTimeout(tick, Math.max(0, Math.min(1, plan.due[sent]! - elapsed)));
    };
    tick();
  });
  // The window the sends were spread over (a burst's last instant is not its end).
  await new Promise((resolve) =>
    setTimeout(resolve, Math.max(0, plan.durationMs - (performance.now() - started))),
  );
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
  const answerLatencies: number[] = [];
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
    if (status >= 1 && status <= 3)
      answerLatencies.push(round3(state.ackAt[k]! - state.sentAt[k]!));
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
    ackErrorMessages,
    ackTimeouts,
    peerReceived,
    lost,
    duplicated: state.duplicated,
    misrouted: state.misrouted,
    disconnects: disconnects - disconnectsBefore,
    latencies,
    ackLatencies,
    answerLatencies,
    detail: request.detail
      ? {
          prefix: state.prefix,
          sentAt: Array.from(state.sentAt.subarray(0, sent), (t) => round3(t - started)),
          latency: Array.from({ length: sent }, (_, k) =>
            state.peerAt[k]! > 0 ? round3(state.peerAt[k]! - state.sentAt[k]!) : -1,
          ),
          answer: Array.from({ length: sent }, (_, k) =>
            state.status[k]! >= 1 && state.status[k]! <= 3
              ? round3(state.ackAt[k]! - state.sentAt[k]!)
              : -1,
          ),
          status: Array.from(state.status.subarray(0, sent), (v) => (v === 0 ? 4 : v)),
          code: codes.slice(0, sent),
        }
      : undefined,
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
