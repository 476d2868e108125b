/**
 * Replays the demo history through the services, exactly as the transports
 * call them: accounts, pairing, contacts, then each step of the month.
 */
import { createContactBody } from '../../server/contacts/schema.js';
import type { Services } from '../../server/container.js';
import type { ResolvePayload } from '../../server/mediation/schema.js';
import type { SendResult } from '../../server/shared/socketEvents.js';
import { createTaskBody, updateTaskBody } from '../../server/tasks/schema.js';
import {
  DEMO_CONTACTS,
  DEMO_PARENTS,
  DEMO_PASSWORD,
  type HeldChoice,
  type Parent,
  type Step,
} from './history.js';

const META = { ip: '127.0.0.1', userAgent: 'parley seed:demo' };
const DAY_MS = 24 * 60 * 60 * 1000;

export interface Couple {
  userIds: Record<Parent, number>;
  roomId: string;
  contacts: number;
}

/** Both accounts, the pairing (invite by email, accepted by code) and the contacts. */
export async function setUpCouple(services: Services): Promise<Couple> {
  const userIds = {} as Record<Parent, number>;
  for (const parent of ['a', 'b'] as const) {
    const user = await services.auth.signup(
      { ...DEMO_PARENTS[parent], password: DEMO_PASSWORD },
      META.ip,
    );
    userIds[parent] = user.id;
    // Demo addresses (*.example) receive no mail: the operator seeding them vouches for
    // them, as a verified link would (an email-bound invitation needs a proven address).
    await services.users.markEmailVerified(user.id);
  }
  const { pairing } = await services.pairing.create(
    userIds.a,
    { email: DEMO_PARENTS.b.email },
    META,
  );
  const { room } = await services.pairing.accept(userIds.b, { code: pairing.pairing_code }, META);
  let contacts = 0;
  for (const contact of DEMO_CONTACTS) {
    const owners = contact.relationship === 'child' ? (['a', 'b'] as const) : (['a'] as const);
    for (const owner of owners) {
      await services.contacts.create(userIds[owner], createContactBody.parse(contact));
      contacts++;
    }
  }
  return { userIds, roomId: room.id, contacts };
}

export interface ReplaySummary extends Couple {
  messages: number;
  held: number;
  outcomes: string[];
  tasks: number;
}

/** What the sender picks for a held message; an original that may not be sent gets the first suggestion. */
function resolution(id: string, choice: HeldChoice, canSendOriginal: boolean): ResolvePayload {
  if (choice.choice === 'send_original' && !canSendOriginal)
    return { interventionId: id, choice: 'accept', suggestionIndex: 0 };
  return { interventionId: id, ...choice };
}

export async function replayHistory(
  services: Services,
  couple: Couple,
  steps: Step[],
  hooks: {
    at(day: number, time: string): void;
    progress(done: number, label: string): void;
    realNow: number;
  },
): Promise<ReplaySummary> {
  const { userIds, roomId } = couple;
  const lastMessage: Partial<Record<Parent, { id: number; seq: number }>> = {};
  let lastSeq = 0;
  const taskIds = new Map<string, number>();
  const summary = { ...couple, messages: 0, held: 0, outcomes: [] as string[], tasks: 0 };

  const record = (from: Parent, result: SendResult) => {
    if (result.status !== 'sent') return;
    lastMessage[from] = { id: result.message.id, seq: result.message.seq };
    lastSeq = Math.max(lastSeq, result.message.seq);
    summary.messages++;
  };

  for (const [i, step] of steps.entries()) {
    hooks.at(step.day, step.at);
    const userId = userIds[step.from];
    if ('say' in step) {
      let result = await services.messages.send({
        roomId,
        senderId: userId,
        clientId: `demo-${i}`,
        text: step.say,
      });
      // An edit can be held again; the sender then takes the first suggestion.
      for (let round = 0; result.status === 'held' && round < 3; round++) {
        const { intervention } = result;
        const wanted =
          round === 0 ? (step.ifHeld ?? { choice: 'accept', suggestionIndex: 0 }) : null;
        const payload = resolution(
          intervention.id,
          wanted ?? { choice: 'accept', suggestionIndex: 0 },
          intervention.canSendOriginal,
        );
        if (round === 0) {
          summary.held++;
          summary.outcomes.push(payload.choice);
        }
        result = await services.mediation.resolve(userId, payload);
      }
      record(step.from, result);
    } else if ('correct' in step) {
      const original = lastMessage[step.from];
      if (original) {
        record(
          step.from,
          await services.messages.correct({
            userId,
            messageId: original.id,
            clientId: `demo-${i}`,
            text: step.correct,
          }),
        );
      }
    } else if ('task' in step) {
      const due = new Date(hooks.realNow + step.task.dueInDays * DAY_MS);
      const task = await services.tasks.create(
        userId,
        createTaskBody.parse({
          title: step.task.title,
          type: step.task.type,
          roomId,
          dueDate: due.toISOString().slice(0, 10),
          assignee: step.task.assignTo ? userIds[step.task.assignTo] : undefined,
        }),
      );
      taskIds.set(step.task.title, task.id);
      summary.tasks++;
    } else if ('completeTask' in step) {
      const id = taskIds.get(step.completeTask);
      if (id !== undefined)
        await services.tasks.update(userId, id, updateTaskBody.parse({ status: 'completed' }));
    } else if (lastSeq > 0) {
      await services.messages.markRead(userId, roomId, lastSeq);
    }
    hooks.progress(i + 1, `day ${step.day + 1} of 30`);
  }
  return summary;
}
