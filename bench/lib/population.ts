/**
 * Bench users and rooms on a running Parley: users signed up over real HTTP
 * (the server runs with BCRYPT_ROUNDS=4, a bench-only setting), rooms of two
 * created in bulk by SQL the way pairing leaves them.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A signed-up user and the session cookie the socket handshake will carry. */
export interface BenchUser {
  id: number;
  cookie: string;
}

/** Two users sharing a room. */
export interface BenchPair {
  roomId: string;
  a: BenchUser;
  b: BenchUser;
}

/** Signs up `count` users, `concurrency` at a time. */
export async function signUpUsers(
  baseUrl: string,
  count: number,
  concurrency = 16,
): Promise<BenchUser[]> {
  const tag = randomBytes(3).toString('hex');
  const users = new Array<BenchUser>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const email = `bench-${tag}-${i}@example.com`;
      const res = await fetch(`${baseUrl}/api/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'bench password 1', displayName: `Bench ${i}` }),
        signal: AbortSignal.timeout(30_000),
      });
      if (res.status !== 201) throw new Error(`signup ${i}: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { user: { id: number } };
      const cookie = res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      users[i] = { id: body.user.id, cookie };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return users;
}

/** Puts users 2i and 2i+1 in a private room each, in two statements. */
export async function createPairs(databaseUrl: string, users: BenchUser[]): Promise<BenchPair[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const owners: number[] = [];
    for (let i = 0; i + 1 < users.length; i += 2) owners.push(users[i]!.id);
    const { rows } = await client.query<{ id: string; created_by: number }>(
      `INSERT INTO rooms (name, created_by)
       SELECT 'Bench room', owner FROM unnest($1::int[]) AS owner
       RETURNING id, created_by`,
      [owners],
    );
    const roomOf = new Map(rows.map((r) => [r.created_by, r.id]));
    const pairs: BenchPair[] = [];
    const roomIds: string[] = [];
    const userIds: number[] = [];
    const roles: string[] = [];
    for (let i = 0; i + 1 < users.length; i += 2) {
      const a = users[i]!;
      const b = users[i + 1]!;
      const roomId = roomOf.get(a.id)!;
      pairs.push({ roomId, a, b });
      roomIds.push(roomId, roomId);
      userIds.push(a.id, b.id);
      roles.push('owner', 'member');
    }
    await client.query(
      `INSERT INTO room_members (room_id, user_id, role)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[])`,
      [roomIds, userIds, roles],
    );
    return pairs;
  } finally {
    await client.end();
  }
}

/** Bare-relay pairs: no users, just a room name each. */
export function barePairs(count: number): BenchPair[] {
  return Array.from({ length: count }, (_, i) => ({
    roomId: `bare-${i}`,
    a: { id: 2 * i, cookie: '' },
    b: { id: 2 * i + 1, cookie: '' },
  }));
}

/**
 * Neutral co-parenting messages: what most traffic looks like, and what the
 * mediator should let through (a held message is counted apart, never as lost).
 */
export const NEUTRAL_TEXTS = [
  'Pickup is at 5pm on Friday at the school gate.',
  'Emma has a dentist appointment on Tuesday at 3:30.',
  'Can you bring the soccer cleats when you drop Noah off?',
  'The school trip form is due Monday, I signed my part.',
  'Thanks for switching weekends, that really helped.',
  'Parent-teacher meeting is on the 14th at 6pm.',
  'I paid the swim lessons, $120, receipt is in the shared folder.',
  'Noah finished his science project, he is proud of it.',
  'Flight lands at 7:45pm Sunday, I will text when we land.',
  'Could we move Wednesday dinner to Thursday this week?',
];
