import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The fonts shipped in assets/fonts (Noto, SIL Open Font License 1.1, which
 * allows bundling and redistribution; the licence texts sit beside them).
 * pdfkit has no font fallback, so text is split into runs and each run is
 * set in the first of these that covers its script.
 */
const FONT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../assets/fonts');

export const FONT_FILES = {
  sans: 'NotoSans-Regular.ttf',
  bold: 'NotoSans-Bold.ttf',
  hebrew: 'NotoSansHebrew-Regular.ttf',
  arabic: 'NotoSansArabic-Regular.ttf',
  cjk: 'NotoSansSC-Regular.ttf',
  emoji: 'NotoEmoji-Regular.ttf',
} as const;
export type FontKey = keyof typeof FONT_FILES;

/** Registers every font under its key; pdfkit loads a file only when a run first uses it. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const [key, file] of Object.entries(FONT_FILES)) {
    doc.registerFont(key, path.join(FONT_DIR, file));
  }
}

const HEBREW = /\p{Script=Hebrew}/u;
const ARABIC = /\p{Script=Arabic}/u;
const CJK =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\u3000-\u303f\uff00-\uffef]/u;
const EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u{1f3fb}-\u{1f3ff}]/u;
/** Characters that belong to whatever they sit next to: joiners, selectors, marks, spaces, punctuation. */
const NEUTRAL = /[\p{Script=Common}\p{Script=Inherited}]/u;
const RTL = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}]/u;

/** Whether a string holds a right-to-left letter. */
export const hasRtl = (s: string) => RTL.test(s);

/** The font of each code unit of `text` (a surrogate pair's two units share one). */
export function fontsOf(text: string, base: FontKey): FontKey[] {
  const out: FontKey[] = [];
  let previous: FontKey = base;
  for (const ch of text) {
    let key: FontKey;
    if (EMOJI.test(ch) && !/^[#*0-9©®]$/.test(ch)) key = 'emoji';
    else if (HEBREW.test(ch)) key = 'hebrew';
    else if (ARABIC.test(ch)) key = 'arabic';
    else if (CJK.test(ch)) key = 'cjk';
    else if (ch === '\u200d' || ch === '\ufe0f') key = previous;
    else if (NEUTRAL.test(ch) && previous !== 'emoji') key = previous;
    else key = base;
    for (let i = 0; i < ch.length; i += 1) out.push(key);
    previous = key;
  }
  return out;
}

/** Whether pdfkit's own line wrapping can set this text (one font, left to right). */
export function isPlain(text: string, base: FontKey): boolean {
  return !hasRtl(text) && fontsOf(text, base).every((k) => k === base);
}
