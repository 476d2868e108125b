/** Tasks: shared with the co-parent (the room's) or personal; status, due date, who does it. */
import { useState } from 'react';
import { api, errorText } from '../api/http';
import { keys, queryClient, useMe, useRooms, useTasks } from '../api/queries';
import { TASK_STATUSES, type TaskStatus, type TaskView } from '../api/types';
import { Alert, Field } from '../components/Field';
import { useApiForm } from '../components/useApiForm';

const STATUS_WORDS: Record<TaskStatus, string> = {
  open: 'To do',
  in_progress: 'In progress',
  completed: 'Done',
  canceled: 'Canceled',
};

const refresh = () => queryClient.invalidateQueries({ queryKey: keys.tasks });

function dueText(task: TaskView): { text: string; overdue: boolean } | null {
  if (!task.dueDate) return null;
  const due = new Date(task.dueDate);
  const overdue =
    due.getTime() < Date.now() && task.status !== 'completed' && task.status !== 'canceled';
  return { text: due.toLocaleDateString(undefined, { dateStyle: 'medium' }), overdue };
}

function TaskItem({ task, names, me }: { task: TaskView; names: Map<number, string>; me: number }) {
  const [error, setError] = useState('');
  async function setStatus(status: string) {
    try {
      await api(`/tasks/${task.id}`, { method: 'PATCH', body: { status } });
      await refresh();
    } catch (err) {
      setError(errorText(err));
    }
  }
  async function remove() {
    if (!confirm(`Delete the task “${task.title}”?`)) return;
    await api(`/tasks/${task.id}`, { method: 'DELETE' }).catch((err: unknown) =>
      setError(errorText(err)),
    );
    await refresh();
  }
  const due = dueText(task);
  const selectId = `task-status-${task.id}`;
  return (
    <li className={`task ${task.status}`}>
      <div className="task-main">
        <h3>{task.title}</h3>
        <p className="thread-meta">
          {task.roomId ? 'Shared' : 'Only you'}
          {task.assignee && (
            <>
              {' '}
              ·{' '}
              {task.assignee.userId
                ? (names.get(task.assignee.userId) ?? task.assignee.name)
                : task.assignee.name}
            </>
          )}
          {due && (
            <>
              {' '}
              ·{' '}
              <span className={due.overdue ? 'overdue' : ''}>
                {due.overdue ? 'Overdue: ' : 'Due '}
                {due.text}
              </span>
            </>
          )}
          {' · '}
          {task.createdBy === me
            ? 'added by you'
            : `added by ${names.get(task.createdBy) ?? 'your co-parent'}`}
        </p>
        {task.description && <p>{task.description}</p>}
        <Alert>{error}</Alert>
      </div>
      <div className="task-actions">
        <label htmlFor={selectId} className="sr-only">
          Status of {task.title}
        </label>
        <select id={selectId} value={task.status} onChange={(e) => void setStatus(e.target.value)}>
          {TASK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_WORDS[s]}
            </option>
          ))}
        </select>
        <button type="button" className="quiet" onClick={() => void remove()}>
          Delete<span className="sr-only"> {task.title}</span>
        </button>
      </div>
    </li>
  );
}

function NewTask({
  roomId,
  people,
}: {
  roomId: string | undefined;
  people: { id: number; name: string }[];
}) {
  const [title, setTitle] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [assignee, setAssignee] = useState('');
  const [shared, setShared] = useState(true);
  const form = useApiForm(async () => {
    await api('/tasks', {
      method: 'POST',
      body: {
        title,
        ...(dueDate && { dueDate }),
        ...(assignee && { assignee: Number(assignee) }),
        ...(shared && roomId && { roomId }),
      },
    });
    setTitle('');
    setDueDate('');
    setAssignee('');
    await refresh();
  });
  const errors = form.errors;
  return (
    <form className="card" onSubmit={form.onSubmit} noValidate aria-labelledby="new-task-title">
      <h2 id="new-task-title">New task</h2>
      <Field
        label="What needs doing"
        name="title"
        value={title}
        onChange={setTitle}
        error={errors.title}
        required
        maxLength={200}
      />
      <div className="grid-2">
        <Field
          label="Due date (optional)"
          name="dueDate"
          type="date"
          value={dueDate}
          onChange={setDueDate}
          error={errors.dueDate}
        />
        <Field
          label="Who does it"
          name="assignee"
          value={assignee}
          onChange={setAssignee}
          error={errors.assignee}
          options={[
            { value: '', label: 'Not decided' },
            ...people.map((p) => ({ value: String(p.id), label: p.name })),
          ]}
        />
      </div>
      {roomId && (
        <label className="check">
          <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />{' '}
          Share with your co-parent
        </label>
      )}
      <Alert>{form.error}</Alert>
      <button type="submit" className="primary" disabled={form.busy}>
        Add task
      </button>
    </form>
  );
}

export default function TasksPage() {
  const me = useMe().data!;
  const { data: rooms = [] } = useRooms();
  const { data: tasks = [], isPending, error } = useTasks();
  const [show, setShow] = useState<'open' | 'all'>('open');
  const room = rooms[0];
  const people = (room?.members ?? [{ id: me.id, displayName: me.displayName }]).map((m) => ({
    id: m.id,
    name: m.id === me.id ? `Me (${m.displayName})` : m.displayName,
  }));
  const names = new Map(people.map((p) => [p.id, p.name]));
  const visible = tasks.filter(
    (t) => show === 'all' || t.status === 'open' || t.status === 'in_progress',
  );
  return (
    <section className="page">
      <h1>Tasks</h1>
      <NewTask roomId={room?.id} people={people} />
      <div className="row list-head">
        <h2>{show === 'open' ? 'To do' : 'All tasks'}</h2>
        <button
          type="button"
          className="quiet"
          onClick={() => setShow(show === 'open' ? 'all' : 'open')}
        >
          {show === 'open' ? 'Show done and canceled too' : 'Show only what is left to do'}
        </button>
      </div>
      {error && <Alert>{errorText(error)}</Alert>}
      {isPending ? (
        <p role="status">Loading tasks…</p>
      ) : visible.length === 0 ? (
        <p className="empty">Nothing here yet.</p>
      ) : (
        <ul className="tasks">
          {visible.map((t) => (
            <TaskItem key={t.id} task={t} names={names} me={me.id} />
          ))}
        </ul>
      )}
    </section>
  );
}
