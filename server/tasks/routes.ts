import { Router } from 'express';
import { currentUserId, requireUser } from '../auth/session.js';
import { parse } from '../shared/validation.js';
import { presentTask } from './presenter.js';
import { createTaskBody, listTasksQuery, taskParams, updateTaskBody } from './schema.js';
import type { TaskService } from './taskService.js';

/** `/api/tasks`: personal tasks and the tasks of the caller's rooms. */
export function taskRoutes(deps: { tasks: TaskService }): Router {
  const router = Router();
  router.use(requireUser);

  router.get('/', async (req, res) => {
    const filter = parse(listTasksQuery, req.query, 'Query');
    const rows = await deps.tasks.list(currentUserId(req), filter);
    res.json({ tasks: rows.map(presentTask) });
  });

  router.post('/', async (req, res) => {
    const input = parse(createTaskBody, req.body, 'Task');
    const row = await deps.tasks.create(currentUserId(req), input);
    res.status(201).json({ task: presentTask(row) });
  });

  router.get('/:id', async (req, res) => {
    const { id } = parse(taskParams, req.params, 'Task id');
    res.json({ task: presentTask(await deps.tasks.get(currentUserId(req), id)) });
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parse(taskParams, req.params, 'Task id');
    const patch = parse(updateTaskBody, req.body, 'Task');
    res.json({ task: presentTask(await deps.tasks.update(currentUserId(req), id, patch)) });
  });

  router.delete('/:id', async (req, res) => {
    const { id } = parse(taskParams, req.params, 'Task id');
    await deps.tasks.remove(currentUserId(req), id);
    res.status(204).end();
  });

  return router;
}
