/**
 * Every REST route, described from the zod schemas its handler parses with.
 * Keys are "METHOD /path" as express serves them (`:param` style); a test
 * lists the app's routes by router introspection and fails when one has no
 * entry here, or an entry names a route that no longer exists.
 */
import { z } from 'zod';
import { deleteAccountBody, exportAccountQuery } from '../account/schema.js';
import {
  loginBody,
  passwordChangeBody,
  passwordResetBody,
  passwordResetConfirmBody,
  signupBody,
  verifyEmailBody,
} from '../auth/schema.js';
import {
  contactParams,
  createContactBody,
  listContactsQuery,
  updateContactBody,
} from '../contacts/schema.js';
import { emptyQuery } from '../mediation/schema.js';
import { historyQuery, roomParams, searchQuery } from '../messages/schema.js';
import { listNotificationsQuery, notificationParams } from '../notifications/schema.js';
import {
  acceptPairingBody,
  createPairingBody,
  currentPairingQuery,
  pairingParams,
} from '../pairing/schema.js';
import { accessLogQuery, acceptBody, grantParams, inviteBody } from '../professionals/schema.js';
import { profileQuery, sectionBodies, sectionParam } from '../profile/schema.js';
import { subscribeBody, unsubscribeBody } from '../push/schema.js';
import { exportQuery } from '../records/schema.js';
import { messageView } from '../shared/socketSchemas.js';
import { createTaskBody, listTasksQuery, taskParams, updateTaskBody } from '../tasks/schema.js';
import { listThreadsQuery, threadParams, updateThreadBody } from '../threads/schema.js';

/** One response: a description, and the body's schema or content type when there is one. */
export interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
}

export interface RouteDoc {
  summary: string;
  tag: string;
  /** `session`: the signed-in cookie (default); `none`: public; `bearer`: METRICS_TOKEN. */
  auth?: 'session' | 'none' | 'bearer';
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Success responses by status; error responses are added from the shared error shape. */
  responses: Record<number, ResponseDoc>;
}

const ok = (description: string, schema?: z.ZodType): Record<number, ResponseDoc> => ({
  200: { description, schema },
});
const created = (description: string): Record<number, ResponseDoc> => ({
  201: { description },
});
const noContent: Record<number, ResponseDoc> = { 204: { description: 'Done, no body' } };
const historyPage = z.object({ messages: z.array(messageView), hasMore: z.boolean() });
const profileBody = z.union(Object.values(sectionBodies));

export const ROUTE_CATALOG: Record<string, RouteDoc> = {
  'GET /healthz': {
    summary: 'Liveness and database check: 200 { ok, db: "up" }, 503 when the database is down',
    tag: 'operations',
    auth: 'none',
    responses: ok('The process and its database answer'),
  },
  'GET /metrics': {
    summary: 'Prometheus metrics; 404 unless METRICS_TOKEN is set, then Bearer <METRICS_TOKEN>',
    tag: 'operations',
    auth: 'bearer',
    responses: {
      200: { description: 'Prometheus text exposition', contentType: 'text/plain' },
      401: { description: 'No or wrong bearer token' },
    },
  },
  'GET /.well-known/parley-record-key': {
    summary: 'The Ed25519 public key that signs record exports (check them offline)',
    tag: 'records',
    auth: 'none',
    responses: ok('The record-signing public key'),
  },
  'POST /api/auth/signup': {
    summary: 'Create a password account and sign in',
    tag: 'auth',
    auth: 'none',
    body: signupBody,
    responses: created('{ user }; the session cookie is set'),
  },
  'POST /api/auth/login': {
    summary: 'Sign in with email and password',
    tag: 'auth',
    auth: 'none',
    body: loginBody,
    responses: ok('{ user }; the session cookie is set'),
  },
  'POST /api/auth/logout': {
    summary: 'Sign out (ends the session)',
    tag: 'auth',
    auth: 'none',
    responses: ok('{ ok: true }'),
  },
  'POST /api/auth/verify-email': {
    summary: 'Follow the mailed verification link: the address is proven (single use, 24 h)',
    tag: 'auth',
    auth: 'none',
    body: verifyEmailBody,
    responses: ok('{ user } with emailVerified: true'),
  },
  'POST /api/auth/verify-email/resend': {
    summary: 'Mail another verification link to the signed-in user (3 an hour)',
    tag: 'auth',
    responses: { 202: { description: '{ ok, alreadyVerified }' } },
  },
  'POST /api/auth/password-reset': {
    summary:
      'Forgot password: mails a reset link if an account has this address (answer is the same either way)',
    tag: 'auth',
    auth: 'none',
    body: passwordResetBody,
    responses: { 202: { description: '{ ok: true }' } },
  },
  'POST /api/auth/password-reset/confirm': {
    summary: 'Follow the mailed reset link: new password, address proven, every session ended',
    tag: 'auth',
    auth: 'none',
    body: passwordResetConfirmBody,
    responses: ok('{ ok: true }'),
  },
  'POST /api/auth/password': {
    summary: 'Change the password (needs the current one); the other sessions end',
    tag: 'auth',
    body: passwordChangeBody,
    responses: ok('{ ok: true }'),
  },
  'POST /api/auth/sessions/end-all': {
    summary: 'Sign out everywhere: end every session of the account and disconnect its sockets',
    tag: 'auth',
    responses: ok('{ ok, ended }: how many sessions ended; this one included'),
  },
  'GET /api/account/export': {
    summary:
      'Download my data (GDPR access): account, profile and contacts decrypted, tasks, notifications, push subscriptions without keys, my own messages and mediation record',
    tag: 'account',
    query: exportAccountQuery,
    responses: {
      200: { description: 'The export file (attachment)', contentType: 'application/json' },
    },
  },
  'DELETE /api/account': {
    summary:
      'Delete my account (docs/security.md "Retention"): personal data erased, the shared record kept under a pseudonym; every session and socket ends',
    tag: 'account',
    body: deleteAccountBody,
    responses: ok('{ ok, deleted, pseudonym }'),
  },
  'GET /api/auth/me': {
    summary: 'Who am I: the signed-in user',
    tag: 'auth',
    responses: ok('{ user }'),
  },
  'GET /api/auth/google': {
    summary: 'Google sign-in: redirects to Google (404 when not configured)',
    tag: 'auth',
    auth: 'none',
    responses: { 302: { description: 'To Google' } },
  },
  'GET /api/auth/google/callback': {
    summary: 'Google sign-in callback: signs in and redirects to the app',
    tag: 'auth',
    auth: 'none',
    responses: { 302: { description: 'To the app, signed in' } },
  },
  'POST /api/pairings': {
    summary: 'Invite the other parent: a code (LZ-NNNNNN) and an invite link',
    tag: 'pairing',
    body: createPairingBody,
    responses: created('{ pairing: { id, code, inviteUrl, expiresAt, status } }'),
  },
  'GET /api/pairings/current': {
    summary: "The caller's pending or active pairing",
    tag: 'pairing',
    query: currentPairingQuery,
    responses: ok('{ pairing (or null), pairings }'),
  },
  'POST /api/pairings/accept': {
    summary: 'Accept an invitation by code or link token: pairs and opens the room',
    tag: 'pairing',
    body: acceptPairingBody,
    responses: ok('{ pairing, room }'),
  },
  'POST /api/pairings/:id/cancel': {
    summary: 'The initiator cancels a pending pairing',
    tag: 'pairing',
    params: pairingParams,
    responses: ok('{ pairing }'),
  },
  'GET /api/rooms': {
    summary: "The caller's rooms: members, last message, unread count",
    tag: 'rooms',
    query: emptyQuery,
    responses: ok('{ rooms }'),
  },
  'GET /api/rooms/:id': {
    summary: 'One room of the caller',
    tag: 'rooms',
    params: roomParams,
    responses: ok('{ room }'),
  },
  'GET /api/rooms/:id/messages': {
    summary: 'History page, newest first',
    tag: 'messages',
    params: roomParams,
    query: historyQuery,
    responses: ok('A page of messages', historyPage),
  },
  'GET /api/rooms/:id/search': {
    summary: 'Full-text search in the room',
    tag: 'messages',
    params: roomParams,
    query: searchQuery,
    responses: ok('Matching messages, best first', historyPage),
  },
  'GET /api/rooms/:id/verify': {
    summary: 'The hash chain checked end to end: { ok, count, brokenAtSeq? }',
    tag: 'records',
    params: roomParams,
    responses: ok('The verification result'),
  },
  'GET /api/rooms/:id/export': {
    summary: 'The signed record of the room (JSON or PDF with Bates numbers), streamed',
    tag: 'records',
    params: roomParams,
    query: exportQuery,
    responses: {
      200: { description: 'The record file (application/json or application/pdf)' },
    },
  },
  'GET /api/rooms/:id/mediation-record': {
    summary: "The caller's own coaching history in the room (signed JSON)",
    tag: 'records',
    params: roomParams,
    query: emptyQuery,
    responses: ok('The mediation record file'),
  },
  'GET /api/rooms/:id/threads': {
    summary: "The room's topic threads",
    tag: 'threads',
    params: roomParams,
    query: listThreadsQuery,
    responses: ok('{ threads }'),
  },
  'PATCH /api/threads/:id': {
    summary: 'Rename, re-categorise, nest or archive a thread',
    tag: 'threads',
    params: threadParams,
    body: updateThreadBody,
    responses: ok('{ thread }'),
  },
  'POST /api/rooms/:id/professionals': {
    summary: 'A parent invites a professional (lawyer, mediator...) to read the room',
    tag: 'professionals',
    params: roomParams,
    body: inviteBody,
    responses: created('{ grant }; the invitation link goes by mail only'),
  },
  'GET /api/rooms/:id/professionals': {
    summary: "The room's professional grants (parents only)",
    tag: 'professionals',
    params: roomParams,
    query: emptyQuery,
    responses: ok('{ grants }'),
  },
  'POST /api/rooms/:id/professionals/:grantId/revoke': {
    summary: 'The inviting parent revokes a grant: every read ends at once',
    tag: 'professionals',
    params: grantParams,
    responses: ok('{ grant }'),
  },
  'GET /api/rooms/:id/access-log': {
    summary: "Every professional's reads of the room (both parents see it)",
    tag: 'professionals',
    params: roomParams,
    query: accessLogQuery,
    responses: ok('{ entries }'),
  },
  'POST /api/professional-invitations/accept': {
    summary: 'The invited professional accepts (signed in with the invited address)',
    tag: 'professionals',
    body: acceptBody,
    responses: ok('{ grant }'),
  },
  'GET /api/professional/rooms': {
    summary: "The professional's grants",
    tag: 'professionals',
    query: emptyQuery,
    responses: ok('{ grants }'),
  },
  'GET /api/contacts': {
    summary: "The caller's contacts (children, co-parent, others)",
    tag: 'contacts',
    query: listContactsQuery,
    responses: ok('{ contacts }'),
  },
  'POST /api/contacts': {
    summary: 'Add a contact',
    tag: 'contacts',
    body: createContactBody,
    responses: created('{ contact }'),
  },
  'GET /api/contacts/:id': {
    summary: 'One contact',
    tag: 'contacts',
    params: contactParams,
    responses: ok('{ contact }'),
  },
  'PATCH /api/contacts/:id': {
    summary: 'Change a contact',
    tag: 'contacts',
    params: contactParams,
    body: updateContactBody,
    responses: ok('{ contact }'),
  },
  'DELETE /api/contacts/:id': {
    summary: 'Remove a contact',
    tag: 'contacts',
    params: contactParams,
    responses: noContent,
  },
  'GET /api/tasks': {
    summary: "The caller's tasks and those of their rooms; ?status=",
    tag: 'tasks',
    query: listTasksQuery,
    responses: ok('{ tasks }'),
  },
  'POST /api/tasks': {
    summary: 'Create a task (visible to both co-parents when roomId is set)',
    tag: 'tasks',
    body: createTaskBody,
    responses: created('{ task }'),
  },
  'GET /api/tasks/:id': {
    summary: 'One task',
    tag: 'tasks',
    params: taskParams,
    responses: ok('{ task }'),
  },
  'PATCH /api/tasks/:id': {
    summary: 'Change a task (status, title, due date...)',
    tag: 'tasks',
    params: taskParams,
    body: updateTaskBody,
    responses: ok('{ task }'),
  },
  'DELETE /api/tasks/:id': {
    summary: 'Delete a task',
    tag: 'tasks',
    params: taskParams,
    responses: noContent,
  },
  'GET /api/notifications': {
    summary: 'In-app notifications; ?unread=1',
    tag: 'notifications',
    query: listNotificationsQuery,
    responses: ok('{ notifications, unreadCount }'),
  },
  'POST /api/notifications/read-all': {
    summary: 'Mark every notification read',
    tag: 'notifications',
    responses: ok('{ updated }'),
  },
  'POST /api/notifications/:id/read': {
    summary: 'Mark one notification read',
    tag: 'notifications',
    params: notificationParams,
    responses: ok('{ notification }'),
  },
  'GET /api/push/vapid-public-key': {
    summary: "The server's VAPID public key for web-push subscriptions",
    tag: 'push',
    auth: 'none',
    responses: ok('{ publicKey }'),
  },
  'POST /api/push/subscriptions': {
    summary: "Register this browser's push subscription",
    tag: 'push',
    body: subscribeBody,
    responses: {
      200: { description: '{ subscription } (already known)' },
      201: { description: '{ subscription }' },
    },
  },
  'DELETE /api/push/subscriptions': {
    summary: 'Remove a push subscription',
    tag: 'push',
    body: unsubscribeBody,
    responses: noContent,
  },
  'GET /api/profile/:section': {
    summary: 'One section of the caller’s own profile (health and financials encrypted at rest)',
    tag: 'profile',
    params: sectionParam,
    query: profileQuery,
    responses: ok('{ profile }'),
  },
  'PUT /api/profile/:section': {
    summary: 'Replace one section of the caller’s own profile (body per section)',
    tag: 'profile',
    params: sectionParam,
    query: profileQuery,
    body: profileBody,
    responses: ok('{ profile }'),
  },
  'GET /api/mediation/stats': {
    summary: "The caller's intervention statistics (acceptance rate...)",
    tag: 'mediation',
    query: emptyQuery,
    responses: ok('{ stats }'),
  },
  'GET /api/mediation/triggers': {
    summary: "The caller's detected conflict triggers",
    tag: 'mediation',
    query: emptyQuery,
    responses: ok('{ triggers }'),
  },
  'GET /api/openapi.json': {
    summary: 'This document (OpenAPI 3.1, generated from the zod schemas)',
    tag: 'docs',
    auth: 'none',
    responses: ok('The OpenAPI document'),
  },
  'GET /api/asyncapi.json': {
    summary: 'The socket protocol (AsyncAPI 3.0, generated from the zod schemas)',
    tag: 'docs',
    auth: 'none',
    responses: ok('The AsyncAPI document'),
  },
  'GET /api/docs': {
    summary: 'The REST API and the socket protocol as a readable page',
    tag: 'docs',
    auth: 'none',
    responses: { 200: { description: 'HTML', contentType: 'text/html' } },
  },
};
