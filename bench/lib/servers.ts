/**
 * Starting the servers under test as child processes: the bare socket.io
 * relay, and Parley (bench/parleyServer.ts) on a bench database. Every Parley
 * node of one run shares a session secret and encryption key, so a cookie
 * from one node is good on the other.
 */
import { randomBytes } from 'node:crypto';
import { io as connectClient } from 'socket.io-client';
import { forkChild, type BenchChild } from './child.js';
import { createPairs, signUpUsers } from './population.js';

/** A server under test. */
export interface ServerUnderTest {
  url: string;
  pid: number;
  child: BenchChild;
  /** Parley only: which tree runs ('this tree', or the --before directory). */
  variant?: string;
  adapter?: string;
  stop(): Promise<void>;
}

const SESSION_SECRET = randomBytes(32).toString('hex');
const ENCRYPTION_KEY = randomBytes(32).toString('hex');

/** Starts the bare relay. */
export async function startBare(execArgv: string[] = []): Promise<ServerUnderTest> {
  const child = forkChild('bare-relay', 'bareRelay.ts', { execArgv });
  const ready = await child.next<{ type: 'ready'; url: string; pid: number }>('ready', 60_000);
  return { url: ready.url, pid: ready.pid, child, stop: () => child.stop() };
}

/** Options of a Parley node. */
export interface ParleyOptions {
  databaseUrl: string;
  /** Raised for runs above the default 5 sends/s per socket (said so in the output). */
  sendsPerSecond?: number;
  redisUrl?: string;
  /** CLUSTER_ADAPTER of the node (several nodes: postgres or redis). */
  clusterAdapter?: 'postgres' | 'redis';
  /**
   * Another Parley tree to run instead of this one (`--before <dir>`: a
   * checkout of the code before a change, with node_modules), for a
   * before/after table from one run.
   */
  tree?: string;
  execArgv?: string[];
  dataDir?: string;
}

/** Starts one Parley node (migrations already applied by the bench). */
export async function startParley(options: ParleyOptions): Promise<ServerUnderTest> {
  const child = forkChild('parley', 'parleyServer.ts', {
    tree: options.tree,
    execArgv: options.execArgv ?? [],
    env: {
      DATABASE_URL: options.databaseUrl,
      SESSION_SECRET,
      ENCRYPTION_KEY,
      BCRYPT_ROUNDS: '4',
      SIGNUPS_PER_IP_PER_HOUR: '100000',
      DATA_DIR: options.dataDir ?? `/tmp/parley-bench-data-${process.pid}`,
      REDIS_URL: options.redisUrl,
      SOCKET_SENDS_PER_SECOND: options.sendsPerSecond ? String(options.sendsPerSecond) : undefined,
      CLUSTER_ADAPTER: options.clusterAdapter,
      BENCH_LOG_LEVEL: process.env.BENCH_LOG_LEVEL,
    },
  });
  const ready = await child.next<{
    type: 'ready';
    url: string;
    pid: number;
    variant: string;
    adapter: string;
  }>('ready', 120_000);
  return {
    url: ready.url,
    pid: ready.pid,
    child,
    variant: options.tree ? `before (${options.tree})` : 'this tree',
    adapter: ready.adapter,
    stop: () => child.stop(),
  };
}

/** What the server did with a hostile and a neutral message. */
export interface MediationProbe {
  hostile: string;
  neutral: string;
  /** 'on' when the hostile probe was held, 'off' when it was delivered as is. */
  mediation: 'on' | 'off' | 'unknown';
}

/**
 * Finds out whether the running server mediates: two fresh users in a room,
 * one hostile and one neutral message. Those users take no part in the load.
 */
export async function probeMediation(url: string, databaseUrl: string): Promise<MediationProbe> {
  const users = await signUpUsers(url, 2, 2);
  const [pair] = await createPairs(databaseUrl, users);
  const socket = connectClient(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie: pair!.a.cookie },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const send = async (text: string) => {
      const ack = (await socket.timeout(10_000).emitWithAck('message:send', {
        roomId: pair!.roomId,
        clientId: `probe-${randomBytes(6).toString('hex')}`,
        text,
      })) as { ok: boolean; status?: string; error?: { code: string } };
      return ack.ok ? String(ack.status) : `error:${ack.error?.code}`;
    };
    const hostile = await send(
      'You are a USELESS idiot and you ALWAYS ruin everything!!! I will take you to court and you will never see the kids.',
    );
    const neutral = await send('Pickup is at 5pm on Friday at the school gate.');
    const mediation = hostile === 'held' ? 'on' : hostile === 'sent' ? 'off' : 'unknown';
    return { hostile, neutral, mediation };
  } finally {
    socket.close();
  }
}
