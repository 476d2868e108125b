import PDFDocument from 'pdfkit';
import type { Writable } from 'node:stream';
import { summaryOf, waitForDrain } from './jsonExport.js';
import { registerFonts } from './pdfFonts.js';
import { drawText, type TextStyle } from './pdfText.js';
import { closingPage } from './pdfClosing.js';
import { createRecordEncoder } from './recordFormat.js';
import type { ExportPlan, RecordMessage, RecordService } from './recordService.js';

/** Bates numbering: a prefix and the number of the first page. */
export interface BatesOptions {
  prefix: string;
  start: number;
}

const MARGIN = 56;
const GREY = '#555555';

/** `2024-03-01T09:30:00.000Z` as `2024-03-01 09:30:00 UTC`. */
export const readableTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

export const batesLabel = (bates: BatesOptions, pageIndex: number) =>
  `${bates.prefix}${String(bates.start + pageIndex).padStart(6, '0')}`;

/**
 * A PDF page writer: Bates number and record id in every page's footer,
 * `newPage` for flows that fill a page.
 */
function createPages(doc: PDFKit.PDFDocument, plan: ExportPlan, bates: BatesOptions) {
  let index = 0;
  const footer = () => {
    const { x, y } = doc;
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const at = doc.page.height - MARGIN / 2 - 4;
    doc.font('sans').fontSize(7).fillColor(GREY);
    doc.text(
      `Parley record of room ${plan.header.room.id} · exported ${readableTime(plan.header.exportedAt)}`,
      MARGIN,
      at,
      { lineBreak: false },
    );
    doc.font('bold').fontSize(9).fillColor('black');
    const label = batesLabel(bates, index);
    doc.text(label, doc.page.width - MARGIN - doc.widthOfString(label), at - 1, {
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
    doc.x = x;
    doc.y = y;
    index += 1;
  };
  doc.on('pageAdded', footer);
  footer();
  return {
    newPage: () => {
      doc.addPage();
    },
    count: () => index,
  };
}

/** Text styles for the page's one column. */
function columnStyle(doc: PDFKit.PDFDocument) {
  const width = doc.page.width - 2 * MARGIN;
  return (font: TextStyle['font'], size: number, color?: string): TextStyle => ({
    font,
    size,
    x: MARGIN,
    width,
    color,
  });
}

function coverPage(
  doc: PDFKit.PDFDocument,
  plan: ExportPlan,
  bates: BatesOptions,
  newPage: () => void,
) {
  const { header, expected } = plan;
  const col = columnStyle(doc);
  drawText(doc, 'Conversation record', col('bold', 20), newPage);
  drawText(doc, header.room.name, col('sans', 14), newPage);
  doc.moveDown(0.5);
  const line = (label: string, value: string) => {
    drawText(doc, label, col('bold', 10), newPage);
    drawText(doc, value, col('sans', 10), newPage);
    doc.y += 4;
  };
  line(
    'Parties',
    header.members
      .map(
        (m) =>
          `${m.displayName} (user #${m.userId}, ${m.role}, joined ${readableTime(m.joinedAt)})`,
      )
      .join('\n'),
  );
  line(
    'Period',
    expected.count === 0
      ? 'No messages in the requested period.'
      : `Messages #${expected.firstSeq} to #${expected.lastSeq} of ${expected.roomHeadSeq} in the room` +
          (header.period.from || header.period.to
            ? `\nRequested: ${header.period.from ? readableTime(header.period.from) : 'the start'} to ${header.period.to ? readableTime(header.period.to) : 'now'}`
            : ''),
  );
  line('Message count', String(expected.count));
  line('Head hash (the last message’s chain hash)', expected.headHash || '(none)');
  if (header.period.fromSeq > 1)
    line('Hash before the first message of this range', header.previousHash);
  line(
    'Hash chain, checked by the server from message #1',
    expected.chain.ok
      ? `Intact: every message from #1 to #${expected.chain.checkedToSeq} matches its hash; none missing, none reordered.`
      : `BROKEN at message #${expected.chain.brokenAtSeq}: the stored record was altered after it was written.`,
  );
  line('Record-signing key (Ed25519) fingerprint, SHA-256', header.key.fingerprint);
  line('Public key', `${header.key.publicKey}\npublished at ${header.key.publishedAt}`);
  line(
    'Exported',
    header.exportedBy.as === 'operator'
      ? `${readableTime(header.exportedAt)} by the server operator (${header.exportedBy.displayName})`
      : `${readableTime(header.exportedAt)} by ${header.exportedBy.displayName} (user #${header.exportedBy.userId}, ${header.exportedBy.as === 'professional' ? 'invited professional, read-only' : 'parent'})`,
  );
  line(
    'Bates numbers',
    `Pages are numbered ${batesLabel(bates, 0)} onwards; the last page holds the verification steps and a custodian’s declaration.`,
  );
}

function messageBlock(doc: PDFKit.PDFDocument, m: RecordMessage, newPage: () => void) {
  const style = columnStyle(doc);
  if (doc.y + 60 > doc.page.height - doc.page.margins.bottom) newPage();
  // A system notice is written by Parley, not typed by a parent: the record must not read
  // as if the parent whose action caused it (e.g. accepting the pairing) wrote it.
  const author =
    m.type === 'system'
      ? `Parley system notice (on ${m.sender.displayName}’s action)`
      : m.sender.displayName;
  const kind =
    m.type === 'correction' ? `  — CORRECTION of message #${m.corrects?.seq ?? '?'}` : '';
  drawText(
    doc,
    `#${m.seq}  ${author}  · sent ${readableTime(m.createdAt)}${kind}`,
    style('bold', 10),
    newPage,
  );
  if (m.thread)
    drawText(doc, `Thread: ${m.thread.title ?? m.thread.id}`, style('sans', 8, GREY), newPage);
  drawText(doc, m.text, style('sans', 10), newPage);
  const views = m.firstViewed.map(
    (v) => `${v.displayName}: ${v.at ? `first viewed ${readableTime(v.at)}` : 'never viewed'}`,
  );
  drawText(doc, views.length ? views.join(' · ') : 'No recipient', style('sans', 8, GREY), newPage);
  drawText(doc, `sha256 ${m.hash}`, style('sans', 7, GREY), newPage);
  doc.y += 8;
}

interface PdfkitInternals {
  _fontFamilies?: Record<string, { layoutCache?: object }>;
  _root?: { data: { Pages: { data: { Kids: Array<{ offset?: number; data: object }> } } } };
}

/**
 * Lets go of what pdfkit would otherwise keep for the whole document, so a
 * 50,000-message record renders in the memory of a 5,000-message one:
 * - its per-font cache of every distinct word's glyph layout (a record's
 *   words, hashes above all, are mostly distinct; emptied after each page of
 *   messages it stays bounded and keeps most of its speed-up — turning it
 *   off made a 20,000-message PDF 4× slower);
 * - the dictionaries of pages already written (`offset` set by pdfkit when
 *   it wrote them): the page tree needs only their object numbers.
 */
function releaseWrittenPages(doc: PDFKit.PDFDocument): void {
  const internals = doc as unknown as PdfkitInternals;
  for (const font of Object.values(internals._fontFamilies ?? {})) {
    if (font.layoutCache) font.layoutCache = Object.create(null) as object;
  }
  for (const page of internals._root?.data.Pages.data.Kids ?? []) {
    if (page.offset !== undefined) page.data = {};
  }
}

/**
 * Renders the record as a PDF onto `out`, streamed: the cover page, one
 * block per message, then the closing page (how to verify; the custodian's
 * declaration), every page Bates-numbered. The closing page carries the
 * digest and signature of the record's JSON form (recordFormat.ts).
 * Resolves with the page count once everything is written.
 */
export async function streamRecordPdf(
  records: RecordService,
  plan: ExportPlan,
  out: Writable,
  bates: BatesOptions,
): Promise<number> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    info: { Title: `Parley record ${plan.header.room.id}`, Creator: 'Parley' },
  });
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('close', resolve);
    out.on('error', reject);
    doc.on('error', reject);
  });
  doc.pipe(out);
  registerFonts(doc);
  const pages = createPages(doc, plan, bates);
  coverPage(doc, plan, bates, pages.newPage);

  const encoder = createRecordEncoder(records.format);
  encoder.open(plan.header);
  const written: { count: number; last?: RecordMessage } = { count: 0 };
  pages.newPage();
  for await (const page of records.pages(plan)) {
    for (const m of page) {
      encoder.item(m);
      messageBlock(doc, m, pages.newPage);
    }
    written.count += page.length;
    written.last = page.at(-1);
    releaseWrittenPages(doc);
    // The reader is slower than we render: wait, so memory stays flat.
    await waitForDrain(out);
  }
  const { signature } = encoder.close(summaryOf(plan, written), {
    fingerprint: plan.signer.publicKey.fingerprint,
    sign: (msg) => plan.signer.sign(msg),
  });
  pages.newPage();
  closingPage(
    doc,
    plan,
    signature,
    { x: MARGIN, width: doc.page.width - 2 * MARGIN },
    pages.newPage,
  );
  doc.end();
  await finished;
  return pages.count();
}
