import pg from 'pg';

/**
 * Puts two users in a private room directly in the database: a fixture for
 * tests about what happens inside a room, not about how pairing builds one.
 */
export async function createRoom(databaseUrl: string, memberIds: number[]): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO rooms (name, created_by) VALUES ('Test room', $1) RETURNING id`,
      [memberIds[0]],
    );
    const roomId = rows[0]!.id;
    for (const [i, userId] of memberIds.entries()) {
      await client.query('INSERT INTO room_members (room_id, user_id, role) VALUES ($1, $2, $3)', [
        roomId,
        userId,
        i === 0 ? 'owner' : 'member',
      ]);
    }
    return roomId;
  } finally {
    await client.end();
  }
}

/** Runs SQL on a test database with a throwaway connection. */
export async function sql<R extends pg.QueryResultRow = pg.QueryResultRow>(
  databaseUrl: string,
  text: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}
