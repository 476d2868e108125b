/**
 * Proves the Google OAuth double works with a real passport-google-oauth20
 * Strategy in an express app: authorize → callback → token → userinfo.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, {
  type NextFunction,
  type Request as ExpressRequest,
  type Response as ExpressResponse,
} from 'express';
import passport from 'passport';
import { Strategy as GoogleStrategy, type Profile } from 'passport-google-oauth20';
import { startGoogleOAuth, type GoogleOAuthDouble } from '../../support/doubles/googleOAuth.js';

describe('google OAuth double', () => {
  let google: GoogleOAuthDouble;
  let app: Server;
  let appUrl: string;

  beforeAll(async () => {
    google = await startGoogleOAuth();
    const auth = new passport.Authenticator();
    const web = express();
    web.use(auth.initialize());
    web.get(
      '/auth/google',
      auth.authenticate('google', { session: false, scope: ['profile', 'email'], state: 'xyz' }),
    );
    web.get(
      '/auth/google/callback',
      auth.authenticate('google', { session: false }),
      (req: ExpressRequest, res: ExpressResponse) => {
        res.json(req.user);
      },
    );
    web.get('/auth/bad', auth.authenticate('google-bad', { session: false, scope: ['email'] }));
    web.get(
      '/auth/bad/callback',
      auth.authenticate('google-bad', { session: false }),
      (req: ExpressRequest, res: ExpressResponse) => {
        res.json(req.user);
      },
    );
    web.use((err: Error, _req: ExpressRequest, res: ExpressResponse, _next: NextFunction) => {
      res.status(500).json({ error: err.name, message: err.message });
    });
    app = web.listen(0, '127.0.0.1');
    await new Promise((resolve) => app.once('listening', resolve));
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    // Built after listen: the callback URL needs the app's port.
    const strategy = (clientSecret: string, callbackPath: string) =>
      new GoogleStrategy(
        {
          clientID: google.clientId,
          clientSecret,
          callbackURL: `${appUrl}${callbackPath}`,
          authorizationURL: google.authorizationURL,
          tokenURL: google.tokenURL,
          userProfileURL: google.userProfileURL,
        },
        (
          _accessToken: string,
          _refreshToken: string,
          profile: Profile,
          done: (e: null, u: Profile) => void,
        ) => done(null, profile),
      );
    auth.use('google', strategy(google.clientSecret, '/auth/google/callback'));
    auth.use('google-bad', strategy('not-the-secret', '/auth/bad/callback'));
  });
  afterAll(async () => {
    app.closeAllConnections();
    await new Promise((resolve) => app.close(resolve));
    await google.close();
  });

  /** Follows redirects by hand like a browser, returning every hop's response. */
  async function browse(start: string): Promise<Response[]> {
    const hops: Response[] = [];
    let next: string | null = start;
    while (next && hops.length < 5) {
      const res: Response = await fetch(next, { redirect: 'manual' });
      hops.push(res);
      next =
        res.status >= 300 && res.status < 400
          ? new URL(res.headers.get('location') ?? '', next).href
          : null;
    }
    return hops;
  }

  it('signs a user in through the full round trip', async () => {
    google.setNextUser({ sub: '1122334455', email: 'alex@example.com', name: 'Alex Rivera' });

    const hops = await browse(`${appUrl}/auth/google`);

    expect(hops.map((h) => h.status)).toEqual([302, 302, 200]);
    expect(hops[0]?.headers.get('location')).toMatch(google.authorizationURL);
    const callback = new URL(hops[1]?.headers.get('location') ?? '');
    expect(callback.pathname).toBe('/auth/google/callback');
    expect(callback.searchParams.get('state')).toBe('xyz');
    const profile = (await hops[2]?.json()) as Profile;
    expect(profile.id).toBe('1122334455');
    expect(profile.provider).toBe('google');
    expect(profile.displayName).toBe('Alex Rivera');
    expect(profile.name).toEqual({ givenName: 'Alex', familyName: 'Rivera' });
    expect(profile.emails).toEqual([{ value: 'alex@example.com', verified: true }]);
    expect(google.tokenRequests.at(-1)).toMatchObject({
      grant_type: 'authorization_code',
      client_secret: google.clientSecret,
    });
    expect(google.userinfoRequests.at(-1)).toEqual({ status: 200, tokenVia: 'query' });
  });

  it('redirects back with error=access_denied when the user declines', async () => {
    google.denyNext();
    const hops = await browse(`${appUrl}/auth/google`);
    const callback = new URL(hops[1]?.headers.get('location') ?? '');
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.has('code')).toBe(false);
  });

  it('fails the sign-in when the app presents a wrong client secret', async () => {
    const hops = await browse(`${appUrl}/auth/bad`);
    expect(hops.map((h) => h.status)).toEqual([302, 302, 500]);
    expect(await hops[2]?.json()).toMatchObject({ error: 'TokenError', message: 'Unauthorized' });
    expect(google.tokenRequests.at(-1)?.['client_secret']).toBe('not-the-secret');
  });

  it('refuses a replayed callback: codes are single-use', async () => {
    const hops = await browse(`${appUrl}/auth/google`);
    const replay = await fetch(hops[1]?.headers.get('location') ?? '', { redirect: 'manual' });
    expect(replay.status).toBe(500);
    expect(await replay.json()).toMatchObject({ error: 'TokenError', message: 'Bad Request' });
  });

  it('refuses an unknown client without redirecting', async () => {
    const res = await fetch(
      `${google.authorizationURL}?client_id=nope&redirect_uri=${encodeURIComponent(appUrl + '/cb')}&response_type=code&scope=email`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(401);
  });

  it('issues a single-use code and a verifiable id_token', async () => {
    const redirectUri = `${appUrl}/cb`;
    const authorize = await fetch(
      `${google.authorizationURL}?${new URLSearchParams({ client_id: google.clientId, redirect_uri: redirectUri, response_type: 'code', scope: 'openid email', nonce: 'n-1' }).toString()}`,
      { redirect: 'manual' },
    );
    const code = new URL(authorize.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const exchange = () =>
      fetch(google.tokenURL, {
        method: 'POST',
        body: new URLSearchParams({
          code,
          client_id: google.clientId,
          client_secret: google.clientSecret,
          redirect_uri: redirectUri,
          grant_type: 'authorization_code',
        }),
      });

    const first = await exchange();
    const tokens = (await first.json()) as {
      access_token: string;
      id_token: string;
      token_type: string;
    };
    expect(tokens.token_type).toBe('Bearer');
    const replay = await exchange();
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });

    const [header = '', payload = '', signature = ''] = tokens.id_token.split('.');
    const jwks = (await (await fetch(google.jwksURL)).json()) as { keys: JsonWebKey[] };
    const key = createPublicKey({ key: jwks.keys[0] ?? {}, format: 'jwk' });
    expect(
      verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        key,
        Buffer.from(signature, 'base64url'),
      ),
    ).toBe(true);
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({
      aud: google.clientId,
      nonce: 'n-1',
      iss: google.issuer,
    });
    // The replay revoked the access token.
    const me = await fetch(google.userProfileURL, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(me.status).toBe(401);
  });
});
