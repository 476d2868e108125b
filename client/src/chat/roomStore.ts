/**
 * One room on this device: confirmed messages in seq order (contiguous, by
 * id once), my unsent ones (the outbox), read receipts, who is typing. On
 * every (re)connect it catches up from its highest seq, then sends the
 * outbox in order, each entry with its own clientId (a retry is stored once).
 */
import type { MessageView } from '../api/types';
import { ExternalStore } from './externalStore';
import { EMPTY, type Resolution, type RoomSnapshot } from './roomSnapshot';
import { AckError, request } from './socket';
import { failureKind, historyPage, transmit, type SendAnswer } from './transmit';
import { newClientId, outbox, roomCache, type OutboxEntry, type Receipt } from './storage';

export type { Resolution, RoomSnapshot };
export class RoomStore extends ExternalStore<RoomSnapshot> {
  private messages: MessageView[] = [];
  private ids = new Set<number>();
  private pending: OutboxEntry[] = [];
  private receipts: Receipt[] = [];
  private typing = new Map<number, ReturnType<typeof setTimeout>>();
  private hasMoreBefore = true;
  private loadingOlder = false;
  private ready = false;
  private error: string | null = null;
  private flushing = false;
  private catchingUp: Promise<void> | null = null;
  private readSent = 0;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly roomId: string,
    readonly userId: number,
  ) {
    super(EMPTY);
  }

  private get highestSeq(): number {
    return this.messages.at(-1)?.seq ?? 0;
  }

  private publish(): void {
    this.publishSnapshot({
      messages: this.messages,
      pending: this.pending,
      receipts: this.receipts,
      typing: [...this.typing.keys()],
      hasMoreBefore: this.hasMoreBefore,
      loadingOlder: this.loadingOlder,
      ready: this.ready,
      error: this.error,
    });
  }

  private persistSoon(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      void roomCache.save(this.roomId, { messages: this.messages, receipts: this.receipts });
    }, 300);
  }

  /** Loads what the device holds: cached messages, receipts, the outbox. */
  async load(): Promise<void> {
    const [cache, entries] = await Promise.all([
      roomCache.load(this.roomId).catch(() => undefined),
      outbox.list(this.roomId, this.userId).catch(() => []),
    ]);
    if (cache && this.messages.length === 0) {
      this.messages = cache.messages;
      this.ids = new Set(cache.messages.map((m) => m.id));
      this.receipts = cache.receipts;
      this.ready = cache.messages.length > 0;
    }
    const known = new Set(this.pending.map((e) => e.clientId));
    this.pending = [...this.pending, ...entries.filter((e) => !known.has(e.clientId))];
    this.publish();
  }

  /** After every (re)connect: fill the gap from the highest seq held, then send the outbox. */
  async connected(): Promise<void> {
    await this.catchUp();
    await this.flush();
  }

  private catchUp(): Promise<void> {
    this.catchingUp ??= this.doCatchUp().finally(() => (this.catchingUp = null));
    return this.catchingUp;
  }

  private async doCatchUp(): Promise<void> {
    try {
      if (this.messages.length === 0) {
        const page = await historyPage(this.roomId);
        this.hasMoreBefore = page.hasMore;
        this.add(page.messages);
      } else {
        for (;;) {
          const res = await request('messages:sync', {
            roomId: this.roomId,
            afterSeq: this.highestSeq,
          });
          this.add(res.messages);
          if (!res.hasMore || res.messages.length === 0) break;
        }
      }
      this.ready = true;
      this.error = null;
    } catch (err) {
      if (!(err instanceof AckError && err.code === 'disconnected')) {
        this.error = 'Could not load the conversation. It will retry when the connection is back.';
      }
    }
    this.publish();
  }

  /** Appends messages that continue the held range; a gap starts a catch-up. */
  private add(incoming: MessageView[]): void {
    let changed = false;
    for (const m of incoming) {
      if (this.ids.has(m.id)) continue;
      if (this.messages.length > 0 && m.seq !== this.highestSeq + 1) {
        if (m.seq > this.highestSeq + 1) void this.catchUp();
        continue;
      }
      this.messages = [...this.messages, m];
      this.ids.add(m.id);
      this.dropPending(m.sender.id === this.userId ? m.clientId : undefined);
      changed = true;
    }
    if (changed) this.persistSoon();
  }

  private dropPending(clientId: string | undefined): void {
    if (!clientId || !this.pending.some((e) => e.clientId === clientId)) return;
    this.pending = this.pending.filter((e) => e.clientId !== clientId);
    void outbox.remove(clientId);
  }

  /** A live `message:new`. */
  receive(m: MessageView): void {
    this.add([m]);
    this.typing.delete(m.sender.id);
    this.publish();
  }

  /** Older history (infinite scroll up). */
  async loadOlder(): Promise<void> {
    if (this.loadingOlder || !this.hasMoreBefore) return;
    const oldest = this.messages[0]?.seq;
    if (oldest === undefined || oldest <= 1) {
      this.hasMoreBefore = false;
      return this.publish();
    }
    this.loadingOlder = true;
    this.publish();
    try {
      const page = await historyPage(this.roomId, oldest);
      const older = page.messages.filter((m) => !this.ids.has(m.id));
      for (const m of older) this.ids.add(m.id);
      this.messages = [...older, ...this.messages];
      this.hasMoreBefore = page.hasMore;
    } catch {
      // Offline: the top of the list offers "load earlier" again later.
    }
    this.loadingOlder = false;
    this.publish();
  }

  /** Queues a message (kept in IndexedDB until acknowledged) and sends when connected. */
  async send(text: string, correctsId?: number): Promise<void> {
    const entry: OutboxEntry = {
      clientId: newClientId(),
      roomId: this.roomId,
      userId: this.userId,
      text,
      createdAt: new Date().toISOString(),
      kind: correctsId === undefined ? 'message' : 'correction',
      ...(correctsId !== undefined && { correctsId }),
      state: 'queued',
    };
    await outbox.put(entry);
    this.pending = [...this.pending, entry];
    this.publish();
    await this.flush();
  }

  /**
   * Sends queued entries one at a time, in order, including any queued while
   * this runs; stops at the first that gets no answer (the next connect resumes).
   */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    const tried = new Set<string>();
    try {
      for (;;) {
        const next = this.pending.find((e) => e.state === 'queued' && !tried.has(e.clientId));
        if (!next) break;
        tried.add(next.clientId);
        if (!(await this.sendOne(next))) break;
      }
    } finally {
      this.flushing = false;
    }
  }

  private async sendOne(entry: OutboxEntry): Promise<boolean> {
    try {
      this.applyAnswer(entry, await transmit(entry));
      return true;
    } catch (err) {
      switch (failureKind(err)) {
        case 'later':
          return false;
        case 'slow-down':
          await new Promise((r) => setTimeout(r, 1000));
          return this.sendOne(entry);
        case 'refused':
          this.update(entry, { state: 'failed', error: (err as Error).message });
          return true;
      }
    }
  }

  private applyAnswer(entry: OutboxEntry, answer: SendAnswer): void {
    if (answer.status === 'sent') {
      this.add([answer.message]);
      this.dropPending(entry.clientId);
    } else if (answer.status === 'held') {
      this.update(entry, {
        state: 'held',
        intervention: answer.intervention,
        text: answer.intervention.originalText,
      });
    } else {
      this.dropPending(entry.clientId);
    }
    this.publish();
  }

  private update(entry: OutboxEntry, patch: Partial<OutboxEntry>): void {
    const next = { ...entry, ...patch };
    this.pending = this.pending.map((e) => (e.clientId === entry.clientId ? next : e));
    void outbox.put(next);
    this.publish();
  }

  /** The sender's choice on a held message. */
  async resolve(clientId: string, resolution: Resolution): Promise<void> {
    const entry = this.pending.find((e) => e.clientId === clientId);
    if (!entry?.intervention) return;
    try {
      const answer = await request('intervention:resolve', {
        interventionId: entry.intervention.id,
        ...resolution,
      });
      this.applyAnswer(entry, answer);
    } catch (err) {
      if (err instanceof AckError && (err.code === 'not_found' || err.code === 'conflict')) {
        // Resolved elsewhere (another tab) or expired: nothing left to decide here.
        this.dropPending(clientId);
        this.publish();
        return;
      }
      throw err;
    }
  }

  /** Removes an entry the server refused for good (it was shown with its reason). */
  dismiss(clientId: string): void {
    this.dropPending(clientId);
    this.publish();
  }

  /** A lost "stopped typing" must not leave the indicator on forever: it expires. */
  setTyping(userId: number, typing: boolean): void {
    clearTimeout(this.typing.get(userId));
    const expire = () => this.setTyping(userId, false);
    if (typing) this.typing.set(userId, setTimeout(expire, 8000));
    else this.typing.delete(userId);
    this.publish();
  }

  addReceipt(receipt: Receipt): void {
    if (receipt.userId === this.userId) return;
    if ((this.receipts.at(-1)?.seq ?? 0) >= receipt.seq) return;
    this.receipts = [...this.receipts, receipt];
    this.persistSoon();
    this.publish();
  }

  /** Tells the server everything up to the newest message is viewed (once per new seq). */
  markRead(): void {
    const newest = this.messages.findLast((m) => m.sender.id !== this.userId);
    if (!newest || newest.seq <= this.readSent) return;
    this.readSent = newest.seq;
    request('message:read', { roomId: this.roomId, seq: this.highestSeq }).catch(() => {
      this.readSent = 0;
    });
  }
}
