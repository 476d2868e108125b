import type { Db } from '../db/pool.js';
import type { MessageRow } from '../messages/messageRepository.js';
import type { OutgoingMessage, SendGate } from '../messages/messageService.js';
import { presentMessage } from '../messages/presenter.js';
import { conflict, forbidden, notFound, validationFailed } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { SendResult } from '../shared/socketEvents.js';
import type { ContextMessage, ContextRepository } from './contextRepository.js';
import type {
  FinalOutcome,
  InterventionRepository,
  InterventionRow,
  StoredAnalysis,
} from './interventionRepository.js';
import { sourceOf } from './fallback.js';
import type { Learning } from './learning.js';
import type { LearningRepository } from './learningRepository.js';
import { analyzeDraft, draftReadingOf, type DraftAnalysis } from './local/index.js';
import {
  canSendOriginal,
  heldText,
  presentIntervention,
  presentStats,
  presentTrigger,
} from './presenter.js';
import type { ResolvePayload } from './schema.js';
import type { MediationInput, MediationResult, Mediator, TriggerHint } from './types.js';

/** What the mediator is told about a room besides the message itself. */
export interface RoomContext {
  members: { id: number; displayName: string }[];
  /** Oldest first. */
  recent: ContextMessage[];
  triggers: Map<number, TriggerHint[]>;
}

/** How many of the room's last messages the mediator sees. */
const CONTEXT_MESSAGES = 10;
/** How often, at most, every user's stale interventions are swept to ignored. */
const SWEEP_EVERY_MS = 5 * 60 * 1000;

export interface MediationServiceDeps {
  db: Db;
  mediator: Mediator;
  interventions: InterventionRepository;
  context: ContextRepository;
  learningRepository: LearningRepository;
  learning: Learning;
  /** Messaging's idempotent append (by the sender's clientId). */
  deliver: (
    message: OutgoingMessage & { topic?: string; fromIntervention: true },
  ) => Promise<{ row: MessageRow; created: boolean }>;
  /**
   * A room's members, recent messages and learned triggers from memory (the
   * send path's room state); undefined for a room that does not exist.
   */
  roomContext: (roomId: string) => Promise<RoomContext | undefined>;
  /** A user's triggers changed (a message of theirs was held): cached context is stale. */
  onTriggersChanged?: (userId: number) => void;
  /** INTERVENTION_IGNORE_AFTER_HOURS. */
  ignoreAfterHours: number;
  logger: Logger;
}

/**
 * The mediated send path (DESIGN.md "Mediation"): every message is analysed
 * before delivery; a flagged one is stored and held for its sender, who
 * accepts a rewrite, edits, sends the original or discards. Outcomes feed
 * the statistics, flagged texts the sender's triggers.
 */
export function createMediationService(deps: MediationServiceDeps) {
  const { db, mediator, interventions, context, learning, logger } = deps;
  const staleMs = deps.ignoreAfterHours * 60 * 60 * 1000;
  let lastSweep = 0;

  /** Everything the mediator is told, and the topic of the message this one answers. */
  async function prepare(userId: number, roomId: string, text: string) {
    const known = await deps.roomContext(roomId);
    if (!known) throw notFound('Room');
    const { members, triggers: hints } = known;
    const recent = known.recent.slice(-CONTEXT_MESSAGES);
    const sender = members.find((m) => m.id === userId);
    if (!sender) throw notFound('Room');
    const receiver = members.find((m) => m.id !== userId) ?? null;
    const input: MediationInput = {
      text,
      sender,
      receiver,
      room: { id: roomId },
      recentMessages: recent
        .filter((m) => m.type !== 'system')
        .map((m) => ({ senderId: m.senderId, text: m.text })),
      senderTriggers: hints.get(sender.id) ?? [],
      receiverTriggers: receiver ? (hints.get(receiver.id) ?? []) : [],
    };
    // A flagged reply to the other parent's message teaches that topic.
    const last = recent.at(-1);
    const repliedTopic =
      last && last.senderId !== userId && last.type !== 'system' && last.category !== 'general'
        ? last.category
        : null;
    return { input, repliedTopic };
  }

  function stored(verdict: MediationResult, edits: number): StoredAnalysis {
    const { risk, patterns, triggers, topic, explanation } = verdict;
    const source = sourceOf(verdict, mediator.name);
    return { risk, patterns, triggers, topic, explanation, mediator: source, edits };
  }

  /** A pending intervention past its age counts as ignored (lazily, on access). */
  async function current(row: InterventionRow): Promise<InterventionRow> {
    if (row.outcome !== 'pending' || Date.now() - row.created_at.getTime() < staleMs) return row;
    await interventions.expireStale(deps.ignoreAfterHours, row.user_id);
    return (await interventions.findOwned(row.id, row.user_id)) ?? row;
  }

  /** Every user's stale interventions, at most every few minutes, piggybacked on sends. */
  async function sweep(): Promise<void> {
    if (Date.now() - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = Date.now();
    try {
      const expired = await interventions.expireStale(deps.ignoreAfterHours);
      if (expired > 0) logger.info({ expired }, 'unresolved interventions counted as ignored');
    } catch (err) {
      logger.warn({ err }, 'intervention sweep failed');
    }
  }

  /**
   * What an intervention has come to: still held, discarded, or its message.
   * Delivery is idempotent by the intervention's clientId, so asking again
   * (or a crash between outcome and delivery) never makes a second message.
   */
  async function resultOf(row: InterventionRow): Promise<SendResult> {
    if (row.outcome === 'pending')
      return { status: 'held', intervention: presentIntervention(row) };
    if (row.outcome === 'ignored') return { status: 'discarded' };
    const { row: message } = await deps.deliver({
      roomId: row.room_id,
      senderId: row.user_id,
      clientId: row.client_id,
      text: heldText(row),
      threadId: row.thread_id ?? undefined,
      correctsId: row.corrects_id ?? undefined,
      topic: row.analysis.topic,
      fromIntervention: true,
    });
    if (row.message_id === null) await interventions.linkMessage(row.id, message.id);
    return { status: 'sent', message: presentMessage(message) };
  }

  /** Records the outcome (first resolution wins), then delivers what it says. */
  async function finish(
    row: InterventionRow,
    outcome: FinalOutcome,
    text: string | null,
    topic?: string,
  ): Promise<SendResult> {
    const claimed = await db.withTransaction(async (tx) => {
      const won = await interventions.claim(tx, row.id, outcome, text, topic ?? null);
      if (won) await interventions.countOutcome(tx, row.user_id, outcome);
      return won;
    });
    return resultOf(claimed ?? (await interventions.findOwned(row.id, row.user_id)) ?? row);
  }

  /** What a send whose clientId is a held intervention's gets: that intervention's result. */
  async function heldResult(message: OutgoingMessage): Promise<SendResult> {
    const earlier = await interventions.findByClientId(message.senderId, message.clientId);
    if (!earlier) throw conflict('That message is being processed; try again');
    if (earlier.room_id !== message.roomId) {
      throw conflict('That clientId was already used for another room');
    }
    return resultOf(await current(earlier));
  }

  const gate: SendGate = {
    // No clientId lookup here: a retry of a held message is held again by the
    // unique (user, clientId) below, and one that would now pass is stopped
    // at the append, which checks messages and interventions under the lock.
    heldResult,
    async review(message) {
      void sweep();
      const { input, repliedTopic } = await prepare(message.senderId, message.roomId, message.text);
      const verdict = await mediator.analyze(input);
      if (verdict.action === 'pass') {
        // The local mediator's own reading of the text: learning needs no second analysis.
        const reading = draftReadingOf(verdict);
        return { action: 'deliver', text: message.text, topic: verdict.topic, reading };
      }
      const held = await db.withTransaction(async (tx) => {
        const row = await interventions.insertHeld(tx, {
          userId: message.senderId,
          roomId: message.roomId,
          clientId: message.clientId,
          threadId: message.threadId ?? null,
          correctsId: message.correctsId ?? null,
          text: message.text,
          suggestions: verdict.suggestions,
          analysis: stored(verdict, 0),
        });
        if (!row) return undefined;
        await interventions.countNew(tx, message.senderId);
        await learning.recordFlagged(tx, message.senderId, verdict, repliedTopic);
        return row;
      });
      if (held) deps.onTriggersChanged?.(message.senderId);
      // A duplicate of this clientId was held concurrently: answer with that one.
      const row = held ?? (await interventions.findByClientId(message.senderId, message.clientId));
      if (!row) throw conflict('That message is being processed; try again');
      return resultOf(row);
    },
  };

  return {
    gate,

    /** `intervention:resolve`: the sender's choice; resolving twice returns the first result. */
    async resolve(userId: number, choice: ResolvePayload): Promise<SendResult> {
      const found = await interventions.findOwned(choice.interventionId, userId);
      if (!found) throw notFound('Intervention');
      const row = await current(found);
      if (row.outcome !== 'pending') return resultOf(row);
      switch (choice.choice) {
        case 'discard':
          return finish(row, 'ignored', null);
        case 'accept': {
          const suggestion = row.suggestions[choice.suggestionIndex];
          if (suggestion === undefined) {
            throw validationFailed('There is no suggestion at that index', {
              issues: [{ field: 'suggestionIndex', message: 'out of range' }],
            });
          }
          return finish(row, 'accepted', suggestion);
        }
        case 'send_original':
          if (!canSendOriginal(row)) {
            throw forbidden(
              'A threat is never sent as written: pick a suggestion, edit or discard',
            );
          }
          return finish(row, 'rejected', heldText(row));
        case 'edit': {
          const { input, repliedTopic } = await prepare(userId, row.room_id, choice.text);
          const verdict = await mediator.analyze(input);
          if (verdict.action === 'pass') return finish(row, 'modified', choice.text, verdict.topic);
          const updated = await db.withTransaction(async (tx) => {
            const held = await interventions.holdEdit(tx, row.id, {
              text: choice.text,
              suggestions: verdict.suggestions,
              analysis: stored(verdict, row.analysis.edits + 1),
            });
            if (held) await learning.recordFlagged(tx, userId, verdict, repliedTopic);
            return held;
          });
          if (updated) deps.onTriggersChanged?.(userId);
          return resultOf(updated ?? (await interventions.findOwned(row.id, userId)) ?? row);
        }
      }
    },

    /** `draft:analyze`: the local mediator's live meter, for members of the room. */
    async analyzeDraft(userId: number, roomId: string, text: string): Promise<DraftAnalysis> {
      if (!(await context.isMember(roomId, userId))) throw notFound('Room');
      return analyzeDraft(text);
    },

    /** The live meter when membership is already known (the socket is in the room). */
    analyzeDraftText(text: string): Promise<DraftAnalysis> {
      return Promise.resolve(analyzeDraft(text));
    },

    /** The caller's own statistics (stale pending ones counted as ignored first). */
    async stats(userId: number) {
      await interventions.expireStale(deps.ignoreAfterHours, userId);
      return presentStats(await interventions.stats(userId));
    },

    /** The caller's own learned triggers, strongest first. */
    async triggers(userId: number) {
      return (await deps.learningRepository.list(userId)).map(presentTrigger);
    },
  };
}

export type MediationService = ReturnType<typeof createMediationService>;
