import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomInt } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { verifyRecordBytes } from '../../server/records/verifyRecord.js';
import { bulkLoadMessages, download, pdf, tempFile, verifyScript } from '../support/records.js';
import { createRoom, sql } from '../support/rooms.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

// The "must show" on a 5,000-message room (bulk-loaded on a valid chain).
const COUNT = 5000;

let server: TestServer;
let ann: SignedInUser;
let bob: SignedInUser;
let roomId: string;
let json: Buffer;
const files: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  [ann, bob] = await Promise.all([
    signUp(server.url, { displayName: 'Ann' }),
    signUp(server.url, { displayName: 'Bob' }),
  ]);
  roomId = await createRoom(server.database.url, [ann.user.id, bob.user.id]);
  await bulkLoadMessages(server.database.url, roomId, [ann.user.id, bob.user.id], COUNT);
  const res = await download(ann.agent, `/api/rooms/${roomId}/export?format=json`);
  expect(res.status).toBe(200);
  json = res.body;
}, 120_000);

afterAll(async () => {
  await Promise.all(files.map((f) => rm(f, { force: true })));
  await server.stop();
});

describe(`a ${COUNT.toLocaleString()}-message room`, () => {
  it('exports JSON that the offline script verifies', async () => {
    const record = JSON.parse(json.toString('utf8')) as { messages: unknown[] };
    expect(record.messages).toHaveLength(COUNT);
    const file = await tempFile('large.json', json);
    files.push(file);
    const out = await verifyScript(file);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`chain: ${COUNT} messages, seq 1..${COUNT}`);
    expect(out.stdout.trim().split('\n').at(-1)).toBe('intact');
  }, 60_000);

  it('fails the signature when any byte of the file changes', () => {
    expect(verifyRecordBytes(json).verdict).toBe('intact');
    // The first and last bytes, bytes inside the header, a message, the
    // summary and the signature, and random positions across the file.
    const positions = [0, 40, 400, json.length >> 1, json.length - 2, json.length - 1];
    for (const mark of ['"summary":', '"signature":', '"value":"']) {
      positions.push(json.lastIndexOf(mark) + mark.length);
    }
    for (let i = 0; i < 40; i += 1) positions.push(randomInt(json.length));
    for (const at of positions) {
      const altered = Buffer.from(json);
      altered[at] = altered[at]! ^ 0x01;
      const verdict = verifyRecordBytes(altered);
      expect({ at, valid: verdict.signature.valid }).toEqual({ at, valid: false });
      expect(verdict.verdict).not.toBe('intact');
    }
  });

  it('renders a PDF whose first and last pages render, with Bates numbers on every page', async () => {
    const res = await download(bob.agent, `/api/rooms/${roomId}/export?format=pdf`);
    expect(res.status).toBe(200);
    const file = await tempFile('large.pdf', res.body);
    files.push(file);
    const pages = await pdf.pages(file);
    // About seven messages a page: hundreds of pages, not tens or thousands.
    expect(pages).toBeGreaterThan(COUNT / 20);
    expect(pages).toBeLessThan(COUNT / 2);
    const first = await pdf.text(file, 1, 1);
    expect(first).toContain(String(COUNT));
    expect(first).toContain('PARLEY000001');
    const last = await pdf.text(file, pages, pages);
    expect(last).toContain(`PARLEY${String(pages).padStart(6, '0')}`);
    expect(last).toContain('How to verify this record');
    const all = await pdf.text(file, 1, pages);
    const labels = new Set(all.match(/PARLEY\d{6}/g));
    expect(labels.size).toBe(pages);
    expect(labels.has(`PARLEY${String(pages).padStart(6, '0')}`)).toBe(true);
    expect(all).toMatch(new RegExp(`#${COUNT}\\s+(Ann|Bob)`));
    for (const page of [1, pages]) {
      await pdf.render(file, page, `${file}-p`);
      files.push(`${file}-p-${String(page).padStart(String(pages).length, '0')}.png`);
    }
    const pngs = files.filter((f) => f.endsWith('.png'));
    expect(pngs).toHaveLength(2);
  }, 240_000);

  it('names the seq of a message altered in SQL: API verify and the script', async () => {
    const seq = 3217;
    await sql(
      server.database.url,
      `BEGIN; SET LOCAL session_replication_role = replica;
       UPDATE messages SET text = text || '!' WHERE room_id = $1 AND seq = ${seq}; COMMIT;`.replace(
        '$1',
        `'${roomId}'`,
      ),
    );
    expect((await ann.agent.get(`/api/rooms/${roomId}/verify`)).body).toMatchObject({
      ok: false,
      brokenAtSeq: seq,
    });
    const res = await download(ann.agent, `/api/rooms/${roomId}/export?format=json`);
    const file = await tempFile('altered.json', res.body);
    files.push(file);
    const out = await verifyScript(file);
    expect(out.code).toBe(1);
    expect(out.stdout.trim().split('\n').at(-1)).toBe(`broken at seq ${seq}`);
  }, 60_000);
});
