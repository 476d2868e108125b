/**
 * The PDF renderer's own memory, without database or HTTP: N synthetic
 * messages (500 a page, as the export streams them) rendered into a sink
 * that only counts bytes; V8 heap after a full GC printed every 10,000.
 * Retention per message shows as a slope; a flat line is a streamed render.
 *
 *   node --expose-gc --import tsx bench/recordPdfHeap.ts [N=50000]
 */
import { Writable } from 'node:stream';
import { streamRecordPdf } from '../server/records/pdf.js';
import type { ExportPlan, RecordMessage, RecordService } from '../server/records/recordService.js';

const N = Number(process.argv[2] ?? 50_000);
const now = new Date().toISOString();
const plan = {
  header: {
    room: { id: 'bench-room', name: 'Bench room', createdAt: now },
    members: [{ userId: 1, displayName: 'Ann', role: 'owner', joinedAt: now }],
    period: { fromSeq: 1, toSeq: N, from: null, to: null },
    previousHash: '',
    exportedAt: now,
    exportedBy: { userId: 1, displayName: 'Ann', as: 'member' },
    key: { algorithm: 'Ed25519', publicKey: 'k', fingerprint: 'f', publishedAt: 'u' },
    hashRule: 'h',
  },
  expected: {
    count: N,
    firstSeq: 1,
    lastSeq: N,
    headHash: 'h',
    roomHeadSeq: N,
    chain: { ok: true, checkedFromSeq: 1, checkedToSeq: N },
  },
  role: 'member',
  signer: { publicKey: { fingerprint: 'f' }, sign: () => 'signature' },
} as unknown as ExportPlan;

const mb = (n: number) => Math.round(n / 2 ** 20);
const records = {
  format: 'parley-record/1',
  async *pages() {
    for (let from = 1; from <= N; from += 500) {
      // Where the export awaits the database for the next page.
      await new Promise((resolve) => setImmediate(resolve));
      const page: RecordMessage[] = [];
      for (let seq = from; seq < from + 500 && seq <= N; seq += 1) {
        page.push({
          seq,
          id: seq,
          type: 'user',
          sender: { id: 1, displayName: 'Ann' },
          text: `Reminder: the camp deposit is due by March 3rd, $250 (${seq})`,
          createdAt: now,
          thread: { id: 't', title: 'Camp' },
          firstViewed: [{ userId: 2, displayName: 'Bob', at: null }],
          hash: seq.toString(16).padStart(64, 'a'),
        });
      }
      yield page;
      if ((from + 499) % 10_000 === 0) {
        global.gc?.();
        const m = process.memoryUsage();
        console.log(`${from + 499} messages: heap ${mb(m.heapUsed)} MB, rss ${mb(m.rss)} MB`);
      }
    }
  },
} as unknown as RecordService;

let bytes = 0;
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    bytes += chunk.length;
    done();
  },
});
const started = performance.now();
const pages = await streamRecordPdf(records, plan, sink, { prefix: 'BENCH', start: 1 });
console.log(
  `${N} messages: ${pages} pages, ${mb(bytes)} MB, ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
