/**
 * Child processes of the benchmark: TypeScript entry points run by node with
 * tsx as a loader, talking over the IPC channel in `{ type, ... }` messages.
 * Every child is stopped by pid when the run ends, even on Ctrl-C.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A message over the IPC channel. */
export interface IpcMessage {
  type: string;
  [key: string]: unknown;
}

/** A running child and typed ways to talk to it. */
export interface BenchChild {
  name: string;
  pid: number;
  proc: ChildProcess;
  send(message: IpcMessage): void;
  /** The next message of `type` (queued ones first); rejects after `timeoutMs` or on exit. */
  next<T extends IpcMessage>(type: string, timeoutMs: number): Promise<T>;
  /** Sends `message` and waits for the reply of `replyType`. */
  request<T extends IpcMessage>(
    message: IpcMessage,
    replyType: string,
    timeoutMs: number,
  ): Promise<T>;
  /** Asks the child to stop ({type:'stop'}), waits, then SIGKILLs it by pid. */
  stop(timeoutMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const proc of running) if (proc.pid && proc.exitCode === null) proc.kill('SIGKILL');
  });
}

/**
 * Forks `bench/<script>` under node with `--import tsx` (plus `execArgv`),
 * the given environment (not the parent's, beyond PATH/HOME), and an IPC channel.
 */
export function forkChild(
  name: string,
  script: string,
  options: {
    env?: Record<string, string | undefined>;
    execArgv?: string[];
    args?: string[];
    /** Another Parley tree to run `bench/<script>` from (`--before <dir>`); default this one. */
    tree?: string;
  } = {},
): BenchChild {
  installExitHook();
  const env: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG']) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value !== undefined) env[key] = value;
  }
  const root = options.tree ? path.resolve(options.tree) : path.resolve(BENCH_DIR, '..');
  const proc = fork(path.join(root, 'bench', script), options.args ?? [], {
    execArgv: ['--import', 'tsx', ...(options.execArgv ?? [])],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    cwd: root,
  });
  running.add(proc);
  const inbox: IpcMessage[] = [];
  const waiters: Array<{
    type: string;
    resolve: (m: IpcMessage) => void;
    reject: (e: Error) => void;
  }> = [];
  let exited: Error | undefined;

  proc.on('message', (raw) => {
    const message = raw as IpcMessage;
    const at = waiters.findIndex((w) => w.type === message.type);
    if (at >= 0) waiters.splice(at, 1)[0]!.resolve(message);
    else inbox.push(message);
  });
  proc.on('exit', (code, signal) => {
    running.delete(proc);
    exited = new Error(`${name} exited (code ${code}, signal ${signal})`);
    for (const w of waiters.splice(0)) w.reject(exited);
  });

  const next = <T extends IpcMessage>(type: string, timeoutMs: number): Promise<T> => {
    const queued = inbox.findIndex((m) => m.type === type);
    if (queued >= 0) return Promise.resolve(inbox.splice(queued, 1)[0] as T);
    if (exited) return Promise.reject(exited);
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        type,
        resolve: (m: IpcMessage) => {
          clearTimeout(timer);
          resolve(m as T);
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        const at = waiters.indexOf(waiter);
        if (at >= 0) waiters.splice(at, 1);
        reject(new Error(`${name}: no '${type}' within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.push(waiter);
    });
  };

  return {
    name,
    pid: proc.pid!,
    proc,
    send: (message) => {
      if (proc.connected) proc.send(message);
    },
    next,
    request(message, replyType, timeoutMs) {
      const reply = next(replyType, timeoutMs);
      if (proc.connected) proc.send(message);
      return reply as never;
    },
    async stop(timeoutMs = 15_000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      if (proc.connected) proc.send({ type: 'stop' });
      const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
      await gone;
      clearTimeout(timer);
    },
  };
}

/**
 * For a child: handles `{type:'stop'}` (runs `onStop`, then exits 0 so
 * --cpu-prof profiles get written) and exits if the parent disappears.
 */
export function childLifecycle(onStop: () => Promise<void>): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    onStop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('message', (raw) => {
    if ((raw as IpcMessage).type === 'stop') stop();
  });
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** Sends a message to the parent (a no-op without an IPC channel). */
export function toParent(message: IpcMessage): void {
  process.send?.(message);
}

/** Runs `handler` for each parent message of `type`. */
export function onParent<T extends IpcMessage>(type: string, handler: (m: T) => void): void {
  process.on('message', (raw) => {
    const message = raw as IpcMessage;
    if (message.type === type) handler(message as T);
  });
}
