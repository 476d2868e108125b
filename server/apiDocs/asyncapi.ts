import { z } from 'zod';
import { clientEvents, serverEvents } from '../shared/socketSchemas.js';
import { errorBody, toJsonSchema } from './jsonSchema.js';

const okAck = (ack: z.ZodType) => z.intersection(z.object({ ok: z.literal(true) }), ack);
const failedAck = z.intersection(z.object({ ok: z.literal(false) }), errorBody);

/**
 * The socket protocol as an AsyncAPI 3.0 document, from the same zod schemas
 * the handlers parse with (server/shared/socketSchemas.ts). Every event is a
 * channel named after it; the server `receive`s client events (and replies
 * through the socket.io ack) and `send`s server events.
 */
export function buildAsyncApi(options: { version: string; host?: string }) {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const channelRef = (name: string) => ({ $ref: `#/channels/${name}` });

  for (const [event, spec] of Object.entries(clientEvents)) {
    const name = `client.${event}`;
    const ackName = `${name}.ack`;
    messages[name] = { name: event, payload: toJsonSchema(spec.payload, 'input') };
    messages[ackName] = {
      name: `${event} ack`,
      payload: {
        oneOf: [toJsonSchema(okAck(spec.ack), 'output'), toJsonSchema(failedAck, 'output')],
      },
    };
    channels[name] = {
      address: event,
      messages: {
        [event]: { $ref: `#/components/messages/${name}` },
        ack: { $ref: `#/components/messages/${ackName}` },
      },
    };
    operations[name] = {
      action: 'receive',
      channel: channelRef(name),
      summary: spec.summary,
      messages: [{ $ref: `#/channels/${name}/messages/${event}` }],
      reply: { channel: channelRef(name), messages: [{ $ref: `#/channels/${name}/messages/ack` }] },
    };
  }
  for (const [event, spec] of Object.entries(serverEvents)) {
    const name = `server.${event}`;
    messages[name] = { name: event, payload: toJsonSchema(spec.payload, 'output') };
    channels[name] = {
      address: event,
      messages: { [event]: { $ref: `#/components/messages/${name}` } },
    };
    operations[name] = {
      action: 'send',
      channel: channelRef(name),
      summary: spec.summary,
      messages: [{ $ref: `#/channels/${name}/messages/${event}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Parley socket protocol',
      version: options.version,
      description:
        'socket.io 4, default namespace. The handshake uses the REST session cookie (no session: connect_error "unauthorized"). Every client event takes an ack: { ok: true, ... } or { ok: false, error: { code, message, details? } }.',
    },
    servers: {
      parley: {
        host: options.host ?? 'localhost:3000',
        protocol: 'ws',
        pathname: '/socket.io/',
        description: 'socket.io (Engine.IO v4) over WebSocket, long-polling fallback',
      },
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
}

export type AsyncApiDocument = ReturnType<typeof buildAsyncApi>;
