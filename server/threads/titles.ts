/**
 * A new thread's title, from the message that opens it: its first sentence,
 * greeting dropped, at most a handful of words. Too little to go on gives
 * the category's name instead.
 */

/** What a thread of each category is called when the message says too little. */
export const CATEGORY_LABELS: Record<string, string> = {
  schedule: 'Schedule',
  school: 'School',
  medical: 'Medical',
  expenses: 'Expenses',
  activities: 'Activities',
  travel: 'Travel',
  safety: 'Safety',
  general: 'General',
};

const MAX_WORDS = 8;
const MAX_CHARS = 60;

// "Hi Bob," / "Hey there -" / "Good morning!" — up to two words after the greeting.
const GREETING =
  /^(?:hi|hello|hey|dear|morning|good (?:morning|afternoon|evening))(?:\s+[\p{L}'-]+){0,2}\s*[,.!:;\u2013\u2014-]+\s*/iu;

const DANGLING = /(?:\s+(?:a|an|and|at|but|by|for|from|in|of|on|or|so|the|to|with))+$/i;

/** The title of a thread opened by `text` in `category`. */
export function titleFor(text: string, category: string): string {
  const label = CATEGORY_LABELS[category] ?? 'General';
  const body = text.replace(/\s+/g, ' ').trim().replace(GREETING, '');
  const sentence =
    body
      .split(/(?<=[.!?])\s|\n/)
      .map((s) => s.trim())
      .find((s) => s.split(' ').length >= 2) ?? body;
  const words = sentence.split(' ').filter(Boolean);
  let title = words.slice(0, MAX_WORDS).join(' ');
  let cut = words.length > MAX_WORDS;
  while (title.length > MAX_CHARS && title.includes(' ')) {
    title = title.slice(0, title.lastIndexOf(' '));
    cut = true;
  }
  title = title.slice(0, MAX_CHARS).replace(/[\s,;:.!?\u2013\u2014-]+$/u, '');
  // "…pickup to 5pm at…" reads better as "…pickup to 5pm…".
  if (cut) title = title.replace(DANGLING, '');
  if (title.split(' ').length < 2 || (title.match(/\p{L}/gu) ?? []).length < 3) return label;
  title = title.charAt(0).toUpperCase() + title.slice(1);
  return cut ? `${title}…` : title;
}
