/**
 * Mail that really goes out (nodemailer over SMTP_URL to a local SMTP
 * double), email verification, password reset, password change, email
 * invitations mailed — and hole 3's "no password change".
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { startSmtpDouble, type SmtpDouble } from '../support/doubles/smtp.js';
import { linkIn } from '../support/oauthBrowser.js';
import { sql } from '../support/rooms.js';
import { connectSocket, until } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

let smtp: SmtpDouble;
let server: TestServer;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  smtp = await startSmtpDouble();
  server = await startTestServer({ SMTP_URL: smtp.url, MAIL_FROM: 'Parley <mail@parley.test>' });
});
afterAll(async () => {
  await server.stop();
  await smtp.close();
});

const api = () => request(server.url);
const mailTo = (email: string, subject: RegExp) =>
  smtp.waitFor((m) => m.to.includes(email) && subject.test(m.subject));

async function loginAgain(u: SignedInUser, password = u.password) {
  const res = await api().post('/api/auth/login').send({ email: u.user.email, password });
  return {
    status: res.status,
    cookie: ((res.headers['set-cookie'] as unknown as string[]) ?? [])
      .map((c) => c.split(';')[0])
      .join('; '),
  };
}

describe('email verification', () => {
  it('signup mails a single-use link; following it proves the address', async () => {
    const u = await signUp(server.url);
    expect(u.user.emailVerified).toBe(false);
    const mail = await mailTo(u.user.email, /Confirm your email/);
    expect(mail.from).toBe('mail@parley.test');
    const token = linkIn(mail.text, `${server.ctx.publicUrl}/verify-email/`);
    const stored = await sql<{ token_hash: string }>(
      server.database.url,
      'SELECT token_hash FROM auth_tokens WHERE user_id = $1',
      [u.user.id],
    );
    // Only a keyed hash is stored, never the token.
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const ok = await api().post('/api/auth/verify-email').send({ token });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ id: u.user.id, emailVerified: true });
    expect((await u.agent.get('/api/auth/me')).body.user.emailVerified).toBe(true);
    const again = await api().post('/api/auth/verify-email').send({ token });
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({
      code: 'validation_failed',
      details: { reason: 'invalid_token' },
    });
  });

  it('an expired or made-up link proves nothing; a new one can be asked for', async () => {
    const u = await signUp(server.url);
    const first = linkIn((await mailTo(u.user.email, /Confirm/)).text, '/verify-email/');
    await sql(
      server.database.url,
      `UPDATE auth_tokens SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day' WHERE user_id = $1`,
      [u.user.id],
    );
    expect((await api().post('/api/auth/verify-email').send({ token: first })).status).toBe(400);
    expect(
      (
        await api()
          .post('/api/auth/verify-email')
          .send({ token: 'A'.repeat(43) })
      ).status,
    ).toBe(400);
    const resend = await u.agent.post('/api/auth/verify-email/resend').send({});
    expect(resend.status).toBe(202);
    const mails = () => smtp.mails.filter((m) => m.to.includes(u.user.email));
    await until(() => mails().length === 2, 10_000, 'the second verification mail');
    const second = linkIn(mails()[1]!.text, '/verify-email/');
    expect((await api().post('/api/auth/verify-email').send({ token: second })).status).toBe(200);
    expect((await u.agent.post('/api/auth/verify-email/resend').send({})).body).toEqual({
      ok: true,
      alreadyVerified: true,
    });
  });
});

describe('password reset', () => {
  it('answers 202 whether or not the account exists, and mails only real accounts', async () => {
    const u = await signUp(server.url);
    const unknown = await api()
      .post('/api/auth/password-reset')
      .send({ email: 'no-such-account@example.com' });
    const known = await api().post('/api/auth/password-reset').send({ email: u.user.email });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    await mailTo(u.user.email, /Reset/);
    // A marker mail sent after the unknown request arrives; nothing went to the unknown address.
    expect(smtp.mails.some((m) => m.to.includes('no-such-account@example.com'))).toBe(false);
  });

  it('sets the new password, ends every session and socket, and works once', async () => {
    const u = await signUp(server.url, { password: PASSWORD });
    const phone = await loginAgain(u);
    const socket = await connectSocket(server.url, phone.cookie);
    let gone = false;
    socket.on('disconnect', () => {
      gone = true;
    });
    await api().post('/api/auth/password-reset').send({ email: u.user.email });
    const token = linkIn((await mailTo(u.user.email, /Reset/)).text, '/reset-password/');
    const confirm = await api()
      .post('/api/auth/password-reset/confirm')
      .send({ token, password: 'a brand new password' });
    expect(confirm.status).toBe(200);
    await until(() => gone, 5000, 'the socket to drop');
    expect((await u.agent.get('/api/auth/me')).status).toBe(401);
    expect((await loginAgain(u)).status).toBe(401);
    expect((await loginAgain(u, 'a brand new password')).status).toBe(200);
    const twice = await api()
      .post('/api/auth/password-reset/confirm')
      .send({ token, password: 'yet another password' });
    expect(twice.status).toBe(400);
    // The reset link reached the address: it is proven now.
    const [row] = await sql<{ verified: boolean }>(
      server.database.url,
      'SELECT email_verified_at IS NOT NULL AS verified FROM users WHERE id = $1',
      [u.user.id],
    );
    expect(row!.verified).toBe(true);
  });
});

describe('password change', () => {
  it('needs the current password; ends the other sessions, keeps this one, mails a notice', async () => {
    const u = await signUp(server.url, { password: PASSWORD });
    const other = await loginAgain(u);
    const otherSocket = await connectSocket(server.url, other.cookie);
    const mySocket = await connectSocket(server.url, u.cookie);
    let otherGone = false;
    otherSocket.on('disconnect', () => {
      otherGone = true;
    });
    const wrong = await u.agent
      .post('/api/auth/password')
      .send({ currentPassword: 'not it at all', newPassword: 'a better password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.issues).toEqual([
      { field: 'currentPassword', message: 'is not correct' },
    ]);
    const ok = await u.agent
      .post('/api/auth/password')
      .send({ currentPassword: PASSWORD, newPassword: 'a better password' });
    expect(ok.status).toBe(200);
    await until(() => otherGone, 5000, 'the other session’s socket to drop');
    expect((await request(server.url).get('/api/auth/me').set('Cookie', other.cookie)).status).toBe(
      401,
    );
    expect((await u.agent.get('/api/auth/me')).status).toBe(200);
    expect(mySocket.connected).toBe(true);
    mySocket.close();
    expect((await loginAgain(u, 'a better password')).status).toBe(200);
    await mailTo(u.user.email, /password was changed/);
  });
});

describe('email invitations', () => {
  it('are mailed with the invite link and code', async () => {
    const a = await signUp(server.url, { displayName: 'Maya' });
    const email = `co-parent-${a.user.id}@example.com`;
    const created = await a.agent.post('/api/pairings').send({ email });
    expect(created.status).toBe(201);
    const mail = await mailTo(email, /Maya invites you to Parley/);
    expect(mail.text).toContain(created.body.pairing.inviteUrl);
    expect(mail.text).toContain(created.body.pairing.code);
  });
});

describe('without SMTP_URL', () => {
  it('development writes mails under DATA_DIR/mail; production refuses to start', async () => {
    const plain = await startTestServer();
    try {
      const u = await signUp(plain.url);
      const dir = path.join(plain.dataDir, 'mail');
      // The mail goes out in the background: poll for its file.
      let files: string[] = [];
      const deadline = Date.now() + 10_000;
      while (files.length === 0 && Date.now() < deadline) {
        files = await readdir(dir).catch(() => []);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(files).toHaveLength(1);
      expect(await readFile(path.join(dir, files[0]!), 'utf8')).toContain(`To: ${u.user.email}`);
    } finally {
      await plain.stop();
    }
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SMTP_URL/);
    expect(loadConfig({ NODE_ENV: 'production', SMTP_URL: smtp.url }).SMTP_URL).toBe(smtp.url);
  });
});
