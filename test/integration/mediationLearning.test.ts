/**
 * What the receiver sees of mediation (nothing), what the mediator learns
 * (triggers, topic triggers, profiles) and the live meter, over real sockets.
 */
import { describe, expect, it } from '@jest/globals';
import type { MessageView } from '../../server/shared/socketEvents.js';
import { useCoupleServer, held, send, sent, triggersOf } from '../support/couple.js';
import { sql } from '../support/rooms.js';
import { emitAck, until } from '../support/sockets.js';

const HOSTILE = 'You are a useless idiot and you never pick her up on time!';
const NEUTRAL = "Can we move Friday's pickup to 5pm at the school?";

const env = useCoupleServer();
const couple = () => env.couple();

describe('what the receiver sees', () => {
  it('cannot tell a mediated message from any other', async () => {
    const c = await couple();
    const plain = sent(await send(c.annSocket, c.roomId, NEUTRAL));
    const intervention = held(await send(c.annSocket, c.roomId, HOSTILE));
    const mediated = sent(
      await emitAck(c.annSocket, 'intervention:resolve', {
        interventionId: intervention.id,
        choice: 'accept',
        suggestionIndex: 0,
      }),
    );
    await until(() => c.atBob.length === 2, 5000, 'both messages');
    const shape = (m: MessageView) => Object.keys(m).sort();
    expect(shape(c.atBob[1]!)).toEqual(shape(c.atBob[0]!));
    expect(c.atBob.map((m) => m.id)).toEqual([plain.id, mediated.id]);
    const history = await c.bob.agent.get(`/api/rooms/${c.roomId}/messages`);
    expect(JSON.stringify(history.body)).not.toMatch(/intervention|mediat|idiot/i);
    // Bob's own statistics are untouched; Ann's are hers alone.
    const bobStats = await c.bob.agent.get('/api/mediation/stats');
    expect(bobStats.body).toMatchObject({ stats: { totalInterventions: 0 } });
  });
});

describe('learning', () => {
  it('a flagged reply to a topic teaches the replier that topic; messages to them on it score higher', async () => {
    const c = await couple();
    sent(await send(c.bobSocket, c.roomId, 'Can you cover half of the $300 soccer fees?'));
    const reply = held(
      await send(c.annSocket, c.roomId, 'Pay it yourself, you idiot. You never pay anything.'),
    );
    expect(reply.patterns).toContain('insult');
    const topic = (await triggersOf(c.ann)).find((t) => t.type === 'topic');
    expect(topic).toMatchObject({ value: 'expenses', detectionCount: 1 });

    // The same message scores higher to Ann (expenses is her trigger) than to a parent without it.
    const other = await couple();
    const text = 'Tell your mother she needs to pay the $150 for the soccer fees.';
    const toAnn = held(await send(c.bobSocket, c.roomId, text));
    const toOther = held(await send(other.bobSocket, other.roomId, text));
    expect(toAnn.risk).toBeGreaterThan(toOther.risk);
  });

  it('follows the sender’s style in communication_profiles', async () => {
    const c = await couple();
    const texts = ['Thanks so much for taking her today 😊', 'Pickup is at 5pm on Friday.'];
    for (const text of texts) sent(await send(c.annSocket, c.roomId, text));
    // Profiles follow off the send path (after commit): fold what is queued now.
    await env.server.services.mediation.styles.flush();
    const [profile] = await sql<{
      message_count: number;
      avg_message_length: number;
      emoji_usage: string;
      tone_tendencies: string[];
    }>(env.server.database.url, 'SELECT * FROM communication_profiles WHERE user_id = $1', [
      c.ann.user.id,
    ]);
    expect(profile).toMatchObject({ message_count: 2, emoji_usage: 'frequent' });
    const [first, second] = texts.map((t) => [...t].length) as [number, number];
    expect(profile!.avg_message_length).toBe(Math.round((first + second) / 2));
    expect(profile!.tone_tendencies).toEqual(expect.arrayContaining(['warm', 'neutral']));
  });
});

describe('draft:analyze', () => {
  it('meters a draft with the local mediator, members only, rate limited per socket', async () => {
    const c = await couple();
    const hostile = await emitAck(c.annSocket, 'draft:analyze', {
      roomId: c.roomId,
      text: HOSTILE,
    });
    expect(hostile).toMatchObject({ ok: true, patterns: expect.arrayContaining(['insult']) });
    expect((hostile as { risk: number }).risk).toBeGreaterThanOrEqual(0.5);
    expect(await emitAck(c.annSocket, 'draft:analyze', { roomId: c.roomId, text: '' })).toEqual({
      ok: true,
      risk: 0,
      patterns: [],
    });

    const stranger = await couple();
    expect(
      await emitAck(stranger.annSocket, 'draft:analyze', { roomId: c.roomId, text: 'hello' }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const burst = await Promise.all(
      Array.from({ length: 25 }, () =>
        emitAck(c.bobSocket, 'draft:analyze', { roomId: c.roomId, text: NEUTRAL }),
      ),
    );
    expect(burst.filter((a) => !a.ok).map((a) => !a.ok && a.error.code)).toContain('rate_limited');
  });
});
