import type { TaskPriority, TaskStatus, TaskType } from './schema.js';
import type { TaskRow } from './taskRepository.js';

/** A task as the people who may see it see it. */
export interface TaskView {
  id: number;
  roomId: string | null;
  createdBy: number;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: TaskPriority;
  type: TaskType;
  dueDate: string | null;
  /** A member (`userId` set) or someone named in free text (`userId` null). */
  assignee: { userId: number | null; name: string } | null;
  relatedPeople: string | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

function assigneeOf(row: TaskRow): TaskView['assignee'] {
  if (row.assignee_user_id !== null) {
    return { userId: row.assignee_user_id, name: row.assignee_name ?? '' };
  }
  return row.assigned_to === null ? null : { userId: null, name: row.assigned_to };
}

export function presentTask(row: TaskRow): TaskView {
  return {
    id: row.id,
    roomId: row.room_id,
    createdBy: row.user_id,
    title: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    type: row.type,
    dueDate: row.due_date?.toISOString() ?? null,
    assignee: assigneeOf(row),
    relatedPeople: row.related_people,
    completedAt: row.completed_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
