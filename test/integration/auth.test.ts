/**
 * Password accounts over real HTTP: signup / me / logout / login, email
 * normalisation, duplicate and wrong-credential answers, the login rate limit,
 * the session cookie, and bcrypt's cost.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { FREE_FAILURES } from '../../server/auth/loginLimits.js';
import { SESSION_REFRESH_AFTER_MS } from '../../server/auth/session.js';
import { createBcryptHasher } from '../../server/auth/passwords.js';
import { ConfigError, loadConfig } from '../../server/config.js';
import { sql } from '../support/rooms.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp } from '../support/users.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const PASSWORD = 'correct horse battery';

function setCookies(res: request.Response): string[] {
  return (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
}

describe('signup → me → logout → me → login', () => {
  it('walks the whole account life cycle on one cookie jar', async () => {
    const agent = request.agent(server.url);
    const signup = await agent
      .post('/api/auth/signup')
      .send({ email: 'cycle@example.com', password: PASSWORD, displayName: 'Cycle' });
    expect(signup.status).toBe(201);
    expect(signup.body.user).toMatchObject({
      email: 'cycle@example.com',
      displayName: 'Cycle',
      hasPassword: true,
      hasGoogle: false,
    });
    expect(signup.body.user).not.toHaveProperty('passwordHash');
    expect(JSON.stringify(signup.body)).not.toContain('$2b$');
    const id = signup.body.user.id as number;

    const me = await agent.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(id);

    const logout = await agent.post('/api/auth/logout');
    expect(logout.status).toBe(200);
    const meAfter = await agent.get('/api/auth/me');
    expect(meAfter.status).toBe(401);
    expect(meAfter.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });

    const login = await agent
      .post('/api/auth/login')
      .send({ email: 'cycle@example.com', password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.user.id).toBe(id);
    expect((await agent.get('/api/auth/me')).body.user.id).toBe(id);
  });

  it('answers /me with 401 without a cookie', async () => {
    const res = await request(server.url).get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });

  it('keeps sessions in Postgres with an httpOnly SameSite=Lax cookie, gone on logout', async () => {
    const agent = request.agent(server.url);
    const res = await agent
      .post('/api/auth/signup')
      .send({ email: 'cookie@example.com', password: PASSWORD, displayName: 'Cookie' });
    const cookie = setCookies(res).find((c) => c.startsWith('parley.sid='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).not.toMatch(/;\s*Secure/i); // plain http here
    const userId = res.body.user.id as number;
    const sessions = () =>
      sql<{ n: number }>(
        server.database.url,
        `SELECT count(*)::int AS n FROM session WHERE (sess->>'userId')::int = $1`,
        [userId],
      );
    expect((await sessions())[0]!.n).toBe(1);
    await agent.post('/api/auth/logout');
    expect((await sessions())[0]!.n).toBe(0);
  });

  it('gives a new session id at login (a planted session id is useless)', async () => {
    const { agent, cookie } = await signUp(server.url, { password: PASSWORD });
    const before = cookie.match(/parley\.sid=([^;]+)/)?.[1];
    const me = (await agent.get('/api/auth/me')).body.user;
    const res = await request(server.url)
      .post('/api/auth/login')
      .set('cookie', cookie)
      .send({ email: me.email, password: PASSWORD });
    expect(res.status).toBe(200);
    const after = setCookies(res)
      .find((c) => c.startsWith('parley.sid='))
      ?.match(/parley\.sid=([^;]+)/)?.[1];
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
  });
});

describe('email is the identity', () => {
  it('treats "Ann@X.com " and "ann@x.com" as one account', async () => {
    const signup = await request(server.url)
      .post('/api/auth/signup')
      .send({ email: '  Ann@X.com ', password: PASSWORD, displayName: 'Ann' });
    expect(signup.status).toBe(201);
    expect(signup.body.user.email).toBe('ann@x.com');

    const login = await request(server.url)
      .post('/api/auth/login')
      .send({ email: 'ann@x.com', password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.user.id).toBe(signup.body.user.id);

    const rows = await sql<{ email: string }>(
      server.database.url,
      `SELECT email FROM users WHERE lower(email) = 'ann@x.com'`,
    );
    expect(rows).toEqual([{ email: 'ann@x.com' }]);
  });

  it('refuses a duplicate email in another case with 409 conflict', async () => {
    await signUp(server.url, { email: 'dup@example.com' });
    const res = await request(server.url)
      .post('/api/auth/signup')
      .send({ email: 'DUP@Example.COM', password: PASSWORD, displayName: 'Dup' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
  });

  it('lets exactly one of two simultaneous signups with one email through', async () => {
    const attempt = (email: string) =>
      request(server.url)
        .post('/api/auth/signup')
        .send({ email, password: PASSWORD, displayName: 'Race' });
    const results = await Promise.all([attempt('race@example.com'), attempt('RACE@example.com')]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)?.body.error.code).toBe('conflict');
  });
});

describe('bad credentials', () => {
  it('answers a wrong password and an unknown email alike: 401, same message', async () => {
    await signUp(server.url, { email: 'known@example.com', password: PASSWORD });
    const wrong = await request(server.url)
      .post('/api/auth/login')
      .send({ email: 'known@example.com', password: 'not the password' });
    const unknown = await request(server.url)
      .post('/api/auth/login')
      .send({ email: 'nobody@example.com', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('unauthorized');
  });

  it('refuses the 6th rapid failed login for one email from one address with 429, even with the right password', async () => {
    const email = 'target@example.com';
    await signUp(server.url, { email, password: PASSWORD });
    for (let i = 0; i < FREE_FAILURES; i += 1) {
      const res = await request(server.url)
        .post('/api/auth/login')
        .send({ email, password: `wrong-${i}` });
      expect(res.status).toBe(401);
    }
    const next = await request(server.url)
      .post('/api/auth/login')
      .send({ email: 'Target@Example.com', password: 'wrong-again' });
    expect(next.status).toBe(429);
    expect(next.body.error.code).toBe('rate_limited');
    expect(Number(next.headers['retry-after'])).toBeGreaterThan(0);

    const right = await request(server.url)
      .post('/api/auth/login')
      .send({ email, password: PASSWORD });
    expect(right.status).toBe(429);
    // Other accounts are untouched by this one's lockout.
    const other = await signUp(server.url, { password: PASSWORD });
    const otherLogin = await request(server.url)
      .post('/api/auth/login')
      .send({ email: other.user.email, password: PASSWORD });
    expect(otherLogin.status).toBe(200);
  });
});

describe('password hashing', () => {
  it('stores bcrypt hashes at the configured cost, never the password', async () => {
    const { user } = await signUp(server.url, { password: PASSWORD });
    const [row] = await sql<{ password_hash: string }>(
      server.database.url,
      'SELECT password_hash FROM users WHERE id = $1',
      [user.id],
    );
    // startTestServer runs at cost 4 to keep suites fast.
    expect(row!.password_hash).toMatch(/^\$2b\$04\$/);
    expect(row!.password_hash).not.toContain(PASSWORD);
  });

  it('defaults to cost 12, and a cost-12 hash says so', async () => {
    expect(loadConfig({}).BCRYPT_ROUNDS).toBe(12);
    const hasher = createBcryptHasher(12);
    const hash = await hasher.hash(PASSWORD);
    expect(hash).toMatch(/^\$2b\$12\$/);
    expect(await hasher.verify(PASSWORD, hash)).toBe(true);
    expect(await hasher.verify('something else', hash)).toBe(false);
  });

  it('refuses a cost below 12 in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', BCRYPT_ROUNDS: '11' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', BCRYPT_ROUNDS: '11' })).toThrow(
      /BCRYPT_ROUNDS/,
    );
    expect(
      loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:2525' }).BCRYPT_ROUNDS,
    ).toBe(12);
  });
});

describe('behind https', () => {
  it('marks the session cookie Secure when PUBLIC_URL is https', async () => {
    const secure = await startTestServer({ PUBLIC_URL: 'https://parley.example.com' });
    try {
      const res = await request(secure.url)
        .post('/api/auth/signup')
        .set('x-forwarded-proto', 'https')
        .send({ email: 'secure@example.com', password: PASSWORD, displayName: 'Secure' });
      expect(res.status).toBe(201);
      const cookie = setCookies(res).find((c) => c.startsWith('parley.sid='));
      expect(cookie).toMatch(/;\s*Secure/i);
      expect(cookie).toMatch(/;\s*HttpOnly/i);
    } finally {
      await secure.stop();
    }
  });
});

describe('a session slides without a write per request', () => {
  const stored = (sid: string) =>
    sql<{ expire: Date; expires: string; refreshed: string | null }>(
      server.database.url,
      `SELECT expire, sess->'cookie'->>'expires' AS expires, sess->>'refreshedAt' AS refreshed
         FROM session WHERE sid = $1`,
      [sid],
    );
  const sidOf = (cookie: string) =>
    decodeURIComponent(cookie.match(/parley\.sid=([^;]+)/)![1]!)
      .slice(2)
      .split('.')[0]!;

  it('leaves a fresh session alone, and writes one past a tenth of its life again (row and cookie)', async () => {
    const { agent, cookie } = await signUp(server.url, { password: PASSWORD });
    const sid = sidOf(cookie);
    const [first] = await stored(sid);
    for (let i = 0; i < 3; i++) {
      const me = await agent.get('/api/auth/me');
      expect(me.status).toBe(200);
      expect(setCookies(me).some((c) => c.startsWith('parley.sid='))).toBe(false);
    }
    expect(await stored(sid)).toEqual([first]);

    // Last written SESSION_REFRESH_AFTER_MS + 1 minute ago.
    const writtenAt = Date.now() - SESSION_REFRESH_AFTER_MS - 60_000;
    const expires = new Date(writtenAt + 30 * 24 * 60 * 60 * 1000);
    await sql(
      server.database.url,
      `UPDATE session SET expire = $2,
              sess = jsonb_set(sess::jsonb, '{cookie,expires}', to_jsonb($3::text))::json
        WHERE sid = $1`,
      [sid, expires, expires.toISOString()],
    );
    const me = await agent.get('/api/auth/me');
    expect(me.status).toBe(200);
    const renewed = setCookies(me).find((c) => c.startsWith('parley.sid='));
    expect(renewed).toMatch(/Expires=/);
    const [after] = await stored(sid);
    expect(after!.expire.getTime()).toBeGreaterThan(
      expires.getTime() + SESSION_REFRESH_AFTER_MS / 2,
    );
    expect(after!.refreshed).not.toBeNull();
    // Still the same signed-in session, and logout still ends it.
    expect((await agent.get('/api/auth/me')).body.user).toBeDefined();
    await agent.post('/api/auth/logout');
    expect(await stored(sid)).toEqual([]);
    expect((await agent.get('/api/auth/me')).status).toBe(401);
  });
});
