import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import type { UserView } from '../../server/auth/presenter.js';
import { sql } from './rooms.js';

/** A signed-in user: a supertest agent carrying their cookie, and the cookie itself. */
export interface SignedInUser {
  user: UserView;
  agent: TestAgent;
  cookie: string;
  password: string;
}

/** Signs up a new user with a unique email over real HTTP. */
export async function signUp(
  baseUrl: string,
  overrides: { email?: string; displayName?: string; password?: string } = {},
): Promise<SignedInUser> {
  const agent = request.agent(baseUrl);
  const password = overrides.password ?? 'correct horse battery';
  const email = overrides.email ?? `user-${randomBytes(4).toString('hex')}@example.com`;
  const res = await agent
    .post('/api/auth/signup')
    .send({ email, password, displayName: overrides.displayName ?? email.split('@')[0] });
  if (res.status !== 201)
    throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  const setCookie = res.headers['set-cookie'] as unknown as string[] | undefined;
  const cookie = (setCookie ?? []).map((c) => c.split(';')[0]).join('; ');
  return { user: (res.body as { user: UserView }).user, agent, cookie, password };
}

/**
 * Marks the user's email as proven, as following the mailed link would (a
 * fixture for suites about something else; test/security covers the link).
 */
export async function markEmailVerified(databaseUrl: string, userId: number): Promise<void> {
  await sql(databaseUrl, 'UPDATE users SET email_verified_at = now() WHERE id = $1', [userId]);
}
