/**
 * Holes 1 and 2: account takeover through a pre-registered password account
 * (Google sign-in linked into the squatter's account, whose password kept
 * working), and an unverified Google email creating an account that squats
 * the address and can accept an email invitation bound to it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { freePort } from '../../server/db/embedded.js';
import { startGoogleOAuth, type GoogleOAuthDouble } from '../support/doubles/googleOAuth.js';
import { startSmtpDouble, type SmtpDouble } from '../support/doubles/smtp.js';
import { googleEnv, linkIn, signInWithGoogle } from '../support/oauthBrowser.js';
import { sql } from '../support/rooms.js';
import { connectSocket, until } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp } from '../support/users.js';

let google: GoogleOAuthDouble;
let smtp: SmtpDouble;
let server: TestServer;

beforeAll(async () => {
  google = await startGoogleOAuth();
  smtp = await startSmtpDouble();
  const port = await freePort();
  server = await startTestServer({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SMTP_URL: smtp.url,
    ...googleEnv(google),
  });
});
afterAll(async () => {
  await server.stop();
  await smtp.close();
  await google.close();
});

const googleSignIn = () => signInWithGoogle(server.url);

const usersWithEmail = (email: string) =>
  sql<{ id: number; google_id: string | null }>(
    server.database.url,
    'SELECT id, google_id FROM users WHERE email = $1',
    [email],
  );

describe('hole 1: a squatter’s password account', () => {
  it('is never linked to the real owner’s Google identity; the owner takes the address back by reset', async () => {
    const email = 'victim@example.com';
    const squatter = await signUp(server.url, { email, password: 'squatter password' });
    const squatterSocket = await connectSocket(server.url, squatter.cookie);
    let squatterGone = false;
    squatterSocket.on('disconnect', () => {
      squatterGone = true;
    });

    // The owner arrives with Google (which verified the address): no link.
    google.setNextUser({ sub: 'g-victim', email, name: 'Victim' });
    const first = await googleSignIn();
    expect(first.landing.status).toBe(409);
    expect(((await first.landing.json()) as { error: { details: unknown } }).error.details).toEqual(
      { reason: 'email_unverified' },
    );
    expect(first.me).toBeNull();
    expect(await usersWithEmail(email)).toEqual([{ id: squatter.user.id, google_id: null }]);

    // "Forgot password": the link reaches the owner's mailbox, not the squatter.
    expect(
      (await request(server.url).post('/api/auth/password-reset').send({ email })).status,
    ).toBe(202);
    const mail = await smtp.waitFor((m) => m.to.includes(email) && /reset/i.test(m.subject));
    const token = linkIn(mail.text, '/reset-password/');
    const reset = await request(server.url)
      .post('/api/auth/password-reset/confirm')
      .send({ token, password: 'the owner’s own password' });
    expect(reset.status).toBe(200);

    // The squatter is out: sessions, socket and password.
    await until(() => squatterGone, 5000, 'the squatter’s socket to drop');
    expect((await squatter.agent.get('/api/auth/me')).status).toBe(401);
    expect(
      (
        await request(server.url)
          .post('/api/auth/login')
          .send({ email, password: 'squatter password' })
      ).status,
    ).toBe(401);

    // Now the address is proven: Google links into the account.
    const second = await googleSignIn();
    expect(second.me).toMatchObject({ id: squatter.user.id, hasGoogle: true, emailVerified: true });
  });

  it('a verified password account is linked, and its password keeps working for its owner', async () => {
    const email = 'ada-verified@example.com';
    const owner = await signUp(server.url, { email, password: 'analytical engine' });
    const mail = await smtp.waitFor((m) => m.to.includes(email));
    const token = linkIn(mail.text, '/verify-email/');
    expect((await request(server.url).post('/api/auth/verify-email').send({ token })).status).toBe(
      200,
    );
    google.setNextUser({ sub: 'g-ada', email, name: 'Ada' });
    const { me } = await googleSignIn();
    expect(me).toMatchObject({ id: owner.user.id, hasGoogle: true });
  });
});

describe('hole 2: an unverified Google email', () => {
  it('never creates an account', async () => {
    google.setNextUser({
      sub: 'g-unverified',
      email: 'nobody-yet@example.com',
      emailVerified: false,
    });
    const { landing, me } = await googleSignIn();
    expect(landing.status).toBe(403);
    expect(me).toBeNull();
    expect(await usersWithEmail('nobody-yet@example.com')).toEqual([]);
  });

  it('never links into an existing account, verified or not', async () => {
    const email = 'linked-not@example.com';
    const owner = await signUp(server.url, { email });
    await sql(server.database.url, 'UPDATE users SET email_verified_at = now() WHERE id = $1', [
      owner.user.id,
    ]);
    google.setNextUser({ sub: 'g-unverified-2', email, emailVerified: false });
    const { landing } = await googleSignIn();
    expect(landing.status).toBe(403);
    expect(await usersWithEmail(email)).toEqual([{ id: owner.user.id, google_id: null }]);
  });

  it('an account that has not proven its address cannot accept an invitation bound to it', async () => {
    const inviter = await signUp(server.url);
    const email = 'invitee@example.com';
    const created = await inviter.agent.post('/api/pairings').send({ email });
    expect(created.status).toBe(201);
    const invitation = await smtp.waitFor(
      (m) => m.to.includes(email) && /invites you/.test(m.subject),
    );
    const inviteToken = linkIn(invitation.text, '/invite/');

    const squatter = await signUp(server.url, { email });
    const refused = await squatter.agent.post('/api/pairings/accept').send({ token: inviteToken });
    expect(refused.status).toBe(403);
    expect(refused.body.error.details).toEqual({ reason: 'email_unverified' });
    const byCode = await squatter.agent
      .post('/api/pairings/accept')
      .send({ code: created.body.pairing.code });
    expect(byCode.status).toBe(403);

    // Once the address is proven, the same account may accept.
    const verify = await smtp.waitFor((m) => m.to.includes(email) && /Confirm/.test(m.subject));
    const ok = await request(server.url)
      .post('/api/auth/verify-email')
      .send({ token: linkIn(verify.text, '/verify-email/') });
    expect(ok.status).toBe(200);
    const accepted = await squatter.agent.post('/api/pairings/accept').send({ token: inviteToken });
    expect(accepted.status).toBe(200);
  });
});
