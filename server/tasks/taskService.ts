import type { Db, Queryable } from '../db/pool.js';
import type { NotificationService } from '../notifications/notificationService.js';
import type { MemberRow, RoomRepository } from '../rooms/roomRepository.js';
import { forbidden, notFound, validationFailed } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { TaskColumns, TaskRepository, TaskRow } from './taskRepository.js';
import type { CreateTaskInput, TaskStatus, UpdateTaskInput } from './schema.js';

/** Posts a system message in a room (messaging's `sendSystem`, wired by the container). */
export type PostSystemMessage = (roomId: string, actorId: number, text: string) => Promise<void>;

export interface TaskServiceDeps {
  db: Db;
  tasks: TaskRepository;
  rooms: Pick<RoomRepository, 'isMember' | 'membersOf'>;
  notifications: Pick<NotificationService, 'enqueue'>;
  logger: Logger;
  postSystemMessage?: PostSystemMessage;
}

type Assignee = CreateTaskInput['assignee'];

/**
 * Tasks. A personal task is its owner's alone; a room task is seen and
 * edited by every member of the room, announced in the room when created or
 * completed, and its assignee / the other members are notified (through the
 * outbox, so a notification exists if and only if the change committed).
 * Anyone else gets not_found.
 */
export function createTaskService(deps: TaskServiceDeps) {
  const { db, tasks, rooms, notifications, logger, postSystemMessage } = deps;

  /** A member id must be in the task's room (or be the owner, for a personal task). */
  function resolveAssignee(
    assignee: Assignee,
    actorId: number,
    roomId: string | null,
    members: MemberRow[],
  ): Pick<TaskColumns, 'assignee_user_id' | 'assigned_to'> | undefined {
    if (assignee === undefined) return undefined;
    if (assignee === null) return { assignee_user_id: null, assigned_to: null };
    if (typeof assignee === 'string') return { assignee_user_id: null, assigned_to: assignee };
    const allowed = roomId ? members.some((m) => m.user_id === assignee) : assignee === actorId;
    if (!allowed) {
      throw validationFailed('The assignee must be a member of the task’s room', {
        issues: [{ field: 'assignee', message: 'not a member of the room' }],
      });
    }
    return { assignee_user_id: assignee, assigned_to: null };
  }

  const nameOf = (members: MemberRow[], userId: number) =>
    members.find((m) => m.user_id === userId)?.display_name ?? 'Your co-parent';

  async function notifyAssigned(
    tx: Queryable,
    task: TaskRow,
    actorId: number,
    members: MemberRow[],
    previous: number | null,
  ): Promise<void> {
    const assignee = task.assignee_user_id;
    if (assignee === null || assignee === actorId || assignee === previous) return;
    await notifications.enqueue(tx, {
      userId: assignee,
      type: 'task_assigned',
      title: `${nameOf(members, actorId)} assigned you a task`,
      body: task.title,
      relatedId: String(task.id),
      relatedType: 'task',
      pushUrl: '/tasks',
    });
  }

  async function notifyCompleted(
    tx: Queryable,
    task: TaskRow,
    actorId: number,
    members: MemberRow[],
  ): Promise<void> {
    for (const member of members) {
      if (member.user_id === actorId) continue;
      await notifications.enqueue(tx, {
        userId: member.user_id,
        type: 'task_completed',
        title: `${nameOf(members, actorId)} completed a task`,
        body: task.title,
        relatedId: String(task.id),
        relatedType: 'task',
        pushUrl: '/tasks',
      });
    }
  }

  /** After commit: the room's record says what happened. A failure here does not undo the task. */
  async function announce(task: TaskRow, actorId: number, what: 'added' | 'completed') {
    if (!task.room_id || !postSystemMessage) return;
    const text = what === 'added' ? `Task added: ${task.title}` : `Task completed: ${task.title}`;
    await postSystemMessage(task.room_id, actorId, text).catch((err: unknown) =>
      logger.warn({ err, taskId: task.id }, 'task system message failed'),
    );
  }

  return {
    list(userId: number, filter: { status?: TaskStatus; roomId?: string }): Promise<TaskRow[]> {
      return tasks.listVisible(userId, filter);
    },

    async get(userId: number, id: number): Promise<TaskRow> {
      const row = await tasks.findVisible(id, userId);
      if (!row) throw notFound('Task');
      return row;
    },

    async create(userId: number, input: CreateTaskInput): Promise<TaskRow> {
      const roomId = input.roomId ?? null;
      if (roomId && !(await rooms.isMember(roomId, userId))) throw notFound('Room');
      const members = roomId ? await rooms.membersOf(roomId) : [];
      const assignee = resolveAssignee(input.assignee, userId, roomId, members);
      const row = await db.withTransaction(async (tx) => {
        const task = await tasks.insert(
          tx,
          { userId, roomId },
          {
            title: input.title,
            description: input.description,
            status: input.status,
            priority: input.priority,
            type: input.type,
            due_date: input.dueDate,
            related_people: input.relatedPeople,
            ...assignee,
          },
        );
        await notifyAssigned(tx, task, userId, members, null);
        return task;
      });
      await announce(row, userId, 'added');
      return row;
    },

    async update(userId: number, id: number, patch: UpdateTaskInput): Promise<TaskRow> {
      const { task, completed } = await db.withTransaction(async (tx) => {
        const before = await tasks.findVisible(id, userId, tx, true);
        if (!before) throw notFound('Task');
        const members = before.room_id ? await rooms.membersOf(before.room_id, tx) : [];
        const after = await tasks.update(tx, id, {
          title: patch.title,
          description: patch.description,
          status: patch.status,
          priority: patch.priority,
          type: patch.type,
          due_date: patch.dueDate,
          related_people: patch.relatedPeople,
          ...resolveAssignee(patch.assignee, userId, before.room_id, members),
        });
        await notifyAssigned(tx, after, userId, members, before.assignee_user_id);
        const justCompleted = before.status !== 'completed' && after.status === 'completed';
        if (justCompleted) await notifyCompleted(tx, after, userId, members);
        return { task: after, completed: justCompleted };
      });
      if (completed) await announce(task, userId, 'completed');
      return task;
    },

    /** Only a task's creator deletes it; a co-parent who can see it gets forbidden. */
    async remove(userId: number, id: number): Promise<void> {
      const row = await tasks.findVisible(id, userId);
      if (!row) throw notFound('Task');
      if (row.user_id !== userId)
        throw forbidden('Only the person who created a task can delete it');
      await tasks.delete(id);
    },
  };
}

export type TaskService = ReturnType<typeof createTaskService>;
