import { randomInt, randomUUID } from 'node:crypto';
import type { MessageView } from '../../server/shared/socketEvents.js';
import { sql } from './rooms.js';
import { emitAck, type ClientSocket } from './sockets.js';

/** One send as the client saw it. */
export interface SendRecord {
  clientId: string;
  text: string;
  /** acked: `ok` ack; refused: an error ack (its code); lost: no ack (the socket went away). */
  outcome: 'pending' | 'acked' | 'held' | 'refused' | 'lost';
  code?: string;
  message?: string;
  /** Milliseconds from emit to ack (figures for the note, never asserted). */
  ms?: number;
}

/**
 * A client sending into one room continuously, `inFlight` sends at a time,
 * each with a fresh clientId and a unique text, until stop(). A send whose
 * socket drops before its ack is `lost`: the client does not know whether it
 * was stored, and retries it with the same clientId (retryLost).
 */
export class Sender {
  readonly records: SendRecord[] = [];
  private running = false;
  private loops: Promise<void>[] = [];
  private pending = new Map<SendRecord, () => void>();
  private counter = 0;

  constructor(
    private socket: ClientSocket,
    private readonly roomId: string,
    private readonly label: string,
  ) {
    this.watch(socket);
  }

  private watch(socket: ClientSocket): void {
    socket.on('disconnect', () => {
      for (const [record, settle] of this.pending) {
        record.outcome = 'lost';
        settle();
      }
      this.pending.clear();
    });
  }

  /** Sends one message and waits for its ack or for the socket to drop. */
  async sendOne(record: SendRecord): Promise<SendRecord> {
    const started = performance.now();
    if (!this.socket.connected) {
      record.outcome = 'lost';
      return record;
    }
    await new Promise<void>((settle) => {
      this.pending.set(record, settle);
      void emitAck(this.socket, 'message:send', {
        roomId: this.roomId,
        clientId: record.clientId,
        text: record.text,
      }).then((ack) => {
        if (!this.pending.delete(record)) return;
        record.ms = performance.now() - started;
        if (ack.ok && ack.status === 'sent') record.outcome = 'acked';
        else if (ack.ok) {
          // The mediator held it (a burst of sends can read as pressure): not a fault outcome.
          record.outcome = 'held';
        } else {
          record.outcome = 'refused';
          record.code = ack.error.code;
          record.message = ack.error.message;
        }
        settle();
      });
    });
    return record;
  }

  /** Starts `inFlight` loops sending until stop(); `pauseMs` between sends of one loop. */
  start(inFlight = 3, pauseMs = 0): void {
    this.running = true;
    for (let i = 0; i < inFlight; i++)
      this.loops.push(
        (async () => {
          while (this.running) {
            const record: SendRecord = {
              clientId: randomUUID(),
              // Digits only: hex could spell a word the mediator holds ("dead", "bad").
              text: `${this.label} note ${++this.counter} ${randomInt(1e9)}`,
              outcome: 'pending',
            };
            this.records.push(record);
            await this.sendOne(record);
            if (record.outcome === 'lost') await new Promise((r) => setTimeout(r, 50));
            else if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
          }
        })(),
      );
  }

  /** Stops sending; resolves once every loop's last send settled. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** Moves to another socket (a reconnect, possibly to another node). */
  useSocket(socket: ClientSocket): void {
    this.socket = socket;
    this.watch(socket);
  }

  /**
   * Retries every send without an ok ack (lost, or refused as unavailable)
   * with its own clientId, as a client does after reconnecting: a send that
   * was stored gets the stored message back, not a second copy.
   */
  async retryUnacked(): Promise<number> {
    let retried = 0;
    for (const record of this.records) {
      if (record.outcome === 'acked' || record.outcome === 'held') continue;
      if (record.outcome === 'refused' && record.code !== 'unavailable') continue;
      retried++;
      record.outcome = 'pending';
      await this.sendOne(record);
    }
    return retried;
  }

  acked(): SendRecord[] {
    return this.records.filter((r) => r.outcome === 'acked');
  }
}

/**
 * A reader of one room: every `message:new` seen live, and a catch-up by
 * `messages:sync` after the last seq it holds without a gap (a client's
 * reconnect). `deliveries` counts how often each message id reached the
 * client from either path after the client merges by seq.
 */
export class Reader {
  readonly live: MessageView[] = [];
  readonly synced: MessageView[] = [];

  constructor(
    socket: ClientSocket,
    private readonly roomId: string,
  ) {
    this.listen(socket);
  }

  listen(socket: ClientSocket): void {
    socket.on('message:new', (m) => {
      if (m.roomId === this.roomId) this.live.push(m);
    });
  }

  /** The highest seq up to which this reader has every message. */
  contiguousSeq(): number {
    const seqs = new Set([...this.live, ...this.synced].map((m) => m.seq));
    let seq = 0;
    while (seqs.has(seq + 1)) seq++;
    return seq;
  }

  /** Syncs after contiguousSeq(), page by page, on `socket`. */
  async catchUp(socket: ClientSocket): Promise<void> {
    for (;;) {
      const ack = await emitAck(socket, 'messages:sync', {
        roomId: this.roomId,
        afterSeq: this.contiguousSeq(),
      });
      if (!ack.ok) throw new Error(`sync failed: ${ack.error.code}`);
      this.synced.push(...ack.messages);
      const hasMore = (ack as { hasMore?: boolean }).hasMore;
      if (!hasMore || ack.messages.length === 0) return;
    }
  }

  /** Messages as the client holds them after merging both paths by seq. */
  merged(): Map<number, MessageView> {
    const bySeq = new Map<number, MessageView>();
    for (const m of [...this.live, ...this.synced]) bySeq.set(m.seq, m);
    return bySeq;
  }

  /** Live events carrying a message id already seen live (a double delivery). */
  liveDuplicates(): number {
    const ids = this.live.map((m) => m.id);
    return ids.length - new Set(ids).size;
  }

  /** Seqs that reached the client with two different ids or texts (never). */
  conflicts(): number {
    const seen = new Map<number, number>();
    let conflicts = 0;
    for (const m of [...this.live, ...this.synced]) {
      const id = seen.get(m.seq);
      if (id !== undefined && id !== m.id) conflicts++;
      seen.set(m.seq, m.id);
    }
    return conflicts;
  }
}

/** What the database holds for a room: rows per clientId and per text. */
export async function storedIn(
  databaseUrl: string,
  roomId: string,
): Promise<{ rows: { client_id: string; text: string; seq: number; id: number }[] }> {
  const rows = await sql<{ client_id: string; text: string; seq: number; id: number }>(
    databaseUrl,
    `SELECT client_id, text, seq, id FROM messages WHERE room_id = $1 AND type = 'user' ORDER BY seq`,
    [roomId],
  );
  return { rows };
}

/** The per-fault figures: printed in the test output (and copied into the note). */
export interface FaultFigures {
  fault: string;
  sent: number;
  acked: number;
  stored: number;
  duplicated: number;
  [extra: string]: string | number;
}

export function report(figures: FaultFigures): void {
  // The figures the issue asks for, one line per fault, easy to find in CI logs.
  process.stdout.write(`FAULT-FIGURES ${JSON.stringify(figures)}\n`);
}
