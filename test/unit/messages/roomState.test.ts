/**
 * The send path's per-room state: loaded once, served from memory, and
 * refreshed in the background — a room past its freshness never makes a
 * send wait, and rooms loaded together do not all reload together.
 */
import { describe, expect, it } from '@jest/globals';
import { createRoomStates, type RoomState } from '../../../server/messages/roomState.js';

function harness(jitters: number[] = [0.5]) {
  let clock = 0;
  const loads: string[] = [];
  const waiting: {
    roomId: string;
    resolve: (s: RoomState | undefined) => void;
    reject: (e: Error) => void;
  }[] = [];
  let j = 0;
  const states = createRoomStates(
    (roomId) => {
      loads.push(roomId);
      return new Promise((resolve, reject) => waiting.push({ roomId, resolve, reject }));
    },
    () => clock,
    () => jitters[j++ % jitters.length]!,
  );
  const stateOf = (roomId: string, headSeq: number): RoomState => ({
    roomId,
    members: [],
    recent: [],
    triggers: new Map(),
    headSeq,
    loadedAt: clock,
  });
  /** Answers the oldest pending load. */
  const finish = async (headSeq: number) => {
    const next = waiting.shift()!;
    next.resolve(stateOf(next.roomId, headSeq));
    await Promise.resolve();
  };
  return {
    states,
    loads,
    waiting,
    finish,
    advance: (ms: number) => (clock += ms),
  };
}

describe('room states', () => {
  it('loads a room once for concurrent sends, then serves it from memory', async () => {
    const h = harness();
    const a = h.states.get('r1');
    const b = h.states.get('r1');
    await h.finish(4);
    expect((await a)!.headSeq).toBe(4);
    expect(await b).toBe(await a);
    h.advance(1_000);
    expect((await h.states.get('r1'))!.headSeq).toBe(4);
    expect(h.loads).toEqual(['r1']);
  });

  it('serves a stale room at once while one reload runs behind it', async () => {
    const h = harness();
    const first = h.states.get('r1');
    await h.finish(4);
    await first;
    h.advance(31_000); // past 0.75–1.25 × 30 s at jitter 0.5 (30 s)
    const served = await h.states.get('r1');
    expect(served!.headSeq).toBe(4); // not waiting on the reload
    await h.states.get('r1');
    expect(h.loads).toEqual(['r1', 'r1']); // one reload, shared
    await h.finish(9);
    expect((await h.states.get('r1'))!.headSeq).toBe(9);
  });

  it('keeps serving the held state when a background reload fails', async () => {
    const h = harness();
    const first = h.states.get('r1');
    await h.finish(4);
    await first;
    h.advance(31_000);
    await h.states.get('r1');
    h.waiting.shift()!.reject(new Error('database down'));
    await Promise.resolve();
    expect((await h.states.get('r1'))!.headSeq).toBe(4);
    expect(h.loads).toEqual(['r1', 'r1', 'r1']); // the next send tried again
  });

  it('spreads the refresh of rooms loaded in the same instant', async () => {
    const h = harness([0, 1]); // r1 fresh for 22.5 s, r2 for 37.5 s
    const r1 = h.states.get('r1');
    const r2 = h.states.get('r2');
    await h.finish(1);
    await h.finish(1);
    await Promise.all([r1, r2]);
    h.advance(25_000);
    await h.states.get('r1');
    await h.states.get('r2');
    expect(h.loads).toEqual(['r1', 'r2', 'r1']);
    h.advance(15_000);
    await h.states.get('r2');
    expect(h.loads).toEqual(['r1', 'r2', 'r1', 'r2']);
  });

  it('makes the next send wait for a fresh load after an invalidation', async () => {
    const h = harness();
    const first = h.states.get('r1');
    await h.finish(4);
    await first;
    h.states.invalidate('r1');
    const next = h.states.get('r1');
    let settled = false;
    void next.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await h.finish(5);
    expect((await next)!.headSeq).toBe(5);
  });
});
