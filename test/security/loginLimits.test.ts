/**
 * Hole 4 (and the signup part of 10): the per-IP login budget never
 * triggered, and 10 wrong passwords from anywhere locked the real owner out
 * for 15 minutes, forever repeatable. Signup had no limit at all.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { FREE_FAILURES, IP_FAILURES } from '../../server/auth/loginLimits.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

let server: TestServer;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  server = await startTestServer({ TRUST_PROXY: 'true', SIGNUPS_PER_IP_PER_HOUR: '3' });
});
afterAll(async () => {
  await server.stop();
});

const login = (ip: string, email: string, password: string) =>
  request(server.url).post('/api/auth/login').set('X-Forwarded-For', ip).send({ email, password });

const signupFrom = (ip: string, n: number) =>
  request(server.url)
    .post('/api/auth/signup')
    .set('X-Forwarded-For', ip)
    .send({ email: `signup-${ip}-${n}@example.com`, password: PASSWORD, displayName: 'S' });

let ownerIp = 0;
/** A fresh account, signed up from an address of its own (the signup limit here is 3). */
async function newAccount(): Promise<{ user: { email: string } }> {
  const res = await signupFrom(`192.0.2.${200 + ownerIp++}`, 0);
  expect(res.status).toBe(201);
  return res.body as { user: { email: string } };
}

describe('login limits', () => {
  it('one IP trying one password against many emails is stopped by the IP budget', async () => {
    const ip = '203.0.113.7';
    for (let i = 0; i < IP_FAILURES; i++) {
      const res = await login(ip, `victim-${i}@example.com`, 'Summer2026!');
      expect({ i, status: res.status }).toEqual({ i, status: 401 });
    }
    const next = await login(ip, 'victim-next@example.com', 'Summer2026!');
    expect(next.status).toBe(429);
    expect(next.body.error.code).toBe('rate_limited');
    expect(Number(next.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('an attacker’s wrong passwords from another IP never lock the owner out', async () => {
    const owner = await newAccount();
    const attacker = '198.51.100.66';
    for (let i = 0; i < FREE_FAILURES; i++) {
      expect((await login(attacker, owner.user.email, `guess-${i}`)).status).toBe(401);
    }
    expect((await login(attacker, owner.user.email, 'guess-more')).status).toBe(429);
    // The right password from the attacker's address waits too: the lock is before bcrypt.
    expect((await login(attacker, owner.user.email, PASSWORD)).status).toBe(429);
    // The owner, at home, signs in at once.
    expect((await login('192.0.2.10', owner.user.email, PASSWORD)).status).toBe(200);
  });

  it('locks back off: each lock of the same (email, IP) within a day lasts longer', async () => {
    const owner = await newAccount();
    const ip = '198.51.100.99';
    const lockFor = async () => {
      for (let i = 0; i < FREE_FAILURES; i++) await login(ip, owner.user.email, `guess-${i}`);
      const res = await login(ip, owner.user.email, 'guess');
      expect(res.status).toBe(429);
      return Number(res.headers['retry-after']);
    };
    const first = await lockFor();
    // Lift the first lock as its expiry would (the counter row is the store's).
    await server.ctx.db.query(`DELETE FROM rate_limits WHERE key = $1`, [
      `login_pair:${owner.user.email}|${ip}`,
    ]);
    const second = await lockFor();
    expect(first).toBeLessThanOrEqual(60);
    expect(second).toBeGreaterThan(first);
  });

  it('a success clears the pair’s failures', async () => {
    const owner = await newAccount();
    const ip = '192.0.2.44';
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < FREE_FAILURES - 1; i++) {
        expect((await login(ip, owner.user.email, `typo-${i}`)).status).toBe(401);
      }
      expect((await login(ip, owner.user.email, PASSWORD)).status).toBe(200);
    }
  });
});

describe('signup limit', () => {
  it('refuses the 4th signup from one IP within the hour; another IP still signs up', async () => {
    const ip = '203.0.113.90';
    for (let n = 0; n < 3; n++) expect((await signupFrom(ip, n)).status).toBe(201);
    const fourth = await signupFrom(ip, 3);
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.code).toBe('rate_limited');
    expect((await signupFrom('203.0.113.91', 0)).status).toBe(201);
  });
});
