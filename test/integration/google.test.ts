/**
 * Google sign-in through the real passport-google-oauth20 strategy, driven
 * over real HTTP against the local OAuth double: authorize redirect →
 * callback with code and state → token exchange → userinfo → session.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { freePort } from '../../server/db/embedded.js';
import { startGoogleOAuth, type GoogleOAuthDouble } from '../support/doubles/googleOAuth.js';
import { sql } from '../support/rooms.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import {
  googleEnv,
  OAuthBrowser,
  signInWithGoogle as googleSignIn,
} from '../support/oauthBrowser.js';
import { markEmailVerified, signUp } from '../support/users.js';

let google: GoogleOAuthDouble;
let server: TestServer;

beforeAll(async () => {
  google = await startGoogleOAuth();
  // The callback URL is built from PUBLIC_URL; fix the port so both agree.
  const port = await freePort();
  server = await startTestServer({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...googleEnv(google),
  });
});
afterAll(async () => {
  await server.stop();
  await google.close();
});

const signInWithGoogle = () => googleSignIn(server.url);

async function usersWithEmail(email: string) {
  return sql<{ id: number; google_id: string | null }>(
    server.database.url,
    'SELECT id, google_id FROM users WHERE email = $1',
    [email],
  );
}

describe('Google sign-in round trip', () => {
  it('creates a new user and signs them in', async () => {
    google.setNextUser({ sub: 'g-1001', email: 'grace@example.com', name: 'Grace Hopper' });
    const { browser, landing, me } = await signInWithGoogle();

    const [toGoogle, toCallback, toHome] = browser.hops;
    expect(toGoogle!.status).toBe(302);
    expect(toGoogle!.location).toContain(google.authorizationURL);
    const authorize = new URL(toGoogle!.location!);
    expect(authorize.searchParams.get('client_id')).toBe(google.clientId);
    expect(authorize.searchParams.get('redirect_uri')).toBe(
      `${server.url}/api/auth/google/callback`,
    );
    const state = authorize.searchParams.get('state');
    expect(state).toBeTruthy();

    expect(toCallback!.status).toBe(302);
    const callback = new URL(toCallback!.location!);
    expect(callback.pathname).toBe('/api/auth/google/callback');
    expect(callback.searchParams.get('code')).toBeTruthy();
    expect(callback.searchParams.get('state')).toBe(state);

    expect(toHome!.status).toBe(302);
    expect(toHome!.location).toBe('/');
    expect(landing.status).toBe(200); // the client's page

    // The server exchanged the code (with its secret) and read userinfo.
    expect(google.tokenRequests.at(-1)).toMatchObject({
      grant_type: 'authorization_code',
      client_secret: google.clientSecret,
    });
    expect(google.userinfoRequests.at(-1)?.status).toBe(200);

    expect(me).toMatchObject({
      email: 'grace@example.com',
      displayName: 'Grace Hopper',
      hasGoogle: true,
      hasPassword: false,
    });
    expect(await usersWithEmail('grace@example.com')).toEqual([
      { id: me!.id, google_id: 'g-1001' },
    ]);
  });

  it('signs the same user in on a second round trip', async () => {
    google.setNextUser({ sub: 'g-2002', email: 'linus@example.com', name: 'Linus' });
    const first = await signInWithGoogle();
    const second = await signInWithGoogle();
    expect(first.me).not.toBeNull();
    expect(second.me?.id).toBe(first.me?.id);
    expect(await usersWithEmail('linus@example.com')).toHaveLength(1);
  });

  it('links a verified password account with the same verified email instead of duplicating it', async () => {
    const owner = await signUp(server.url, {
      email: 'ada@example.com',
      password: 'analytical engine',
    });
    await markEmailVerified(server.database.url, owner.user.id);
    google.setNextUser({ sub: 'g-3003', email: 'Ada@Example.com', name: 'Ada L' });
    const { me } = await signInWithGoogle();
    expect(me).toMatchObject({ id: owner.user.id, hasGoogle: true, hasPassword: true });
    expect(await usersWithEmail('ada@example.com')).toEqual([
      { id: owner.user.id, google_id: 'g-3003' },
    ]);
    // The password still works.
    const login = await request(server.url)
      .post('/api/auth/login')
      .send({ email: 'ada@example.com', password: 'analytical engine' });
    expect(login.status).toBe(200);
    expect(login.body.user.id).toBe(owner.user.id);
  });

  it('does not link an existing account to an unverified Google email', async () => {
    const owner = await signUp(server.url, { email: 'eve-target@example.com' });
    google.setNextUser({
      sub: 'g-4004',
      email: 'eve-target@example.com',
      emailVerified: false,
      name: 'Eve',
    });
    const { landing, me } = await signInWithGoogle();
    expect(landing.status).toBe(403);
    expect(((await landing.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect(me).toBeNull();
    expect(await usersWithEmail('eve-target@example.com')).toEqual([
      { id: owner.user.id, google_id: null },
    ]);
  });

  it('lands on ?next= afterwards, as signed in again just now (the account-deletion step)', async () => {
    google.setNextUser({ sub: 'g-7007', email: 'marie@example.com', name: 'Marie' });
    const browser = new OAuthBrowser();
    await browser.visit(
      `${server.url}/api/auth/google?next=${encodeURIComponent('/profile?delete=1')}`,
    );
    expect(browser.hops.at(-2)).toMatchObject({ status: 302, location: '/profile?delete=1' });
    // Signed in this minute: a Google-only account may now delete itself without a password.
    const me = await fetch(`${server.url}/api/auth/me`, {
      headers: { cookie: browser.cookieHeader(server.url) },
    });
    expect(((await me.json()) as { user: { hasPassword: boolean } }).user.hasPassword).toBe(false);
    const deleted = await fetch(`${server.url}/api/account`, {
      method: 'DELETE',
      headers: {
        cookie: browser.cookieHeader(server.url),
        'content-type': 'application/json',
        origin: server.url,
      },
      body: '{}',
    });
    expect(deleted.status).toBe(200);
  });

  it.each([
    '//evil.example/x',
    '/\\evil.example',
    'https://evil.example/',
    '/api/account',
    'profile',
  ])(
    'refuses ?next=%s (no open redirect): 400 validation_failed, no trip to Google',
    async (next) => {
      const before = google.authorizations.length;
      const res = await request(server.url).get('/api/auth/google').query({ next });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(google.authorizations.length).toBe(before);
    },
  );

  it('sends the user back to the client when they decline at Google', async () => {
    google.denyNext('access_denied');
    const { browser, me } = await signInWithGoogle();
    expect(browser.hops.at(-2)?.location).toBe('/?login=failed');
    expect(me).toBeNull();
  });

  it('refuses a callback whose state was not issued to this browser', async () => {
    google.setNextUser({ sub: 'g-5005', email: 'mallory@example.com', name: 'Mallory' });
    // Mallory starts a sign-in, then hands her callback link to another browser.
    const attacker = new OAuthBrowser();
    const toGoogle = await fetch(`${server.url}/api/auth/google`, { redirect: 'manual' });
    const toCallback = await fetch(toGoogle.headers.get('location')!, { redirect: 'manual' });
    const victim = await attacker.visit(toCallback.headers.get('location')!);
    expect(attacker.hops[0]?.location).toBe('/?login=failed');
    expect(victim.status).toBe(200);
    expect(await usersWithEmail('mallory@example.com')).toHaveLength(0);
  });
});

describe('without a Google client id', () => {
  it('answers /api/auth/google with 404 and a clear error', async () => {
    const plain = await startTestServer();
    try {
      for (const path of ['/api/auth/google', '/api/auth/google/callback?code=x&state=y']) {
        const res = await request(plain.url).get(path);
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('not_found');
        expect(res.body.error.message).toMatch(/Google sign-in is not configured/);
      }
      // Password accounts still work.
      await signUp(plain.url);
    } finally {
      await plain.stop();
    }
  });
});
