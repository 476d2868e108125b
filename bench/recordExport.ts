/**
 * Record export at size: one room bulk-loaded with N messages on a valid
 * chain (default 5,000 then 50,000), exported as JSON and as PDF over real
 * HTTP, the server in a child process so its memory is the server's alone.
 * Reports time to last byte, bytes, and the server's peak RSS growth above
 * its idle RSS during each export (sampled every 50 ms from /proc).
 *
 *   npx tsx bench/recordExport.ts [--sizes 5000,50000] [--heap-mb 96]
 *
 * --heap-mb caps the server's V8 heap (--max-old-space-size): an export that
 * kept every message in memory would fail there; a streamed one does not.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { bulkLoadMessages } from '../test/support/records.js';
import { createBenchDatabase } from './lib/database.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) * 1024;
}

async function startServer(url: string): Promise<{ base: string; pid: number; stop(): void }> {
  // node --import tsx: the child is the server itself, so its RSS is the server's.
  const heapArg = process.argv.indexOf('--heap-mb');
  const heap = heapArg > 0 ? [`--max-old-space-size=${process.argv[heapArg + 1]}`] : [];
  const child = spawn(process.execPath, [...heap, '--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATA_DIR: `/tmp/parley-bench-records-${process.pid}`,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (c: Buffer) => {
      buffered += c.toString();
      const m = /"port":(\d+)/.exec(buffered);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return { base, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

async function signUp(base: string, who: string): Promise<{ id: number; cookie: string }> {
  const res = await fetch(`${base}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `${who}-${Date.now()}@example.com`,
      password: 'bench password 1',
      displayName: who,
    }),
  });
  const body = (await res.json()) as { user: { id: number } };
  return {
    id: body.user.id,
    cookie: res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
  };
}

async function measure(base: string, pid: number, url: string, cookie: string) {
  // Let the previous export's garbage settle so the baseline is idle memory.
  await new Promise((r) => setTimeout(r, 1500));
  const idle = await rssOf(pid);
  let peak = idle;
  const sampler = setInterval(() => {
    rssOf(pid).then(
      (v) => (peak = Math.max(peak, v)),
      () => undefined,
    );
  }, 50);
  const started = performance.now();
  const res = await fetch(`${base}${url}`, { headers: { cookie } });
  let bytes = 0;
  const reader = res.body!.getReader();
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    bytes += part.value.length;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return {
    status: res.status,
    seconds,
    bytes,
    idleMb: idle / 2 ** 20,
    growthMb: (peak - idle) / 2 ** 20,
  };
}

const sizesArg = process.argv.indexOf('--sizes');
const sizes = (sizesArg > 0 ? process.argv[sizesArg + 1]! : '5000,50000').split(',').map(Number);
const db = await createBenchDatabase('records');
const server = await startServer(db.url);
try {
  const [a, b] = [await signUp(server.base, 'Ann'), await signUp(server.base, 'Bob')];
  const rows: Record<string, unknown>[] = [];
  for (const size of sizes) {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows: r } = await client.query<{ id: string }>(
      `INSERT INTO rooms (name, created_by) VALUES ('Bench ${size}', $1) RETURNING id`,
      [a.id],
    );
    const roomId = r[0]!.id;
    await client.query(
      `INSERT INTO room_members (room_id, user_id, role) VALUES ($1, $2, 'owner'), ($1, $3, 'member')`,
      [roomId, a.id, b.id],
    );
    await client.end();
    await bulkLoadMessages(db.url, roomId, [a.id, b.id], size);
    for (const format of ['json', 'pdf']) {
      const m = await measure(
        server.base,
        server.pid,
        `/api/rooms/${roomId}/export?format=${format}`,
        a.cookie,
      );
      rows.push({ messages: size, format, ...m });
      console.log(JSON.stringify(rows.at(-1)));
    }
  }
  console.table(
    rows.map((r) => ({
      ...r,
      seconds: Number((r.seconds as number).toFixed(2)),
      idleMb: Number((r.idleMb as number).toFixed(1)),
      growthMb: Number((r.growthMb as number).toFixed(1)),
      mb: Number(((r.bytes as number) / 2 ** 20).toFixed(1)),
    })),
  );
} finally {
  server.stop();
  await db.drop();
}
