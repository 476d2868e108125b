import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { toAppError, validationFailed } from './errors.js';
import type { Logger } from './logger.js';
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
} from './socketEvents.js';
import { parse } from './validation.js';

export type AppSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

type AckPayload<E extends keyof ClientToServerEvents> = Parameters<
  ClientToServerEvents[E]
>[1] extends (r: infer R) => void
  ? R
  : never;
type OkPart<E extends keyof ClientToServerEvents> = Omit<
  Extract<AckPayload<E>, { ok: true }>,
  'ok'
>;

/**
 * Registers a client->server event with the protocol's rules: the payload is
 * parsed with zod, the handler's result is acked as `{ ok: true, ...result }`,
 * any error as `{ ok: false, error }` (internals logged, never sent). A bad
 * payload never disconnects the socket.
 */
export function onEvent<E extends keyof ClientToServerEvents, S extends z.ZodType>(
  socket: AppSocket,
  logger: Logger,
  event: E,
  schema: S,
  handler: (payload: z.output<S>) => Promise<OkPart<E>>,
): void {
  // socket.io's typed `on` can't be expressed generically over E; the cast is
  // confined here and the handler itself stays fully typed.
  const listen = socket.on.bind(socket) as (ev: string, fn: (...args: unknown[]) => void) => void;
  listen(event, (...args: unknown[]) => {
    // socket.io hands the ack as the last argument, wherever that is: a client
    // sending extra arguments before it still gets an answer.
    const ack = args.at(-1);
    const reply =
      typeof ack === 'function' ? (ack as (r: unknown) => void) : (_r: unknown) => undefined;
    void (async () => {
      try {
        if (typeof ack !== 'function') throw validationFailed('Every event needs an ack callback');
        if (args.length !== 2)
          throw validationFailed(`${event} takes one payload and an ack, got ${args.length - 1}`);
        const input = parse(schema, args[0], `${event} payload`);
        const result = await handler(input);
        reply({ ok: true, ...result });
      } catch (err) {
        const appError = toAppError(err);
        if (appError.code === 'internal') logger.error({ err, event }, 'socket event failed');
        reply({ ok: false, error: appError.toBody() });
      }
    })();
  });
}
