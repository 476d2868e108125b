import { z } from 'zod';
import { optionalText } from '../shared/validation.js';

/** The fixed lists (migration 005's CHECKs). */
export const TASK_STATUSES = ['open', 'in_progress', 'completed', 'canceled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export const TASK_TYPES = [
  'general',
  'schedule',
  'school',
  'medical',
  'expenses',
  'activities',
  'travel',
] as const;
export type TaskType = (typeof TASK_TYPES)[number];

const text = optionalText;

/** A date (midnight UTC) or a date-time with an offset. */
const dueDate = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((v) => new Date(v))
  .nullable();

/** A room member's user id, or a name in free text ("Grandma"). */
const assignee = z
  .union([z.number().int().positive().max(2_147_483_647), z.string().trim().min(1).max(100)])
  .nullable();

const fields = {
  title: z.string().trim().min(1).max(200),
  description: text(5000),
  status: z.enum(TASK_STATUSES),
  priority: z.enum(TASK_PRIORITIES),
  type: z.enum(TASK_TYPES),
  dueDate,
  assignee,
  relatedPeople: text(500),
};

/** `POST /api/tasks`: a title; with `roomId` it is shared with the room's co-parent. */
export const createTaskBody = z.strictObject({
  title: fields.title,
  description: fields.description.optional(),
  status: fields.status.default('open'),
  priority: fields.priority.default('medium'),
  type: fields.type.default('general'),
  dueDate: fields.dueDate.optional(),
  assignee: fields.assignee.optional(),
  relatedPeople: fields.relatedPeople.optional(),
  roomId: z.uuid().optional(),
});
export type CreateTaskInput = z.infer<typeof createTaskBody>;

/** `PATCH /api/tasks/:id`: any subset; null clears. A task's room never changes. */
export const updateTaskBody = z
  .strictObject({
    title: fields.title.optional(),
    description: fields.description.optional(),
    status: fields.status.optional(),
    priority: fields.priority.optional(),
    type: fields.type.optional(),
    dueDate: fields.dueDate.optional(),
    assignee: fields.assignee.optional(),
    relatedPeople: fields.relatedPeople.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'must change at least one field');
export type UpdateTaskInput = z.infer<typeof updateTaskBody>;

export const taskParams = z.strictObject({
  id: z.coerce.number().int().min(1).max(2_147_483_647),
});

export const listTasksQuery = z.strictObject({
  status: z.enum(TASK_STATUSES).optional(),
  roomId: z.uuid().optional(),
});
