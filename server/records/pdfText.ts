import bidiModule from 'bidi-js';
import { fontsOf, hasRtl, isPlain, type FontKey } from './pdfFonts.js';

// bidi-js is CommonJS (module.exports = factory) but typed as an ES module:
// under Node's ESM loader the default import is the factory itself.
const bidiFactory = bidiModule as unknown as typeof bidiModule.default;
const bidi = bidiFactory();

export interface TextStyle {
  font: FontKey;
  size: number;
  color?: string;
  /** Left edge and width of the column. */
  x: number;
  width: number;
}

interface Run {
  text: string;
  font: FontKey;
  width: number;
}

const LINE = 1.4;

function measure(doc: PDFKit.PDFDocument, text: string, font: FontKey, size: number): number {
  // features: [] makes fontkit shape the run as a whole (Arabic joining, RTL order).
  return doc.font(font).fontSize(size).widthOfString(text, { features: [] });
}

/** Splits logical text into runs of one font (and one direction class). */
function runsOf(doc: PDFKit.PDFDocument, text: string, fonts: FontKey[], size: number): Run[] {
  const runs: Run[] = [];
  let start = 0;
  for (let i = 1; i <= text.length; i += 1) {
    if (i === text.length || fonts[i] !== fonts[start]) {
      const part = text.slice(start, i);
      runs.push({
        text: part,
        font: fonts[start]!,
        width: measure(doc, part, fonts[start]!, size),
      });
      start = i;
    }
  }
  return runs;
}

/** Greedy line breaking at spaces; a word wider than the column is cut by characters. */
function breakLines(
  doc: PDFKit.PDFDocument,
  para: string,
  fonts: FontKey[],
  size: number,
  width: number,
): Array<[number, number]> {
  const lines: Array<[number, number]> = [];
  const widthOf = (s: number, e: number) =>
    runsOf(doc, para.slice(s, e), fonts.slice(s, e), size).reduce((w, r) => w + r.width, 0);
  let lineStart = 0;
  let lineWidth = 0;
  const words = [...para.matchAll(/\S+\s*|\s+/g)];
  for (const word of words) {
    const s = word.index;
    const e = s + word[0].length;
    const w = widthOf(s, e);
    if (lineWidth + widthOf(s, s + word[0].trimEnd().length) <= width || s === lineStart) {
      if (w > width && s === lineStart) {
        // One overlong word: cut it where it stops fitting.
        let cut = s;
        for (const ch of word[0]) {
          if (cut > lineStart && widthOf(lineStart, cut + ch.length) > width) {
            lines.push([lineStart, cut]);
            lineStart = cut;
          }
          cut += ch.length;
        }
        lineWidth = widthOf(lineStart, e);
      } else {
        lineWidth += w;
      }
    } else {
      lines.push([lineStart, s]);
      lineStart = s;
      lineWidth = w;
    }
  }
  lines.push([lineStart, para.length]);
  return lines;
}

/** The code-unit indices of [start, end) in visual order, surrogate pairs kept whole. */
function visualOrder(
  para: string,
  levels: ReturnType<typeof bidi.getEmbeddingLevels>,
  start: number,
  end: number,
): number[] {
  const order = bidi.getReorderedIndices(para, levels, start, end - 1);
  for (let i = 0; i + 1 < order.length; i += 1) {
    const unit = para.charCodeAt(order[i]!);
    if (unit >= 0xdc00 && unit <= 0xdfff && order[i + 1] === order[i]! - 1) {
      [order[i], order[i + 1]] = [order[i + 1]!, order[i]!];
      i += 1;
    }
  }
  return order;
}

/**
 * Draws one paragraph with bidi reordering (UAX #9, bidi-js) and per-script
 * fonts. Lines are broken in logical order, each line reordered to visual
 * order; a right-to-left run goes back to logical order before pdfkit gets
 * it, because fontkit shapes (Arabic joining) and reverses RTL runs itself.
 */
function drawComplex(
  doc: PDFKit.PDFDocument,
  para: string,
  style: TextStyle,
  newPage: () => void,
): void {
  const levels = bidi.getEmbeddingLevels(para);
  const rtlParagraph = (levels.paragraphs[0]?.level ?? 0) % 2 === 1;
  const mirrored = bidi.getMirroredCharactersMap(para, levels.levels);
  const chars = para.split('').map((c, i) => mirrored.get(i) ?? c);
  const fonts = fontsOf(para, style.font);
  const lineHeight = style.size * LINE;
  for (const [start, end] of breakLines(doc, para, fonts, style.size, style.width)) {
    if (doc.y + lineHeight > doc.page.height - doc.page.margins.bottom) newPage();
    const order = visualOrder(para, levels, start, end).filter((i) => !/[\n\r]/.test(para[i]!));
    const runs: Run[] = [];
    let k = 0;
    while (k < order.length) {
      const font = fonts[order[k]!]!;
      const odd = levels.levels[order[k]!]! % 2 === 1;
      let j = k;
      while (
        j < order.length &&
        fonts[order[j]!] === font &&
        levels.levels[order[j]!]! % 2 === (odd ? 1 : 0)
      )
        j += 1;
      let text = order
        .slice(k, j)
        .map((i) => chars[i])
        .join('');
      // Back to logical order: fontkit will reverse a run of RTL letters itself.
      if (odd && hasRtl(text)) text = [...text].reverse().join('');
      runs.push({ text, font, width: measure(doc, text, font, style.size) });
      k = j;
    }
    const total = runs.reduce((w, r) => w + r.width, 0);
    let x = rtlParagraph ? style.x + Math.max(0, style.width - total) : style.x;
    const baseline = doc.y + style.size;
    for (const run of runs) {
      doc
        .font(run.font)
        .fontSize(style.size)
        .fillColor(style.color ?? 'black')
        .text(run.text, x, baseline, { lineBreak: false, baseline: 'alphabetic', features: [] });
      x += run.width;
    }
    doc.x = style.x;
    doc.y = baseline - style.size + lineHeight;
  }
}

/**
 * Draws text (any script the parents typed) in a column from doc.y down,
 * calling `newPage` when the page is full. Plain left-to-right text in the
 * base font goes through pdfkit's own (faster) wrapping.
 */
export function drawText(
  doc: PDFKit.PDFDocument,
  text: string,
  style: TextStyle,
  newPage: () => void,
): void {
  for (const para of text.split(/\r?\n/)) {
    if (para.trim() === '') {
      doc.y += style.size * LINE;
      continue;
    }
    if (isPlain(para, style.font)) {
      if (doc.y + style.size * LINE > doc.page.height - doc.page.margins.bottom) newPage();
      doc
        .font(style.font)
        .fontSize(style.size)
        .fillColor(style.color ?? 'black')
        .text(para, style.x, doc.y, { width: style.width, lineGap: style.size * (LINE - 1.2) });
      doc.x = style.x;
    } else {
      drawComplex(doc, para, style, newPage);
    }
  }
}
