import { Router } from 'express';
import { currentUserId, requireUser } from '../auth/session.js';
import { parse } from '../shared/validation.js';
import type { ContactService } from './contactService.js';
import { presentContact } from './presenter.js';
import {
  contactParams,
  createContactBody,
  listContactsQuery,
  updateContactBody,
} from './schema.js';

/** `/api/contacts`: the caller's own contacts; another user's id answers not_found. */
export function contactRoutes(deps: { contacts: ContactService }): Router {
  const router = Router();
  router.use(requireUser);

  router.get('/', async (req, res) => {
    const { relationship } = parse(listContactsQuery, req.query, 'Query');
    const rows = await deps.contacts.list(currentUserId(req), relationship);
    res.json({ contacts: rows.map(presentContact) });
  });

  router.post('/', async (req, res) => {
    const input = parse(createContactBody, req.body, 'Contact');
    const row = await deps.contacts.create(currentUserId(req), input);
    res.status(201).json({ contact: presentContact(row) });
  });

  router.get('/:id', async (req, res) => {
    const { id } = parse(contactParams, req.params, 'Contact id');
    res.json({ contact: presentContact(await deps.contacts.get(currentUserId(req), id)) });
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parse(contactParams, req.params, 'Contact id');
    const patch = parse(updateContactBody, req.body, 'Contact');
    const row = await deps.contacts.update(currentUserId(req), id, patch);
    res.json({ contact: presentContact(row) });
  });

  router.delete('/:id', async (req, res) => {
    const { id } = parse(contactParams, req.params, 'Contact id');
    await deps.contacts.remove(currentUserId(req), id);
    res.status(204).end();
  });

  return router;
}
