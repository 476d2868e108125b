import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type TestAgent from 'supertest/lib/agent.js';
import { computeMessageHash } from '../../server/messages/hashChain.js';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** GETs a route and returns the raw body bytes (what a download saves). */
export async function download(
  agent: TestAgent,
  url: string,
): Promise<{ status: number; body: Buffer; headers: Record<string, string> }> {
  const res = await agent
    .get(url)
    .buffer(true)
    .parse((response, callback) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => callback(null, Buffer.concat(chunks)));
    });
  return {
    status: res.status,
    body: res.body as Buffer,
    headers: res.headers,
  };
}

/** Writes bytes to a temporary file and returns its path. */
export async function tempFile(name: string, bytes: Buffer): Promise<string> {
  const file = path.join(os.tmpdir(), `parley-${process.pid}-${Date.now()}-${name}`);
  await writeFile(file, bytes);
  return file;
}

/** Runs scripts/verify-export.ts as a court's expert would: a separate process, the file only. */
export async function verifyScript(
  file: string,
  ...args: string[]
): Promise<{ code: number; stdout: string }> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.DATABASE_URL;
  try {
    const { stdout } = await run('npx', ['tsx', 'scripts/verify-export.ts', file, ...args], {
      cwd: ROOT,
      env,
    });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '' };
  }
}

/** poppler-utils: page count, text of some pages, a page as PNG. */
export const pdf = {
  async pages(file: string): Promise<number> {
    const { stdout } = await run('pdfinfo', [file]);
    return Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1]);
  },
  async text(file: string, first: number, last: number): Promise<string> {
    const { stdout } = await run(
      'pdftotext',
      ['-f', String(first), '-l', String(last), '-layout', file, '-'],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return stdout;
  },
  /** Renders one page to `<prefix>-<n>.png` (pdftoppm); returns pdftoppm's exit. */
  async render(file: string, page: number, prefix: string): Promise<void> {
    await run('pdftoppm', [
      '-f',
      String(page),
      '-l',
      String(page),
      '-r',
      '60',
      '-png',
      file,
      prefix,
    ]);
  },
};

const TEXTS = [
  'Pickup Friday at 5pm?',
  'Yes, 5pm works. I will bring her swim bag.',
  'The dentist moved the checkup to 10:15 on the 21st; I put it in the calendar.',
  'Reminder: the camp deposit is due by March 3rd, it is $250 and I can cover half.',
  'ok',
];

/**
 * Appends `count` messages on a valid hash chain after the room's current
 * head, in batches of unnest()ed arrays: a big room in seconds, not hours.
 */
export async function bulkLoadMessages(
  databaseUrl: string,
  roomId: string,
  senders: number[],
  count: number,
  texts: string[] = TEXTS,
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ last_seq: string; last_hash: string | null }>(
      'SELECT last_seq, last_hash FROM rooms WHERE id = $1',
      [roomId],
    );
    let seq = Number(rows[0]!.last_seq);
    let prevHash = rows[0]!.last_hash;
    const base = Date.now() - count * 60_000;
    const end = seq + count;
    while (seq < end) {
      const batch = {
        seq: [] as number[],
        sender: [] as number[],
        client: [] as string[],
        text: [] as string[],
        at: [] as Date[],
        hash: [] as string[],
      };
      for (let i = 0; i < 5000 && seq < end; i += 1) {
        seq += 1;
        const senderId = senders[seq % senders.length]!;
        const text = `${texts[seq % texts.length]!} (${seq})`;
        const createdAt = new Date(base + seq * 1000);
        const hash = computeMessageHash({ prevHash, seq, senderId, text, createdAt });
        batch.seq.push(seq);
        batch.sender.push(senderId);
        batch.client.push(`bulk-${roomId}-${seq}`);
        batch.text.push(text);
        batch.at.push(createdAt);
        batch.hash.push(hash);
        prevHash = hash;
      }
      await client.query(
        `INSERT INTO messages (room_id, seq, sender_id, client_id, type, text, created_at, hash)
         SELECT $1, s, u, c, 'user', t, ts, h
           FROM unnest($2::bigint[], $3::int[], $4::text[], $5::text[], $6::timestamptz[], $7::text[]) AS x(s, u, c, t, ts, h)`,
        [roomId, batch.seq, batch.sender, batch.client, batch.text, batch.at, batch.hash],
      );
    }
    await client.query('UPDATE rooms SET last_seq = $2, last_hash = $3 WHERE id = $1', [
      roomId,
      seq,
      prevHash,
    ]);
  } finally {
    await client.end();
  }
}
