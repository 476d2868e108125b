import type { Queryable } from '../db/pool.js';
import type { TaskPriority, TaskStatus, TaskType } from './schema.js';

/** A tasks row, with the assignee's display name when the assignee is a user. */
export interface TaskRow {
  id: number;
  user_id: number;
  room_id: string | null;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: TaskPriority;
  type: TaskType;
  due_date: Date | null;
  assignee_user_id: number | null;
  assignee_name: string | null;
  assigned_to: string | null;
  related_people: string | null;
  completed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** Column values a service may write (snake_case: these are columns). */
export interface TaskColumns {
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: TaskPriority;
  type: TaskType;
  due_date: Date | null;
  assignee_user_id: number | null;
  assigned_to: string | null;
  related_people: string | null;
}

/** Only these names are ever interpolated into SQL. */
const WRITABLE: readonly (keyof TaskColumns)[] = [
  'title',
  'description',
  'status',
  'priority',
  'type',
  'due_date',
  'assignee_user_id',
  'assigned_to',
  'related_people',
];

const SELECT = `SELECT t.id, t.user_id, t.room_id, t.title, t.description, t.status, t.priority, t.type,
       t.due_date, t.assignee_user_id, u.display_name AS assignee_name, t.assigned_to,
       t.related_people, t.completed_at, t.created_at, t.updated_at`;

/** Who may see a task: its owner for a personal task, the room's members for a room task. */
const VISIBLE = `((t.room_id IS NULL AND t.user_id = $2)
   OR (t.room_id IS NOT NULL AND EXISTS (
         SELECT 1 FROM room_members rm WHERE rm.room_id = t.room_id AND rm.user_id = $2)))`;

const present = (changes: Partial<TaskColumns>) =>
  WRITABLE.filter((column) => changes[column] !== undefined).map((column) => ({
    column,
    value: changes[column],
  }));

/** All SQL about tasks. */
export function createTaskRepository(db: Queryable) {
  return {
    /**
     * The caller's personal tasks (off the (user_id, status) index) and the
     * tasks of every room they belong to (off (room_id, status)), soonest due
     * first, undated last.
     */
    async listVisible(
      userId: number,
      filter: { status?: TaskStatus; roomId?: string },
    ): Promise<TaskRow[]> {
      const params: unknown[] = [userId];
      const status = filter.status ? ` AND t.status = $${params.push(filter.status)}` : '';
      const room = filter.roomId ? ` AND t.room_id = $${params.push(filter.roomId)}` : '';
      const personal = filter.roomId
        ? ''
        : `SELECT t.* FROM tasks t WHERE t.user_id = $1 AND t.room_id IS NULL${status} UNION ALL `;
      const { rows } = await db.query<TaskRow>(
        `${SELECT} FROM (
           ${personal}SELECT t.* FROM room_members rm JOIN tasks t ON t.room_id = rm.room_id
            WHERE rm.user_id = $1${status}${room}
         ) t LEFT JOIN users u ON u.id = t.assignee_user_id
         ORDER BY t.due_date ASC NULLS LAST, t.id
         LIMIT 1000`,
        params,
      );
      return rows;
    },

    /** A task the user may see; `lock` holds it for an update in `tx`. */
    async findVisible(
      id: number,
      userId: number,
      tx: Queryable = db,
      lock = false,
    ): Promise<TaskRow | undefined> {
      const { rows } = await tx.query<TaskRow>(
        `${SELECT} FROM tasks t LEFT JOIN users u ON u.id = t.assignee_user_id
          WHERE t.id = $1 AND ${VISIBLE}${lock ? ' FOR UPDATE OF t' : ''}`,
        [id, userId],
      );
      return rows[0];
    },

    async insert(
      tx: Queryable,
      owner: { userId: number; roomId: string | null },
      values: Partial<TaskColumns> & Pick<TaskColumns, 'title' | 'status'>,
    ): Promise<TaskRow> {
      const entries = present(values);
      const statusParam = entries.findIndex((e) => e.column === 'status') + 3;
      const { rows } = await tx.query<TaskRow>(
        `WITH t AS (
           INSERT INTO tasks (user_id, room_id, ${entries.map((e) => e.column).join(', ')}, completed_at)
           VALUES ($1, $2, ${entries.map((_, i) => `$${i + 3}`).join(', ')},
                   CASE WHEN $${statusParam}::text = 'completed' THEN now() END)
           RETURNING *)
         ${SELECT} FROM t LEFT JOIN users u ON u.id = t.assignee_user_id`,
        [owner.userId, owner.roomId, ...entries.map((e) => e.value)],
      );
      return rows[0]!;
    },

    /**
     * Applies the changes. completed_at follows status in the same statement
     * (the table's CHECK ties them): set when it becomes completed, kept if
     * it already was, cleared otherwise.
     */
    async update(tx: Queryable, id: number, changes: Partial<TaskColumns>): Promise<TaskRow> {
      const entries = present(changes);
      const sets = entries.map((e, i) => `${e.column} = $${i + 2}`);
      const statusAt = entries.findIndex((e) => e.column === 'status');
      if (statusAt >= 0) {
        sets.push(
          `completed_at = CASE WHEN $${statusAt + 2}::text = 'completed' THEN COALESCE(completed_at, now()) END`,
        );
      }
      const { rows } = await tx.query<TaskRow>(
        `WITH t AS (
           UPDATE tasks SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1
           RETURNING *)
         ${SELECT} FROM t LEFT JOIN users u ON u.id = t.assignee_user_id`,
        [id, ...entries.map((e) => e.value)],
      );
      return rows[0]!;
    },

    async delete(id: number): Promise<void> {
      await db.query('DELETE FROM tasks WHERE id = $1', [id]);
    },
  };
}

export type TaskRepository = ReturnType<typeof createTaskRepository>;
