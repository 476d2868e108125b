/**
 * Issue 11, hole 8: child health notes and the generated VAPID private key
 * were stored in plaintext. Now both are AES-256-GCM ciphertext (v1 format,
 * server/shared/crypto.ts); plaintext left from before is sealed at start.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import webpush from 'web-push';
import { sql } from '../support/rooms.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp } from '../support/users.js';

// Both servers of the last test must share the key, as a deploy's nodes do.
const KEY = { ENCRYPTION_KEY: 'ab'.repeat(32) };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(KEY);
});
afterAll(async () => {
  await server.stop();
});

const CIPHERTEXT = /^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/;

describe('child health notes', () => {
  it('are ciphertext in the database and plaintext to their owner only', async () => {
    const ann = await signUp(server.url);
    const note = 'Peanut allergy: EpiPen in the red bag';
    const res = await ann.agent
      .post('/api/contacts')
      .send({ firstName: 'Mia', relationship: 'child', childHealthNotes: note });
    expect(res.status).toBe(201);
    expect(res.body.contact.childHealthNotes).toBe(note);

    const [row] = await sql<{ child_health_notes: string | null; enc: string }>(
      server.database.url,
      'SELECT child_health_notes, child_health_notes_enc AS enc FROM contacts WHERE id = $1',
      [res.body.contact.id],
    );
    expect(row!.child_health_notes).toBeNull();
    expect(row!.enc).toMatch(CIPHERTEXT);
    expect(row!.enc).not.toContain('Peanut');

    const patched = await ann.agent
      .patch(`/api/contacts/${res.body.contact.id}`)
      .send({ childHealthNotes: 'No allergies after all' });
    expect(patched.body.contact.childHealthNotes).toBe('No allergies after all');
    const listed = await ann.agent.get('/api/contacts');
    expect(listed.body.contacts[0].childHealthNotes).toBe('No allergies after all');
  });

  it('copied into another user’s contact, no longer decrypt (bound to the owner)', async () => {
    const [ann, eve] = await Promise.all([signUp(server.url), signUp(server.url)]);
    const a = await ann.agent
      .post('/api/contacts')
      .send({ firstName: 'Mia', childHealthNotes: 'x' });
    const e = await eve.agent.post('/api/contacts').send({ firstName: 'Zed' });
    await sql(
      server.database.url,
      `UPDATE contacts SET child_health_notes_enc =
         (SELECT child_health_notes_enc FROM contacts WHERE id = $1) WHERE id = $2`,
      [a.body.contact.id, e.body.contact.id],
    );
    const res = await eve.agent.get(`/api/contacts/${e.body.contact.id}`);
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('"x"');
    await sql(server.database.url, 'DELETE FROM contacts WHERE id = $1', [e.body.contact.id]);
  });
});

describe('plaintext from before (sealed at start)', () => {
  it('moves legacy health notes and a legacy VAPID pair into ciphertext', async () => {
    const ann = await signUp(server.url);
    const [legacy] = await sql<{ id: number }>(
      server.database.url,
      `INSERT INTO contacts (user_id, first_name, child_health_notes)
       VALUES ($1, 'Leo', 'Asthma, inhaler at school') RETURNING id`,
      [ann.user.id],
    );
    const pair = webpush.generateVAPIDKeys();
    await sql(server.database.url, `UPDATE server_keys SET value = $1 WHERE name = 'vapid'`, [
      JSON.stringify(pair),
    ]);

    // A second start on the same database: what a deploy of this code does.
    const again = await startTestServer(KEY, { database: server.database });
    try {
      const [row] = await sql<{ child_health_notes: string | null; enc: string }>(
        server.database.url,
        'SELECT child_health_notes, child_health_notes_enc AS enc FROM contacts WHERE id = $1',
        [legacy!.id],
      );
      expect(row!.child_health_notes).toBeNull();
      expect(row!.enc).toMatch(CIPHERTEXT);
      const res = await ann.agent.get(`/api/contacts/${legacy!.id}`);
      expect(res.body.contact.childHealthNotes).toBe('Asthma, inhaler at school');

      const [key] = await sql<{ value: Record<string, string> }>(
        server.database.url,
        "SELECT value FROM server_keys WHERE name = 'vapid'",
      );
      expect(key!.value.privateKey).toBeUndefined();
      expect(key!.value.privateKeyEnc).toMatch(CIPHERTEXT);
      expect(JSON.stringify(key!.value)).not.toContain(pair.privateKey);
      expect(key!.value.publicKey).toBe(pair.publicKey);
      const served = await fetch(`${again.url}/api/push/vapid-public-key`);
      expect(await served.json()).toEqual({ publicKey: pair.publicKey });
    } finally {
      await again.stop({ keepDatabase: true });
    }
  });
});
