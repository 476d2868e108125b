/**
 * The mediator contract (DESIGN.md "Mediation"). Every implementation — the
 * deterministic local one and the Claude one — answers the same question:
 * should this message be held, and if so, what calmer versions keep its facts?
 */

/** Patterns the mediator recognises; each maps to a CHECK-free text column. */
export const PATTERNS = [
  'insult',
  'blame',
  'threat',
  'contempt',
  'shouting',
  'profanity',
  'demand',
  'child_as_messenger',
] as const;
export type Pattern = (typeof PATTERNS)[number];

/** Conversation topics; a thread's category is one of these. */
export const TOPICS = [
  'schedule',
  'school',
  'medical',
  'expenses',
  'activities',
  'travel',
  'safety',
  'general',
] as const;
export type Topic = (typeof TOPICS)[number];

/** A learned trigger of one parent (communication_triggers row, trimmed). */
export interface TriggerHint {
  type: 'topic' | 'phrase' | 'pattern';
  value: string;
  /** 0..1 */
  intensity: number;
}

export interface MediationParty {
  id: number;
  displayName: string;
}

export interface RecentMessage {
  senderId: number;
  text: string;
}

export interface MediationInput {
  text: string;
  sender: MediationParty;
  receiver: MediationParty | null;
  room: { id: string };
  /** Oldest first, at most a handful. */
  recentMessages: RecentMessage[];
  senderTriggers: TriggerHint[];
  receiverTriggers: TriggerHint[];
}

export interface MediationResult {
  action: 'pass' | 'intervene';
  /** 0..1 */
  risk: number;
  patterns: Pattern[];
  /** Phrases from the text that set the patterns off (lower-cased). */
  triggers: string[];
  /** 1..3 when action is 'intervene'; may be empty on 'pass'. */
  suggestions: string[];
  topic: Topic;
  explanation: string;
}

/** Anything that can mediate a message. */
export interface Mediator {
  readonly name: string;
  analyze(input: MediationInput): Promise<MediationResult>;
}
