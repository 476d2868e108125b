import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

let server: TestServer;
let ann: SignedInUser;

beforeAll(async () => {
  server = await startTestServer();
  ann = await signUp(server.url, { displayName: 'Ann' });
});
afterAll(async () => {
  await server.stop();
});

describe('contacts CRUD', () => {
  it('creates, lists, reads, updates and deletes a child contact', async () => {
    const created = await ann.agent.post('/api/contacts').send({
      firstName: ' Mia ',
      lastName: 'Smith',
      relationship: 'child',
      childBirthdate: '2016-04-30',
      childSchool: 'Oak Primary',
      childHealthNotes: 'Peanut allergy',
    });
    expect(created.status).toBe(201);
    const contact = created.body.contact;
    expect(contact).toMatchObject({
      firstName: 'Mia',
      lastName: 'Smith',
      email: null,
      relationship: 'child',
      childBirthdate: '2016-04-30',
      childSchool: 'Oak Primary',
      childHealthNotes: 'Peanut allergy',
      linkedUserId: null,
    });

    const list = await ann.agent.get('/api/contacts');
    expect((list.body.contacts as { id: number }[]).map((c) => c.id)).toEqual([contact.id]);
    expect((await ann.agent.get('/api/contacts?relationship=child')).body.contacts).toHaveLength(1);
    expect((await ann.agent.get('/api/contacts?relationship=teacher')).body.contacts).toHaveLength(
      0,
    );
    expect((await ann.agent.get(`/api/contacts/${contact.id}`)).body.contact).toEqual(contact);

    const patched = await ann.agent
      .patch(`/api/contacts/${contact.id}`)
      .send({ childSchool: 'Elm Secondary', lastName: null, notes: '' });
    expect(patched.status).toBe(200);
    expect(patched.body.contact).toMatchObject({
      childSchool: 'Elm Secondary',
      lastName: null,
      notes: null,
      firstName: 'Mia',
    });

    expect((await ann.agent.delete(`/api/contacts/${contact.id}`)).status).toBe(204);
    expect((await ann.agent.get(`/api/contacts/${contact.id}`)).status).toBe(404);
    expect((await ann.agent.delete(`/api/contacts/${contact.id}`)).status).toBe(404);
  });

  it('one contact per email per owner: a duplicate is 409 on create and on update', async () => {
    const first = await ann.agent
      .post('/api/contacts')
      .send({ firstName: 'Teacher', email: 'Teacher@School.example', relationship: 'teacher' });
    expect(first.status).toBe(201);
    expect(first.body.contact.email).toBe('teacher@school.example');
    const dup = await ann.agent
      .post('/api/contacts')
      .send({ firstName: 'Again', email: 'teacher@school.example' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'conflict', details: { field: 'email' } });

    const other = await ann.agent
      .post('/api/contacts')
      .send({ firstName: 'Doc', relationship: 'doctor' });
    const clash = await ann.agent
      .patch(`/api/contacts/${other.body.contact.id}`)
      .send({ email: 'teacher@school.example' });
    expect(clash.status).toBe(409);

    // Another owner may hold the same email.
    const bob = await signUp(server.url, { displayName: 'Bob' });
    expect(
      (
        await bob.agent
          .post('/api/contacts')
          .send({ firstName: 'T', email: 'teacher@school.example' })
      ).status,
    ).toBe(201);
  });

  it('refuses invalid input with 400 validation_failed', async () => {
    const bad = [
      {},
      { firstName: '' },
      { firstName: 'X', relationship: 'cousin' },
      { firstName: 'X', email: 'nope' },
      { firstName: 'X', childBirthdate: '2999-01-01' },
      { firstName: 'X', childBirthdate: '30/04/2016' },
      { firstName: 'X', linkedUserId: 1 },
      { firstName: 'X'.repeat(101) },
    ];
    for (const body of bad) {
      const res = await ann.agent.post('/api/contacts').send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const c = await ann.agent.post('/api/contacts').send({ firstName: 'Valid' });
    expect((await ann.agent.patch(`/api/contacts/${c.body.contact.id}`).send({})).status).toBe(400);
    expect(
      (await ann.agent.patch(`/api/contacts/${c.body.contact.id}`).send({ firstName: null }))
        .status,
    ).toBe(400);
    expect((await ann.agent.get('/api/contacts/abc')).status).toBe(400);
    expect((await ann.agent.get('/api/contacts?foo=1')).status).toBe(400);
    expect((await ann.agent.get('/api/contacts/99999999999')).status).toBe(400);
  });
});
