/**
 * Issue 11: the authorization matrix. Every REST route and every socket
 * event, called by each role — anonymous, an outsider, the owner's
 * co-parent in another room, the professional holding a live grant on the
 * room, the co-parent, the owner of the data —
 * gets the status (or ack error code) written in its row, a refused call
 * changes nothing, and secret markers planted in every kind of the owner's
 * data never reach a role not allowed to see them (every response body and
 * header and every socket payload is scanned). A route or event without a
 * row fails the first test.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rm } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { createApp } from '../../server/app.js';
import type { z } from 'zod';
import {
  clientEvents,
  serverEvents,
  type ServerEventName,
} from '../../server/shared/socketSchemas.js';
import { REST_ROWS, type RestRow } from '../support/authz/restRows.js';
import { SOCKET_ROWS } from '../support/authz/socketRows.js';
import {
  buildWorld,
  leaks,
  mailedTokens,
  ROLES,
  type Role,
  type Scope,
  type World,
} from '../support/authz/world.js';
import { pdf, tempFile } from '../support/records.js';
import { listRoutes } from '../support/routeTable.js';
import { connectSocket, emitRaw } from '../support/sockets.js';

let w: World;

// Generous limits: a loaded machine (several suites at once) takes twice as long or more.
beforeAll(async () => {
  w = await buildWorld();
}, 120_000);

afterAll(async () => {
  await w?.stop();
});

/** The stable error code each refusal status carries (DESIGN.md "Errors"). */
const CODE_OF: Record<number, string> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
};

const labelOf = (r: { note?: string }, name: string) => (r.note ? `${name} (${r.note})` : name);

/** Runs one REST row for every role; returns the cells that differ from the row. */
async function runRestRow(row: RestRow): Promise<string[]> {
  const wrong: string[] = [];
  const label = labelOf(row, row.route);
  const target = row.prepare ? await row.prepare(w) : {};
  for (const role of ROLES) {
    const agent = row.session ? await w.freshAgent(role) : w.agents[role];
    const before = await row.probe?.(w, target);
    const res = w.capture(role, label, await row.call(agent, w, target, role));
    // A PDF's text is compressed in the file: read it as a reader would.
    if (Buffer.isBuffer(res.body) && /pdf/.test(String(res.headers['content-type']))) {
      const file = await tempFile('matrix.pdf', res.body);
      const text = await pdf.text(file, 1, await pdf.pages(file));
      w.captures.push({ role, where: `${label}, its text`, text });
      await rm(file);
    }
    if (res.status !== row.expected[role])
      wrong.push(`${label} × ${role}: ${res.status}, expected ${row.expected[role]}`);
    if (res.status >= 400 && /json/.test(String(res.headers['content-type']))) {
      const body = (Buffer.isBuffer(res.body) ? JSON.parse(res.body.toString()) : res.body) as {
        error?: { code?: string };
      };
      const code = body.error?.code;
      if (code !== CODE_OF[res.status])
        wrong.push(
          `${label} × ${role}: ${res.status} with code ${code}, not ${CODE_OF[res.status]}`,
        );
    }
    if (row.shape && res.status === 200 && !row.shape.safeParse(res.body).success)
      wrong.push(`${label} × ${role}: the body is not exactly its shape`);
    if (row.probe && res.status >= 400 && !isDeepStrictEqual(before, await row.probe(w, target)))
      wrong.push(`${label} × ${role}: refused (${res.status}) but changed state`);
  }
  return wrong;
}

/** What a refused socket event must leave alone in the room. */
const roomState = () =>
  w.query(
    `SELECT (SELECT count(*) FROM messages WHERE room_id = $1) AS messages,
            (SELECT string_agg(outcome, ',' ORDER BY created_at) FROM intervention_rewrites WHERE room_id = $1) AS held,
            (SELECT count(*) FROM message_receipts r JOIN messages m ON m.id = r.message_id
              WHERE m.room_id = $1) AS receipts`,
    [w.ids.roomId],
  );

describe('authorization matrix: every route and event × anonymous, outsider, the co-parent of another room, professional, co-parent, owner', () => {
  it('has a row for every REST route the app serves and every client event, none for anything gone', () => {
    const app = createApp(w.server.ctx, w.server.services, (_req, _res, next) => next());
    const routes = listRoutes(app);
    const rows = new Set(REST_ROWS.map((r) => r.route));
    expect(routes.filter((r) => !rows.has(r))).toEqual([]);
    expect([...rows].filter((r) => !routes.includes(r))).toEqual([]);

    const events = Object.keys(clientEvents).sort();
    expect([...new Set(SOCKET_ROWS.map((r) => r.event))].sort()).toEqual(events);
    // And what a connected socket really listens to (lifecycle events aside).
    const serverSocket = [...w.server.io.of('/').sockets.values()].find(
      (s) => s.data.userId === w.users.owner.user.id,
    )!;
    const listened = serverSocket
      .eventNames()
      .map(String)
      .filter((e) => !['disconnect', 'disconnecting', 'error'].includes(e))
      .sort();
    expect(listened).toEqual(events);
  });

  it(`REST: ${REST_ROWS.length} rows × ${ROLES.length} roles, each cell as written; a refusal changes nothing`, async () => {
    const wrong: string[] = [];
    for (const row of REST_ROWS.filter((r) => !r.session)) wrong.push(...(await runRestRow(row)));
    expect(wrong).toEqual([]);
  }, 240_000);

  it(`sockets: ${SOCKET_ROWS.length} rows × ${ROLES.length} roles (anonymous never connects); a refusal changes nothing`, async () => {
    const wrong: string[] = [];
    for (const row of SOCKET_ROWS) {
      const label = labelOf(row, row.event);
      const target = row.prepare ? await row.prepare(w) : {};
      for (const role of ROLES) {
        let got: string;
        const before = await roomState();
        if (role === 'anonymous') {
          got = await connectSocket(w.server.url).then(
            (s) => {
              s.close();
              return 'connected';
            },
            (err: Error) => err.message,
          );
        } else {
          const payload = row.payload(w, target, role);
          const ack = (await emitRaw(w.sockets[role]!, row.event, payload)) as {
            ok: boolean;
            error?: { code: string };
          };
          w.captures.push({ role, where: `ack of ${label}`, text: JSON.stringify(ack) });
          got = ack.ok ? 'ok' : (ack.error?.code ?? 'no code');
          if (ack.ok && row.ackShape && !row.ackShape.safeParse(ack).success)
            wrong.push(`${label} × ${role}: the ack is not exactly its shape`);
        }
        if (got !== row.expected[role])
          wrong.push(`${label} × ${role}: ${got}, expected ${row.expected[role]}`);
        if (got !== 'ok' && !isDeepStrictEqual(before, await roomState()))
          wrong.push(`${label} × ${role}: refused but changed the room`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('the rows that sign in, out or end sessions, each role on a fresh sign-in', async () => {
    const wrong: string[] = [];
    for (const row of REST_ROWS.filter((r) => r.session)) wrong.push(...(await runRestRow(row)));
    expect(wrong).toEqual([]);
  }, 120_000);

  it('no secret marker reached a role not allowed to see it, in any response or socket payload', async () => {
    w.secrets.push(...(await mailedTokens(w.server.dataDir)));
    expect(leaks(w)).toEqual([]);
  });

  // The outsider's live events (of their own room) never name the owner's room: the room id is a marker.
  it('the room’s live events reach its parents only: the professional reads by asking (each read logged)', () => {
    const live = (role: Role) =>
      w.captures.filter((c) => c.role === role && c.where.startsWith('socket event'));
    expect(live('owner').length).toBeGreaterThan(0);
    expect(live('coParent').length).toBeGreaterThan(0);
    expect(live('outsider').length).toBeGreaterThan(0);
    expect(live('professional').map((c) => c.where)).toEqual([]);
  });

  it('every socket event anyone received is exactly the event map’s shape: no stray field (mediated, internal columns)', () => {
    const odd: string[] = [];
    for (const c of w.captures) {
      if (!c.event) continue;
      const spec = serverEvents[c.event.name as ServerEventName] as
        { payload: z.ZodObject } | undefined;
      const parsed = spec?.payload.strict().safeParse(c.event.payload);
      if (!parsed?.success) odd.push(`${c.role} got ${c.event.name}: ${c.text}`);
    }
    expect(odd).toEqual([]);
    expect(
      w.captures.filter((c) => c.role === 'coParent' && c.event?.name === 'message:new').length,
    ).toBeGreaterThan(1);
  });

  it('the scan can fail: each role allowed a marker saw it (the owner theirs, the parents the room’s, the professional the record’s)', () => {
    const seenBy = (role: Role, value: string) =>
      w.captures.some((c) => c.role === role && c.text.includes(value));
    const VIEWERS: Record<Scope, readonly Role[]> = {
      owner: ['owner'],
      parents: ['coParent'],
      room: ['coParent', 'professional'],
      nobody: [],
    };
    // By label: a row that plants one per call (an invited address) needs one of them seen.
    const unseen = new Set<string>();
    for (const label of new Set(w.secrets.map((s) => s.label))) {
      if (NOT_RETURNED.has(label)) continue;
      const values = w.secrets.filter((s) => s.label === label);
      for (const role of VIEWERS[values[0]!.scope])
        if (!values.some((s) => seenBy(role, s.value))) unseen.add(`${label} × ${role}`);
    }
    expect([...unseen]).toEqual([]);
    // The PDF's text is read too: the room's message is in the professional's copy.
    const message = w.secrets.find((s) => s.label === 'room-message')!.value;
    const pdfText = w.captures.filter(
      (c) => c.role === 'professional' && c.where.endsWith('its text'),
    );
    expect(pdfText.some((c) => c.text.includes(message))).toBe(true);
  });
});

/** Owner secrets no route gives back even to the owner (the session id, the invite link's token). */
const NOT_RETURNED = new Set(['owner-session', 'pairing-link']);
