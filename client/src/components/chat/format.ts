/** Dates and mediator patterns in plain words. */

export const timeOf = (iso: string) =>
  new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

export const dateTimeOf = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function dayOf(iso: string): string {
  const d = new Date(iso);
  const today = new Date();
  const yesterday = new Date(Date.now() - 86_400_000);
  if (d.toDateString() === today.toDateString()) return 'Today';
  if (d.toDateString() === yesterday.toDateString()) return 'Yesterday';
  return d.toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
}

const PATTERN_WORDS: Record<string, string> = {
  insult: 'name-calling',
  blame: 'blame (“you always”, “you never”)',
  threat: 'a threat (about custody, court or money)',
  contempt: 'sarcasm or contempt',
  shouting: 'shouting (capitals or many exclamation marks)',
  profanity: 'swearing',
  demand: 'a demand',
  child_as_messenger: 'asking a child to carry a message',
};

export const patternWords = (p: string) => PATTERN_WORDS[p] ?? p.replace(/_/g, ' ');

/** "name-calling and a demand" */
export function listWords(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
