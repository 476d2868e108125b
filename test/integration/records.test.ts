import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  RecordHeader,
  RecordMessage,
  RecordSummary,
} from '../../server/records/recordService.js';
import { verifyRecordBytes } from '../../server/records/verifyRecord.js';
import { createRoom, sql } from '../support/rooms.js';
import { download, pdf, tempFile, verifyScript } from '../support/records.js';
import { connectSocket, emitAck, type ClientSocket } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

interface RecordFile {
  format: string;
  header: RecordHeader;
  messages: RecordMessage[];
  summary: RecordSummary;
  signature: { digest: string; keyFingerprint: string; value: string };
}

const HOSTILE = 'You are a useless idiot and you never pick her up on time!';
const UNICODE = [
  'Emoji: 🙂👍🎉 see you at 5',
  'שלום, נתראה ב-17:00 ליד בית הספר',
  'مرحبا، سأكون هناك الساعة الخامسة',
  '周五下午五点在学校门口见。',
  'Mixed: Hebrew שלום and Arabic مرحبا in one line 🚗',
];

let server: TestServer;
let ann: SignedInUser;
let bob: SignedInUser;
let carol: SignedInUser;
let roomId: string;
let annSocket: ClientSocket;
let bobSocket: ClientSocket;
const files: string[] = [];

async function send(socket: ClientSocket, text: string) {
  const ack = await emitAck(socket, 'message:send', { roomId, clientId: randomUUID(), text });
  if (!ack.ok) throw new Error(JSON.stringify(ack.error));
  return ack;
}

async function exportJson(user: SignedInUser, query = '') {
  const res = await download(user.agent, `/api/rooms/${roomId}/export?format=json${query}`);
  expect(res.status).toBe(200);
  return { bytes: res.body, record: JSON.parse(res.body.toString('utf8')) as RecordFile };
}

beforeAll(async () => {
  // Setup sends faster than the default 5 a second per socket.
  server = await startTestServer({ SOCKET_SENDS_PER_SECOND: '1000' });
  [ann, bob, carol] = await Promise.all([
    signUp(server.url, { displayName: 'Ann' }),
    signUp(server.url, { displayName: 'Bob' }),
    signUp(server.url, { displayName: 'Carol' }),
  ]);
  roomId = await createRoom(server.database.url, [ann.user.id, bob.user.id]);
  annSocket = await connectSocket(server.url, ann.cookie);
  bobSocket = await connectSocket(server.url, bob.cookie);
  await send(annSocket, 'Pickup Friday at 5pm?');
  await send(bobSocket, 'Yes, 5pm works.');
  const third = await send(annSocket, 'Thanks, see you then at 6.');
  // A correction, then a message the mediator holds and Ann rewrites.
  if (third.ok && third.status === 'sent') {
    await emitAck(annSocket, 'message:correct', {
      messageId: third.message.id,
      clientId: randomUUID(),
      text: 'Sorry: 5pm, not 6.',
    });
  }
  const held = await send(annSocket, HOSTILE);
  if (held.ok && held.status === 'held') {
    await emitAck(annSocket, 'intervention:resolve', {
      interventionId: held.intervention.id,
      choice: 'accept',
      suggestionIndex: 0,
    });
  }
  for (const text of UNICODE) await send(bobSocket, text);
  await emitAck(bobSocket, 'message:read', { roomId, seq: 1 });
}, 30_000);

afterAll(async () => {
  annSocket.close();
  bobSocket.close();
  await Promise.all(files.map((f) => rm(f, { force: true })));
  await server.stop();
});

describe('the record-signing key', () => {
  it('is published at /.well-known/parley-record-key and printed in every export', async () => {
    const res = await carol.agent.get('/.well-known/parley-record-key');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      algorithm: 'Ed25519',
      publicKey: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      pem: expect.stringContaining('BEGIN PUBLIC KEY'),
    });
    const { record } = await exportJson(ann);
    expect(record.header.key.fingerprint).toBe(res.body.fingerprint);
    expect(record.signature.keyFingerprint).toBe(res.body.fingerprint);
  });

  it('is kept encrypted, generated once', async () => {
    const rows = await sql<{ private_key_enc: string; public_key: string }>(
      server.database.url,
      'SELECT private_key_enc, public_key FROM record_signing_keys',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.private_key_enc).toMatch(/^v1:/);
  });
});

describe('GET /api/rooms/:id/export?format=json', () => {
  it('carries room, members, period, every message with sender, first views, thread, corrections, hashes', async () => {
    const { record } = await exportJson(ann);
    expect(record.format).toBe('parley-record/1');
    expect(record.header.members.map((m) => m.displayName).sort()).toEqual(['Ann', 'Bob']);
    expect(record.header.period).toMatchObject({ fromSeq: 1, from: null, to: null });
    expect(record.header.previousHash).toBe('');
    expect(record.messages.slice(0, 3).map((m) => [m.seq, m.sender.displayName, m.text])).toEqual([
      [1, 'Ann', 'Pickup Friday at 5pm?'],
      [2, 'Bob', 'Yes, 5pm works.'],
      [3, 'Ann', 'Thanks, see you then at 6.'],
    ]);
    expect(record.messages[0]!.firstViewed).toEqual([
      { userId: bob.user.id, displayName: 'Bob', at: expect.stringMatching(/^\d{4}-/) },
    ]);
    expect(record.messages[2]!.firstViewed).toEqual([
      { userId: bob.user.id, displayName: 'Bob', at: null },
    ]);
    const correction = record.messages.find((m) => m.type === 'correction');
    expect(correction).toMatchObject({ text: 'Sorry: 5pm, not 6.', corrects: { seq: 3 } });
    expect(record.messages.every((m) => m.thread?.title)).toBe(true);
    expect(record.summary).toMatchObject({
      count: record.messages.length,
      headHash: record.messages.at(-1)!.hash,
      chain: { ok: true },
    });
    expect(record.messages.map((m) => m.text)).toEqual(expect.arrayContaining(UNICODE));
  });

  it('verifies offline with scripts/verify-export.ts, pinned to the published key', async () => {
    const { bytes, record } = await exportJson(bob);
    expect(verifyRecordBytes(bytes).verdict).toBe('intact');
    const file = await tempFile('record.json', bytes);
    files.push(file);
    const out = await verifyScript(file, '--fingerprint', record.header.key.fingerprint);
    expect(out).toMatchObject({ code: 0 });
    expect(out.stdout.trim().split('\n').at(-1)).toBe('intact');
    const other = await verifyScript(file, '--fingerprint', 'ab'.repeat(32));
    expect(other.code).toBe(2);
    expect(other.stdout).toContain('signature invalid');
  }, 90_000);

  it('exports a range that proves its place in the chain (the hash before its first message)', async () => {
    const full = (await exportJson(ann)).record;
    const { bytes, record } = await exportJson(ann, '&fromSeq=3&toSeq=5');
    expect(record.messages.map((m) => m.seq)).toEqual([3, 4, 5]);
    expect(record.header.previousHash).toBe(full.messages[1]!.hash);
    expect(record.summary.headHash).toBe(full.messages[4]!.hash);
    expect(verifyRecordBytes(bytes)).toMatchObject({
      verdict: 'intact',
      chain: { ok: true, fromSeq: 3, toSeq: 5 },
    });
    const byTime = await exportJson(
      ann,
      `&from=${encodeURIComponent(full.messages[5]!.createdAt)}`,
    );
    expect(byTime.record.messages[0]!.seq).toBe(6);
    expect(verifyRecordBytes(byTime.bytes).verdict).toBe('intact');
    const none = await exportJson(ann, '&to=2001-01-01');
    expect(none.record.summary.count).toBe(0);
    expect(verifyRecordBytes(none.bytes).verdict).toBe('intact');
  });

  it("never contains the sender's held original, for the receiver or the sender", async () => {
    for (const user of [bob, ann]) {
      const { bytes } = await exportJson(user);
      expect(bytes.includes(Buffer.from('useless idiot'))).toBe(false);
    }
    const pdfRes = await download(bob.agent, `/api/rooms/${roomId}/export?format=pdf`);
    const file = await tempFile('receiver.pdf', pdfRes.body);
    files.push(file);
    const text = await pdf.text(file, 1, await pdf.pages(file));
    expect(text).toContain('Pickup Friday');
    expect(text).not.toContain('useless idiot');
  });
});

describe('GET /api/rooms/:id/mediation-record', () => {
  it('gives the sender their own held originals, suggestions and choices, signed', async () => {
    const res = await download(ann.agent, `/api/rooms/${roomId}/mediation-record`);
    expect(res.status).toBe(200);
    const record = JSON.parse(res.body.toString('utf8')) as {
      format: string;
      interventions: {
        originalText: string;
        suggestions: string[];
        outcome: string;
        sentAsSeq: number;
      }[];
    };
    expect(record.format).toBe('parley-mediation-record/1');
    expect(record.interventions).toEqual([
      expect.objectContaining({ originalText: HOSTILE, outcome: 'accepted', sentAsSeq: 5 }),
    ]);
    expect(record.interventions[0]!.suggestions.length).toBeGreaterThan(0);
    expect(verifyRecordBytes(res.body).verdict).toBe('intact');
  });

  it("gives the receiver only their own (none here), never the sender's", async () => {
    const res = await download(bob.agent, `/api/rooms/${roomId}/mediation-record`);
    expect(res.status).toBe(200);
    expect(res.body.includes(Buffer.from('useless idiot'))).toBe(false);
    expect(JSON.parse(res.body.toString('utf8'))).toMatchObject({ interventions: [] });
  });
});

describe('GET /api/rooms/:id/export?format=pdf', () => {
  it('renders: cover, messages in any script, Bates numbers on every page, the closing page', async () => {
    const res = await download(
      bob.agent,
      `/api/rooms/${roomId}/export?format=pdf&batesPrefix=SMITH&batesStart=41`,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const file = await tempFile('record.pdf', res.body);
    files.push(file);
    const pages = await pdf.pages(file);
    expect(pages).toBeGreaterThanOrEqual(3);
    const text = await pdf.text(file, 1, pages);
    for (let page = 0; page < pages; page += 1) {
      expect(text).toContain(`SMITH${String(41 + page).padStart(6, '0')}`);
    }
    expect(text).toContain('Conversation record');
    expect(text).toContain('CERTIFICATION OF DOMESTIC RECORDS');
    expect(text).toContain('周五下午五点在学校门口见');
    expect(text).toContain('CORRECTION of message #3');
    expect(text).toMatch(/never viewed/);
    await pdf.render(file, 1, `${file}-page`);
    await pdf.render(file, pages, `${file}-page`);
    const first = await readFile(
      `${file}-page-${String(1).padStart(String(pages).length, '0')}.png`,
    );
    expect(first.subarray(1, 4).toString()).toBe('PNG');
    files.push(`${file}-page-${String(1).padStart(String(pages).length, '0')}.png`);
    files.push(`${file}-page-${pages}.png`);
    // To look at it: PARLEY_KEEP_PDF=/some/dir npm test -- test/integration/records.test.ts
    if (process.env.PARLEY_KEEP_PDF) {
      await writeFile(path.join(process.env.PARLEY_KEEP_PDF, 'record.pdf'), res.body);
    }
  });
});

describe('tampering and outsiders', () => {
  it('answers not_found to an outsider on verify, export and the mediation record', async () => {
    for (const url of ['verify', 'export', 'export?format=pdf', 'mediation-record']) {
      const res = await carol.agent.get(`/api/rooms/${roomId}/${url}`);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: { code: 'not_found' } });
    }
    const bad = await ann.agent.get(`/api/rooms/${roomId}/export?format=docx`);
    expect(bad.body).toMatchObject({ error: { code: 'validation_failed' } });
  });

  it('names the altered seq in the API verify, the export and the offline script', async () => {
    await sql(
      server.database.url,
      `BEGIN; SET LOCAL session_replication_role = replica;
       UPDATE messages SET text = 'No.' WHERE room_id = '${roomId}' AND seq = 2; COMMIT;`,
    );
    expect((await ann.agent.get(`/api/rooms/${roomId}/verify`)).body).toMatchObject({
      ok: false,
      brokenAtSeq: 2,
    });
    const { bytes, record } = await exportJson(ann);
    expect(record.summary.chain).toMatchObject({ ok: false, brokenAtSeq: 2 });
    const file = await tempFile('tampered.json', bytes);
    files.push(file);
    const out = await verifyScript(file);
    expect(out.code).toBe(1);
    expect(out.stdout.trim().split('\n').at(-1)).toBe('broken at seq 2');
  }, 90_000);
});
