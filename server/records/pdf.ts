import PDFDocument from 'pdfkit';
import type { Writable } from 'node:stream';
import type { RoomRecord } from './exportService.js';

/**
 * Renders a room's record as a PDF onto `out`: a header with the chain
 * verdict, then every message with its seq, sender, sent time, first-viewed
 * times and hash, in order. Resolves when the document is fully written.
 */
export function renderRecordPdf(record: RoomRecord, out: Writable): Promise<void> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Parley record: ${record.room.name}` },
  });
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  doc.pipe(out);
  const names = new Map(record.members.map((m) => [m.userId, m.displayName]));

  doc.fontSize(18).text(`Conversation record: ${record.room.name}`);
  doc.moveDown(0.5).fontSize(10);
  doc.text(`Room ${record.room.id}, created ${record.room.createdAt}`);
  doc.text(`Members: ${record.members.map((m) => `${m.displayName} (#${m.userId})`).join(', ')}`);
  doc.text(`Exported ${record.exportedAt} by #${record.exportedBy}`);
  doc.text(
    record.chain.ok
      ? `Hash chain verified: ${record.chain.count} messages, none altered, none missing.`
      : `HASH CHAIN BROKEN at seq ${record.chain.brokenAtSeq}: the record was altered.`,
  );
  doc.text(`Chain algorithm: ${record.chain.algorithm}`);
  doc.moveDown();

  for (const m of record.messages) {
    const label =
      m.type === 'correction'
        ? ` (correction of #${m.correctsId})`
        : m.type === 'system'
          ? ' (system)'
          : '';
    doc
      .fontSize(10)
      .font('Helvetica-Bold')
      .text(`#${m.seq}  ${m.sender.displayName}${label}  ${m.createdAt}`);
    doc.font('Helvetica').text(m.text);
    const views = m.firstViewed.map((v) => `${names.get(v.userId) ?? `#${v.userId}`} ${v.at}`);
    doc
      .fontSize(8)
      .fillColor('#555')
      .text(`First viewed: ${views.length ? views.join('; ') : 'not yet'}`);
    doc.text(`sha256 ${m.hash}`).fillColor('black');
    doc.moveDown(0.5);
  }
  doc.end();
  return done;
}
