import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { createFieldCipher } from '../../server/shared/crypto.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

let server: TestServer;
let db: pg.Client;
let ann: SignedInUser;
let bob: SignedInUser;

const HEALTH = {
  physicalConditions: 'asthma-plaintext-7f3a',
  mentalHealth: 'anxiety-plaintext-9c1e',
  treatment: 'therapy weekly-plaintext',
  substanceRecovery: 'sober since 2019-plaintext',
  notes: 'health notes-plaintext',
};
const FINANCIALS = {
  incomeRange: 'income 40to60k-plaintext',
  housing: 'renting-plaintext',
  debt: 'student loan-plaintext',
  childSupport: 'pays 500/month-plaintext',
  notes: 'finance notes-plaintext',
};
const CIPHERTEXT = /^v1:[A-Za-z0-9+/]+=*:[A-Za-z0-9+/]+=*:[A-Za-z0-9+/]+=*$/;

beforeAll(async () => {
  server = await startTestServer();
  db = new pg.Client({ connectionString: server.database.url });
  await db.connect();
  ann = await signUp(server.url, { displayName: 'Ann' });
  bob = await signUp(server.url, { displayName: 'Bob' });
});
afterAll(async () => {
  await db.end();
  await server.stop();
});

describe('profile sections', () => {
  it('an unsaved section reads empty', async () => {
    const res = await ann.agent.get('/api/profile/employment');
    expect(res.status).toBe(200);
    expect(res.body.profile).toEqual({
      section: 'employment',
      fields: {
        employmentStatus: null,
        occupation: null,
        workSchedule: null,
        scheduleFlexibility: null,
        commuteMinutes: null,
      },
      updatedAt: null,
    });
  });

  it('demographics, employment and background round-trip in plain columns', async () => {
    const demographics = {
      preferredName: 'Annie',
      pronouns: 'she/her',
      birthdate: '1988-02-29',
      city: 'Leeds',
      region: 'Yorkshire',
      country: 'UK',
      timezone: 'Europe/London',
      languages: ['en', 'fr'],
    };
    const put = await ann.agent.put('/api/profile/demographics').send(demographics);
    expect(put.status).toBe(200);
    expect(put.body.profile.fields).toEqual(demographics);
    expect((await ann.agent.get('/api/profile/demographics')).body.profile.fields).toEqual(
      demographics,
    );

    const employment = {
      employmentStatus: 'employed',
      commuteMinutes: 35,
      scheduleFlexibility: 'low',
    };
    const e = await ann.agent.put('/api/profile/employment').send(employment);
    expect(e.body.profile.fields).toMatchObject(employment);
    const b = await ann.agent
      .put('/api/profile/background')
      .send({ educationLevel: 'master', hobbies: 'climbing' });
    expect(b.body.profile.fields).toMatchObject({
      educationLevel: 'master',
      hobbies: 'climbing',
      religion: null,
    });
  });

  it.each([
    ['health', 'user_health_context', HEALTH],
    ['financials', 'user_financials', FINANCIALS],
  ] as const)(
    '%s fields are encrypted at rest: the raw row holds no plaintext',
    async (section, table, values) => {
      const put = await ann.agent.put(`/api/profile/${section}`).send(values);
      expect(put.status).toBe(200);
      expect(put.body.profile.fields).toEqual(values);
      expect((await ann.agent.get(`/api/profile/${section}`)).body.profile.fields).toEqual(values);

      const { rows } = await db.query(`SELECT * FROM ${table} WHERE user_id = $1`, [ann.user.id]);
      const raw = rows[0];
      const encColumns = Object.keys(raw).filter((c) => c.endsWith('_enc'));
      expect(encColumns).toHaveLength(5);
      for (const column of encColumns) expect(raw[column]).toMatch(CIPHERTEXT);
      const dump = JSON.stringify(raw);
      for (const plaintext of Object.values(values)) {
        expect(dump).not.toContain(plaintext);
        expect(dump).not.toContain(plaintext.split('-')[0]);
      }
      // It is AES-256-GCM under the server's key, bound to its table, column and owner.
      const cipher = createFieldCipher(server.ctx.encryptionKey);
      const column = encColumns[0]!;
      expect(cipher.decrypt(raw[column], `${table}.${column}:${ann.user.id}`)).toEqual(
        Object.values(values)[0],
      );
    },
  );

  it('the same plaintext twice gives different ciphertexts (fresh IV)', async () => {
    await bob.agent.put('/api/profile/health').send({ notes: 'same' });
    const first = (
      await db.query('SELECT notes_enc FROM user_health_context WHERE user_id = $1', [bob.user.id])
    ).rows[0].notes_enc;
    await bob.agent.put('/api/profile/health').send({ notes: 'same' });
    const second = (
      await db.query('SELECT notes_enc FROM user_health_context WHERE user_id = $1', [bob.user.id])
    ).rows[0].notes_enc;
    expect(first).not.toBe(second);
  });

  it("a ciphertext copied into another user's row does not decrypt there", async () => {
    const mallory = await signUp(server.url, { displayName: 'Mallory' });
    await mallory.agent.put('/api/profile/health').send({ notes: 'mine' });
    await db.query(
      `UPDATE user_health_context SET mental_health_enc = (SELECT mental_health_enc FROM user_health_context WHERE user_id = $1) WHERE user_id = $2`,
      [ann.user.id, mallory.user.id],
    );
    const res = await mallory.agent.get('/api/profile/health');
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain(HEALTH.mentalHealth);
  });

  it('PUT replaces the section: fields left out are cleared', async () => {
    await bob.agent.put('/api/profile/financials').send({ housing: 'owns', debt: 'none' });
    const res = await bob.agent.put('/api/profile/financials').send({ notes: 'only notes' });
    expect(res.body.profile.fields).toEqual({
      incomeRange: null,
      housing: null,
      debt: null,
      childSupport: null,
      notes: 'only notes',
    });
    const raw = await db.query('SELECT housing_enc FROM user_financials WHERE user_id = $1', [
      bob.user.id,
    ]);
    expect(raw.rows[0].housing_enc).toBeNull();
  });

  it('unknown section: 404; bad fields: 400; no way to name another user', async () => {
    for (const res of [
      await ann.agent.get('/api/profile/secrets'),
      await ann.agent.put('/api/profile/secrets').send({}),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    for (const [section, body] of [
      ['employment', { commuteMinutes: 5000 }],
      ['employment', { employmentStatus: 'astronaut' }],
      ['demographics', { timezone: 'Mars/Olympus' }],
      ['demographics', { birthdate: '2999-01-01' }],
      ['health', { mentalHealth: 42 }],
      ['health', { userId: bob.user.id }],
    ] as const) {
      const res = await ann.agent.put(`/api/profile/${section}`).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await ann.agent.get(`/api/profile/health?userId=${bob.user.id}`)).status).toBe(400);
    expect((await ann.agent.get(`/api/profile/health/${bob.user.id}`)).status).toBe(404);
    expect((await request(server.url).get('/api/profile/health')).status).toBe(401);
  });
});

describe('encryption key handling', () => {
  it('with no ENCRYPTION_KEY, the key is generated once under DATA_DIR (0600) and survives a restart', async () => {
    const keyFile = path.join(server.dataDir, 'encryption-key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect((await readFile(keyFile, 'utf8')).trim()).toBe(server.ctx.encryptionKey.toString('hex'));

    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-key-'));
    try {
      const first = await startTestServer({ DATA_DIR: dataDir });
      const user = await signUp(first.url);
      await user.agent.put('/api/profile/health').send({ notes: 'kept across restarts' });
      await first.stop({ keepDatabase: true });
      const second = await startTestServer({ DATA_DIR: dataDir }, { database: first.database });
      try {
        const agent = request.agent(second.url);
        await agent
          .post('/api/auth/login')
          .send({ email: user.user.email, password: user.password });
        const res = await agent.get('/api/profile/health');
        expect(res.body.profile.fields.notes).toBe('kept across restarts');
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('ENCRYPTION_KEY, when set, is the key and nothing is written under DATA_DIR', async () => {
    const key = randomBytes(32).toString('hex');
    const other = await startTestServer({ ENCRYPTION_KEY: key });
    const client = new pg.Client({ connectionString: other.database.url });
    try {
      expect(other.ctx.encryptionKey.toString('hex')).toBe(key);
      expect(existsSync(path.join(other.dataDir, 'encryption-key'))).toBe(false);
      // What it writes decrypts under that key, and only that key.
      const user = await signUp(other.url);
      await user.agent.put('/api/profile/financials').send({ debt: 'under env key' });
      await client.connect();
      const { rows } = await client.query(
        'SELECT debt_enc FROM user_financials WHERE user_id = $1',
        [user.user.id],
      );
      const context = `user_financials.debt_enc:${user.user.id}`;
      expect(createFieldCipher(Buffer.from(key, 'hex')).decrypt(rows[0].debt_enc, context)).toBe(
        'under env key',
      );
      expect(() =>
        createFieldCipher(server.ctx.encryptionKey).decrypt(rows[0].debt_enc, context),
      ).toThrow();
    } finally {
      await client.end();
      await other.stop();
    }
  });
});
