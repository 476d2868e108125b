/**
 * The mediated send path over real sockets with the local mediator: held
 * messages and the four choices, with their outcomes, statistics and triggers.
 */
import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import {
  useCoupleServer,
  expectNothingNewAtBob,
  held,
  send,
  sent,
  statsOf,
  triggersOf,
  type Couple,
} from '../support/couple.js';
import { sql } from '../support/rooms.js';
import { emitAck, emitRaw, until } from '../support/sockets.js';

const HOSTILE = 'You are a useless idiot and you never pick her up on time!';
const HOSTILE_TOO = "You ALWAYS forget her medicine, you're pathetic.";
const THREAT = "If you're late again I'll see you in court and take custody.";
const NEUTRAL = "Can we move Friday's pickup to 5pm at the school?";

const env = useCoupleServer();
const couple = () => env.couple();

async function interventionRow(id: string) {
  const [row] = await sql<{
    outcome: string;
    rewrite_text: string | null;
    message_id: number | null;
    resolved_at: Date | null;
    original_text: string;
  }>(env.server.database.url, 'SELECT * FROM intervention_rewrites WHERE id = $1', [id]);
  return row!;
}

const resolve = (c: Couple, payload: Parameters<typeof emitAck<'intervention:resolve'>>[2]) =>
  emitAck(c.annSocket, 'intervention:resolve', payload);

describe('holding', () => {
  it('delivers a neutral message with no intervention', async () => {
    const c = await couple();
    const message = sent(await send(c.annSocket, c.roomId, NEUTRAL));
    await until(() => c.atBob.length === 1, 5000, 'delivery');
    expect(c.atBob[0]).toEqual(message);
    const rows = await sql(
      env.server.database.url,
      'SELECT 1 FROM intervention_rewrites WHERE user_id = $1',
      [c.ann.user.id],
    );
    expect(rows).toHaveLength(0);
    expect(await statsOf(c.ann)).toMatchObject({ totalInterventions: 0, acceptanceRate: null });
  });

  it('holds a hostile message: stored, acked held, nothing reaches Bob', async () => {
    const c = await couple();
    const clientId = randomUUID();
    const intervention = held(await send(c.annSocket, c.roomId, HOSTILE, clientId));
    expect(intervention).toEqual({
      id: expect.any(String),
      roomId: c.roomId,
      clientId,
      originalText: HOSTILE,
      suggestions: expect.any(Array),
      patterns: expect.arrayContaining(['insult', 'blame']),
      risk: expect.any(Number),
      explanation: expect.any(String),
      canSendOriginal: true,
      createdAt: expect.stringMatching(/^\d{4}-/),
    });
    expect(intervention.suggestions.length).toBeGreaterThanOrEqual(1);
    expect(intervention.suggestions.length).toBeLessThanOrEqual(3);
    expect(intervention.risk).toBeGreaterThanOrEqual(0.5);
    for (const s of intervention.suggestions) expect(s).not.toMatch(/idiot|never/i);

    // The same clientId again: the same held intervention, never a message.
    expect(held(await send(c.annSocket, c.roomId, HOSTILE, clientId)).id).toBe(intervention.id);
    await expectNothingNewAtBob(c, 0);
    const messages = await sql(
      env.server.database.url,
      'SELECT 1 FROM messages WHERE client_id = $1',
      [clientId],
    );
    expect(messages).toHaveLength(0);
    expect(await statsOf(c.ann)).toMatchObject({ totalInterventions: 1, pending: 1 });
    const triggers = await triggersOf(c.ann);
    expect(triggers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'pattern', value: 'insult', detectionCount: 1 }),
        expect.objectContaining({ type: 'pattern', value: 'blame', detectionCount: 1 }),
        expect.objectContaining({ type: 'phrase', value: 'you never' }),
      ]),
    );
  });

  it('mediates corrections through the same gate', async () => {
    const c = await couple();
    const original = sent(await send(c.annSocket, c.roomId, NEUTRAL));
    const ack = await emitAck(c.annSocket, 'message:correct', {
      messageId: original.id,
      clientId: randomUUID(),
      text: HOSTILE,
    });
    const intervention = held(ack);
    const accepted = sent(
      await resolve(c, { interventionId: intervention.id, choice: 'accept', suggestionIndex: 0 }),
    );
    expect(accepted).toMatchObject({ type: 'correction', correctsId: original.id });
    expect(accepted.text).toBe(intervention.suggestions[0]);
  });
});

describe('the four choices', () => {
  it('accept: the suggestion is delivered, outcome accepted, idempotent by intervention and clientId', async () => {
    const c = await couple();
    const clientId = randomUUID();
    const intervention = held(await send(c.annSocket, c.roomId, HOSTILE, clientId));
    const message = sent(
      await resolve(c, { interventionId: intervention.id, choice: 'accept', suggestionIndex: 0 }),
    );
    expect(message).toMatchObject({ clientId, text: intervention.suggestions[0], type: 'user' });
    await until(() => c.atBob.length === 1, 5000, 'delivery');
    expect(c.atBob[0]).toEqual(message);

    const row = await interventionRow(intervention.id);
    expect(row).toMatchObject({
      outcome: 'accepted',
      message_id: message.id,
      original_text: HOSTILE,
    });
    expect(row.resolved_at).not.toBeNull();
    // Resolving again (any choice) or re-sending the clientId: the same message.
    expect(sent(await resolve(c, { interventionId: intervention.id, choice: 'discard' })).id).toBe(
      message.id,
    );
    expect(sent(await send(c.annSocket, c.roomId, HOSTILE, clientId)).id).toBe(message.id);
    expect(await statsOf(c.ann)).toMatchObject({
      totalInterventions: 1,
      accepted: 1,
      pending: 0,
      acceptanceRate: 1,
    });
  });

  it('edit: a calm edit is delivered, outcome modified', async () => {
    const c = await couple();
    const intervention = held(await send(c.annSocket, c.roomId, HOSTILE));
    const message = sent(
      await resolve(c, { interventionId: intervention.id, choice: 'edit', text: NEUTRAL }),
    );
    expect(message.text).toBe(NEUTRAL);
    expect(await interventionRow(intervention.id)).toMatchObject({
      outcome: 'modified',
      rewrite_text: NEUTRAL,
      message_id: message.id,
    });
    expect(await statsOf(c.ann)).toMatchObject({ modified: 1, acceptanceRate: 1 });
  });

  it('edit: another hostile text is held again (same intervention), then a calm one goes out', async () => {
    const c = await couple();
    const first = held(await send(c.annSocket, c.roomId, HOSTILE));
    const again = held(
      await resolve(c, { interventionId: first.id, choice: 'edit', text: HOSTILE_TOO }),
    );
    expect(again).toMatchObject({ id: first.id, originalText: HOSTILE_TOO });
    expect(again.patterns).toEqual(expect.arrayContaining(['insult']));
    await expectNothingNewAtBob(c, 0);
    // Both flagged texts taught the sender's triggers; one intervention in the statistics.
    const insult = (await triggersOf(c.ann)).find(
      (t) => t.type === 'pattern' && t.value === 'insult',
    );
    expect(insult?.detectionCount).toBe(2);
    expect(await statsOf(c.ann)).toMatchObject({ totalInterventions: 1, pending: 1 });

    const message = sent(
      await resolve(c, {
        interventionId: first.id,
        choice: 'edit',
        text: 'Please bring her inhaler on Friday.',
      }),
    );
    expect(message.text).toBe('Please bring her inhaler on Friday.');
    expect(await statsOf(c.ann)).toMatchObject({ totalInterventions: 1, modified: 1, pending: 0 });
  });

  it('send_original: delivered as written, outcome rejected', async () => {
    const c = await couple();
    const intervention = held(await send(c.annSocket, c.roomId, HOSTILE));
    const message = sent(
      await resolve(c, { interventionId: intervention.id, choice: 'send_original' }),
    );
    expect(message.text).toBe(HOSTILE);
    expect(await interventionRow(intervention.id)).toMatchObject({ outcome: 'rejected' });
    expect(await statsOf(c.ann)).toMatchObject({ rejected: 1, acceptanceRate: 0 });
  });

  it('send_original is refused for a threat; discarding it delivers nothing, outcome ignored', async () => {
    const c = await couple();
    const clientId = randomUUID();
    const intervention = held(await send(c.annSocket, c.roomId, THREAT, clientId));
    expect(intervention).toMatchObject({ canSendOriginal: false });
    expect(intervention.patterns).toContain('threat');
    const refused = await resolve(c, { interventionId: intervention.id, choice: 'send_original' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const discarded = await resolve(c, { interventionId: intervention.id, choice: 'discard' });
    expect(discarded).toEqual({ ok: true, status: 'discarded' });
    expect(await interventionRow(intervention.id)).toMatchObject({
      outcome: 'ignored',
      message_id: null,
    });
    expect(await send(c.annSocket, c.roomId, THREAT, clientId)).toEqual({ status: 'discarded' });
    await expectNothingNewAtBob(c, 0);
    expect(await statsOf(c.ann)).toMatchObject({
      totalInterventions: 1,
      ignored: 1,
      acceptanceRate: 0,
    });
    expect(await triggersOf(c.ann)).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'pattern', value: 'threat' })]),
    );
  });

  it('counts an intervention left unresolved too long as ignored', async () => {
    const c = await couple();
    const intervention = held(await send(c.annSocket, c.roomId, HOSTILE));
    await sql(
      env.server.database.url,
      `UPDATE intervention_rewrites SET created_at = now() - interval '25 hours' WHERE id = $1`,
      [intervention.id],
    );
    expect(await statsOf(c.ann)).toMatchObject({ totalInterventions: 1, ignored: 1, pending: 0 });
    const late = await resolve(c, {
      interventionId: intervention.id,
      choice: 'accept',
      suggestionIndex: 0,
    });
    expect(late).toEqual({ ok: true, status: 'discarded' });
    expect(await interventionRow(intervention.id)).toMatchObject({ outcome: 'ignored' });
  });

  it('refuses bad choices and other people’s interventions', async () => {
    const c = await couple();
    const intervention = held(await send(c.annSocket, c.roomId, HOSTILE));
    expect(
      await resolve(c, {
        interventionId: intervention.id,
        choice: 'accept',
        suggestionIndex: 2 + intervention.suggestions.length,
      }),
    ).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(
      await emitRaw(c.annSocket, 'intervention:resolve', {
        interventionId: intervention.id,
        choice: 'edit',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    const byBob = await emitAck(c.bobSocket, 'intervention:resolve', {
      interventionId: intervention.id,
      choice: 'send_original',
    });
    expect(byBob).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await interventionRow(intervention.id)).toMatchObject({ outcome: 'pending' });
  });
});
