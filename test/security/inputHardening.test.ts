/**
 * Issue 11, hole 10: input PostgreSQL cannot store (NUL), addresses that
 * cannot be decoded, and socket events with extra arguments all get a stable
 * 4xx / validation_failed answer — never a 500, never a silent ack.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { toAppError } from '../../server/shared/errors.js';
import { send, sent, useCoupleServer } from '../support/couple.js';
import { emitAck, emitRaw } from '../support/sockets.js';

const ctx = useCoupleServer();

interface ErrorAck {
  ok: false;
  error: { code: string };
}

describe('NUL bytes', () => {
  it('in a message text: validation_failed, nothing stored, the socket still sends', async () => {
    const c = await ctx.couple();
    const ack = await emitAck(c.annSocket, 'message:send', {
      roomId: c.roomId,
      clientId: randomUUID(),
      text: 'pick up at 5\u0000pm',
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    const after = sent(await send(c.annSocket, c.roomId, 'Pick up at 5pm.'));
    expect(after.seq).toBe(1);
  });

  it('in a search query: 400, not 500', async () => {
    const c = await ctx.couple();
    const res = await c.ann.agent.get(`/api/rooms/${c.roomId}/search?q=school%00trip`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('in a REST body (a contact): 400 naming the field', async () => {
    const c = await ctx.couple();
    const res = await c.ann.agent
      .post('/api/contacts')
      .send({ firstName: 'Mia', childHealthNotes: 'asthma\u0000inhaler' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].field).toBe('childHealthNotes');
  });

  it('PostgreSQL refusing text (22021, 22P05) maps to validation_failed', () => {
    expect(toAppError({ code: '22021' }).code).toBe('validation_failed');
    expect(toAppError({ code: '22P05' }).code).toBe('validation_failed');
  });
});

describe('malformed %-encoding in a path', () => {
  it.each(['/api/rooms/%E0%A4%A/messages', '/api/contacts/%', '/api/threads/%ZZ'])(
    '%s answers 400 validation_failed',
    async (path) => {
      const c = await ctx.couple();
      const res = await c.ann.agent.get(path);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    },
  );

  it('also when signed out (the decode happens before any auth check)', async () => {
    const res = await request(ctx.server.url).get('/api/rooms/%E0%A4%A/messages');
    expect(res.status).toBeLessThan(500);
  });
});

describe('extra arguments before the ack callback', () => {
  it('every event still answers, with validation_failed', async () => {
    const c = await ctx.couple();
    const payload = { roomId: c.roomId, afterSeq: 0 };
    const ack = (await emitRaw(c.annSocket, 'messages:sync', payload, 'extra')) as ErrorAck;
    expect(ack).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    const many = (await emitRaw(c.annSocket, 'typing', { roomId: c.roomId }, 1, 2, 3)) as ErrorAck;
    expect(many.error.code).toBe('validation_failed');
    // The socket is still fine for well-formed events.
    const ok = await emitAck(c.annSocket, 'messages:sync', payload);
    expect(ok).toMatchObject({ ok: true, messages: [] });
  });
});

describe('ids beyond the database column (found by test/security/fuzzRest.test.ts)', () => {
  it('a grant id over 2^31-1 in the revoke path answers 400 naming grantId, not 500', async () => {
    const c = await ctx.couple();
    const res = await c.ann.agent
      .post(`/api/rooms/${c.roomId}/professionals/2147483648/revoke`)
      .send({});
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].field).toBe('grantId');
  });

  it('PostgreSQL refusing a number out of range (22003) maps to validation_failed', () => {
    expect(toAppError({ code: '22003' }).code).toBe('validation_failed');
  });
});
