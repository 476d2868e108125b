/**
 * The style follower (server/mediation/styleFollower.ts) measures each
 * delivered message once and keeps a window per sender in memory. These
 * tests show it writes the same profile values as the computation it
 * replaced — every fold re-read the sender's last 20 texts in the room and
 * re-analysed each — on the same sequence of messages: followed from the
 * start, started mid-conversation (a restart), and with messages it never
 * saw (another node appended them).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createDb, type Db } from '../../server/db/pool.js';
import { createContextRepository } from '../../server/mediation/contextRepository.js';
import {
  createLearningRepository,
  type LearningRepository,
  type StyleUpdate,
} from '../../server/mediation/learningRepository.js';
import { analyzeDraft } from '../../server/mediation/local/index.js';
import { createStyleFollower, type DeliveredText } from '../../server/mediation/styleFollower.js';
import type { MessageRow } from '../../server/messages/messageRepository.js';
import { createLogger } from '../../server/shared/logger.js';
import { useCoupleServer, type Couple } from '../support/couple.js';
import { sql } from '../support/rooms.js';

const env = useCoupleServer();

/** The profile computation as it was before the follower kept windows (verbatim but for names). */
const WARM =
  /\b(?:thanks|thank you|appreciate|please|glad|great|sounds good|no problem|happy to|love)\b/i;
const EMOJI = /\p{Extended_Pictographic}/u;
function oldToneOf(text: string): string {
  const { risk, patterns } = analyzeDraft(text);
  if (risk >= 0.5) return 'hostile';
  if (risk >= 0.25) return 'tense';
  if (patterns.includes('demand')) return 'firm';
  if (WARM.test(text)) return 'warm';
  return 'neutral';
}
function oldStyleOf(texts: string[]): Omit<StyleUpdate, 'length' | 'count'> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    const tone = oldToneOf(text);
    counts.set(tone, (counts.get(tone) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const tones = ranked
    .filter(([, n], i) => i === 0 || n / texts.length >= 0.25)
    .map(([tone]) => tone);
  const withEmoji = texts.filter((t) => EMOJI.test(t)).length / Math.max(1, texts.length);
  const words = texts.flatMap((t) => t.match(/\p{L}+/gu) ?? []);
  const meanWord = words.reduce((sum, w) => sum + w.length, 0) / Math.max(1, words.length);
  return {
    tones,
    emojiUsage:
      withEmoji === 0
        ? 'none'
        : withEmoji < 0.15
          ? 'minimal'
          : withEmoji < 0.5
            ? 'moderate'
            : 'frequent',
    vocabulary: meanWord < 4 ? 'simple' : meanWord > 5.2 ? 'complex' : 'moderate',
  };
}

/** What the old fold computed for a sender at this moment: their last 20 texts in the room. */
async function oldStyleNow(roomId: string, senderId: number) {
  const rows = await sql<{ text: string }>(
    env.server.database.url,
    `SELECT text FROM messages WHERE room_id = $1 AND sender_id = $2 AND type <> 'system'
      ORDER BY seq DESC LIMIT 20`,
    [roomId, senderId],
  );
  return oldStyleOf(rows.map((r) => r.text));
}

// Labelled messages of every tone; a few with emoji added, so emoji use moves too.
const fixture = JSON.parse(readFileSync('test/fixtures/mediator/train.json', 'utf8')) as {
  text: string;
}[];
const TEXTS = fixture
  .filter((_, i) => i % 7 === 0)
  .map((m, i) => (i % 5 === 0 ? `${m.text} 😊` : m.text));

let db: Db;
beforeAll(() => {
  db = createDb(env.server.database.url, createLogger('silent'), 2);
});
afterAll(() => db.close());

/** A follower of its own (its own memory) whose writes are captured, not stored. */
function follower() {
  const written: { userId: number; style: StyleUpdate }[] = [];
  const learning = {
    followStyles: (_tx: unknown, updates: { userId: number; style: StyleUpdate }[]) => {
      written.push(...updates);
      return Promise.resolve();
    },
  } as unknown as LearningRepository;
  const styles = createStyleFollower({
    db,
    learning,
    context: createContextRepository(db),
    logger: createLogger('silent'),
    delayMs: 60_000,
  });
  return { styles, written };
}

/** Appends one message through the server's group commit; its stored row. */
async function append(c: Couple, from: 'ann' | 'bob', text: string): Promise<MessageRow> {
  const outcome = await env.server.services.messaging.appender.append({
    roomId: c.roomId,
    senderId: c[from].user.id,
    clientId: randomUUID(),
    text,
    type: 'user',
    correctsId: null,
    topic: 'general',
    notify: false,
  });
  if (outcome.status !== 'created') throw new Error(`not appended: ${outcome.status}`);
  return outcome.row;
}

const delivered = (row: MessageRow, withReading: boolean): DeliveredText => ({
  roomId: row.room_id,
  senderId: row.sender_id,
  seq: Number(row.seq),
  type: row.type,
  text: row.text,
  reading: withReading ? analyzeDraft(row.text) : undefined,
});

const SENDERS = ['ann', 'bob', 'bob', 'ann', 'bob', 'ann', 'ann'] as const;

/**
 * Plays TEXTS into a room, alternating senders in a fixed irregular order;
 * `seen(i)` says whether message i reaches the follower. After every few
 * messages, folds and compares each write with the old computation.
 */
async function play(seen: (i: number) => boolean, restartAt?: number) {
  const c = await env.couple();
  let f = follower();
  let compared = 0;
  for (const [i, text] of TEXTS.entries()) {
    if (i === restartAt) f = follower();
    const from = SENDERS[i % SENDERS.length]!;
    const row = await append(c, from, text);
    if (seen(i)) f.styles.add(delivered(row, i % 2 === 0));
    // Another node's messages reach this one's windows when the next
    // delivery here shows the gap: compare right after one.
    if (i % 3 !== 2 || !seen(i)) continue;
    const before = f.written.length;
    await f.styles.flush();
    for (const { userId, style } of f.written.slice(before)) {
      expect({ ...style, length: 0, count: 0 }).toEqual({
        ...(await oldStyleNow(c.roomId, userId)),
        length: 0,
        count: 0,
      });
      compared += 1;
    }
  }
  return { compared, written: f.written };
}

describe('style follower', () => {
  it('writes what re-reading and re-analysing the last 20 texts wrote, followed from the start', async () => {
    const { compared, written } = await play(() => true);
    expect(TEXTS.length).toBeGreaterThan(40);
    expect(compared).toBeGreaterThan(TEXTS.length / 3);
    // The sequence is varied enough to mean something: several tone mixes and emoji levels.
    expect(new Set(written.map((w) => w.style.tones.join())).size).toBeGreaterThan(2);
    expect(new Set(written.map((w) => w.style.emojiUsage)).size).toBeGreaterThan(1);
  });

  it('agrees when it starts mid-conversation (a restart: the window is read once)', async () => {
    const { compared } = await play(() => true, 25);
    expect(compared).toBeGreaterThan(TEXTS.length / 3);
  });

  it('agrees when messages were appended elsewhere (another node): a seq gap reads the window again', async () => {
    const { compared } = await play((i) => i % 4 !== 1);
    expect(compared).toBeGreaterThan(TEXTS.length / 4);
  });

  it('counts lengths and messages exactly, and skips system messages', async () => {
    const c = await env.couple();
    const f = follower();
    const texts = ['Thanks so much for taking her today 😊', 'Pickup is at 5pm on Friday.'];
    for (const text of texts) f.styles.add(delivered(await append(c, 'ann', text), false));
    f.styles.add({ ...delivered(await append(c, 'bob', 'x'), false), type: 'system' });
    await f.styles.flush();
    expect(f.written).toEqual([
      {
        userId: c.ann.user.id,
        style: {
          ...(await oldStyleNow(c.roomId, c.ann.user.id)),
          length: texts.reduce((n, t) => n + [...t].length, 0),
          count: 2,
        },
      },
    ]);
  });

  it('writes every sender of a round in one statement: exact running means, nothing for a deleted account', async () => {
    const [c, d] = await Promise.all([env.couple(), env.couple()]);
    const styles = createStyleFollower({
      db,
      learning: createLearningRepository(db),
      context: createContextRepository(db),
      logger: createLogger('silent'),
      delayMs: 60_000,
    });
    const rounds = [
      { ann: ['Pickup at 5pm, thanks 😊', 'OK'], bob: ['Fine.'], gone: ['Anything at all'] },
      { ann: ['Could you bring her coat on Friday?'], bob: ['Sure', 'Will do, see you then'] },
    ];
    const lengths = { ann: [] as number[], bob: [] as number[] };
    await sql(
      env.server.database.url,
      `UPDATE users SET deleted_at = now(), password_hash = NULL, google_id = NULL,
              first_name = NULL, last_name = NULL WHERE id = $1`,
      [d.ann.user.id],
    );
    for (const round of rounds) {
      for (const text of round.ann) styles.add(delivered(await append(c, 'ann', text), false));
      for (const text of round.bob) styles.add(delivered(await append(c, 'bob', text), false));
      for (const text of round.gone ?? [])
        styles.add(delivered(await append(d, 'ann', text), false));
      lengths.ann.push(...round.ann.map((t) => [...t].length));
      lengths.bob.push(...round.bob.map((t) => [...t].length));
      await styles.flush();
    }
    const profiles = await sql<{
      user_id: number;
      avg_message_length: number;
      message_count: number;
    }>(
      env.server.database.url,
      `SELECT user_id, avg_message_length, message_count FROM communication_profiles
        WHERE user_id = ANY($1) ORDER BY user_id`,
      [[c.ann.user.id, c.bob.user.id, d.ann.user.id]],
    );
    // The running mean after round 2 is exact over round 2 and round 1's rounded mean.
    const mean = (xs: number[], split: number) => {
      const first = Math.round(xs.slice(0, split).reduce((a, b) => a + b, 0) / split);
      const rest = xs.slice(split).reduce((a, b) => a + b, 0);
      return Math.round((first * split + rest) / xs.length);
    };
    expect(profiles).toEqual(
      [
        { user_id: c.ann.user.id, avg_message_length: mean(lengths.ann, 2), message_count: 3 },
        { user_id: c.bob.user.id, avg_message_length: mean(lengths.bob, 1), message_count: 3 },
      ].sort((a, b) => a.user_id - b.user_id),
    );
  });
});
