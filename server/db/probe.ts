import pg from 'pg';

/**
 * Whether a PostgreSQL answers `SELECT 1` on a fresh connection within
 * `timeoutMs` (connect and query each bounded). Depends on nothing but pg,
 * so scripts and the benchmarks can use it without the server.
 */
export async function answers(connectionString: string, timeoutMs = 2000): Promise<boolean> {
  const client = new pg.Client({
    connectionString,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    application_name: 'parley-probe',
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    // A frozen server never answers the goodbye either: don't wait for it.
    void client.end().catch(() => undefined);
  }
}
