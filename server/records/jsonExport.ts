import type { Writable } from 'node:stream';
import { createRecordEncoder } from './recordFormat.js';
import type { ExportPlan, RecordMessage, RecordService, RecordSummary } from './recordService.js';

/** Writes `chunk`, waiting for the reader when its buffer is full (memory stays flat). */
export async function writeChunk(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await waitForDrain(out);
}

/** Resolves once `out` has room again (or is gone). */
export function waitForDrain(out: Writable): Promise<void> {
  if (!out.writableNeedDrain || out.destroyed) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      out.off('error', fail);
      resolve();
    };
    const fail = (err: Error) => {
      out.off('drain', done);
      out.off('close', done);
      reject(err);
    };
    out.on('drain', done);
    out.on('close', done);
    out.once('error', fail);
  });
}

/** The summary of what was actually written, with the server's chain verdict. */
export function summaryOf(
  plan: ExportPlan,
  written: { count: number; last?: RecordMessage },
): RecordSummary {
  return {
    ...plan.expected,
    count: written.count,
    firstSeq: written.count > 0 ? plan.header.period.fromSeq : null,
    lastSeq: written.last?.seq ?? null,
    headHash: written.last?.hash ?? plan.header.previousHash,
  };
}

/**
 * Streams the signed JSON record (recordFormat.ts) onto `out`, a page of
 * messages at a time. Returns the signature block's digest.
 */
export async function streamRecordJson(
  records: RecordService,
  plan: ExportPlan,
  out: Writable,
): Promise<string> {
  const encoder = createRecordEncoder(records.format);
  await writeChunk(out, encoder.open(plan.header));
  const written: { count: number; last?: RecordMessage } = { count: 0 };
  for await (const page of records.pages(plan)) {
    let chunk = '';
    for (const message of page) chunk += encoder.item(message);
    await writeChunk(out, chunk);
    written.count += page.length;
    written.last = page.at(-1);
  }
  const { text, signature } = encoder.close(summaryOf(plan, written), {
    fingerprint: plan.signer.publicKey.fingerprint,
    sign: (m) => plan.signer.sign(m),
  });
  await writeChunk(out, text);
  out.end();
  return signature.digest;
}
