import type { SignatureBlock } from './recordFormat.js';
import type { ExportPlan } from './recordService.js';
import { drawText, type TextStyle } from './pdfText.js';

const STEPS = [
  '1. Ask for the JSON export of the same room and period (GET /api/rooms/<room>/export?format=json with the same from/to). It holds the same messages, hashes and head hash as these pages, and a signature over its exact bytes.',
  '2. Run `npx tsx scripts/verify-export.ts record.json --fingerprint <the fingerprint on the cover>` (no database, no network). It prints "intact", "broken at seq N" or "signature invalid".',
  '3. Or reimplement it from docs/record.md: every message hash is SHA-256 over JSON [previous hash, seq, sender id, text, sent time], chained from the hash printed on the cover; the signature is Ed25519 over "parley-record/1", a newline, and the SHA-256 of the file up to its signature.',
  '4. Compare the key fingerprint with the one published at /.well-known/parley-record-key. A record signed by another key is not Parley’s record.',
];

const DECLARATION = `CERTIFICATION OF DOMESTIC RECORDS OF REGULARLY CONDUCTED ACTIVITY

I, ______________________________ (name), declare:

1. I am employed by ______________________________ (the operator of this Parley service) as ______________________________ (title), and I am a custodian of its records or otherwise qualified by my position to make this certification.

2. The attached record, Bates-numbered as shown at the foot of each page, is a true copy of messages exchanged through the service in the room identified on the cover page, for the period shown there.

3. Each message was recorded by the service at or near the time it was sent, from information transmitted by the person named as its sender; first-viewed times were recorded by the service when the recipient's device first displayed the message.

4. The records were kept in the course of the service's regularly conducted activity, and making and keeping them is a regular practice of that activity.

5. The electronic record was produced by a process that yields an accurate result: each message carries a SHA-256 hash chained to the previous message, and the export is signed with the service's Ed25519 key whose fingerprint is printed on the cover page. Anyone can recompute both as described on this page.

I declare under penalty of perjury under the laws of ______________________________ that the foregoing is true and correct.

Executed on ____________________ (date) at ______________________________ (place).

Signature: ______________________________

Printed name: ______________________________`;

/** The last page: the signature of this record, how to check it, and a declaration ready to sign. */
export function closingPage(
  doc: PDFKit.PDFDocument,
  plan: ExportPlan,
  signature: SignatureBlock,
  column: { x: number; width: number },
  newPage: () => void,
): void {
  const style = (font: TextStyle['font'], size: number): TextStyle => ({ font, size, ...column });
  drawText(doc, 'How to verify this record', style('bold', 14), newPage);
  doc.y += 4;
  drawText(
    doc,
    `Record digest (SHA-256 of its JSON form): ${signature.digest}`,
    style('sans', 8),
    newPage,
  );
  drawText(doc, `Ed25519 signature: ${signature.value}`, style('sans', 8), newPage);
  drawText(doc, `Key fingerprint: ${plan.header.key.fingerprint}`, style('sans', 8), newPage);
  doc.y += 6;
  for (const step of STEPS) drawText(doc, step, style('sans', 9), newPage);
  doc.y += 10;
  drawText(doc, DECLARATION, style('sans', 9), newPage);
}
