/**
 * Issue 11, fuzzing: every client socket event (taken from the protocol's
 * zod schemas, so a new event is fuzzed without touching this file) gets
 * hostile payloads — arbitrary JSON, NUL bytes, lone surrogates, `__proto__`
 * keys, deep nesting, ~2 MB strings, wrong types, extra arguments before the
 * ack — and must always answer: `ok: true`, or `ok: false` with a 4xx error
 * code. Never `internal`, never silence, never a dropped socket, and a valid
 * send still goes through afterwards. Seed printed on failure (FUZZ_SEED).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { toJsonSchema } from '../../server/apiDocs/jsonSchema.js';
import { clientEvents } from '../../server/shared/socketSchemas.js';
import { send, sent, useCoupleServer, type Couple } from '../support/couple.js';
import {
  checkProperty,
  CLIENT_ERROR_CODES,
  deepJson,
  exemplar,
  FUZZ_SEED,
  hugeString,
  mutationsOf,
  nastyJson,
  prototypeKeys,
} from '../support/fuzz.js';
import type { ClientSocket } from '../support/sockets.js';

const ctx = useCoupleServer();

/** Cases per event for the main property (8 events today: ~6,400 cases). */
const RUNS_PER_EVENT = 800;
/** ~2 MB payloads per event: few, they are slow to build and parse. */
const HUGE_PER_EVENT = 3;
/** socket.io's maxHttpBufferSize on the server is 2,000,000 bytes per packet. */
const HUGE_MAX_BYTES = 1_950_000;
const ACK_TIMEOUT_MS = 20_000;

type Ack = { ok: true } | { ok: false; error: { code: string; message: string } };

/** Emits `event` with exactly these arguments and an ack; resolves with the ack. */
function emitWithAck(socket: ClientSocket, event: string, args: unknown[]): Promise<Ack> {
  const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as {
    emit(ev: string, ...rest: unknown[]): void;
  };
  return new Promise((resolve, reject) =>
    timed.emit(event, ...args, (err: Error | null, ack: Ack) =>
      err ? reject(new Error(`${event}: no ack within ${ACK_TIMEOUT_MS} ms`)) : resolve(ack),
    ),
  );
}

/** Throws unless the ack is a success or a client error with a stable 4xx code. */
function expectStableAck(event: string, args: unknown[], ack: Ack, socket: ClientSocket): void {
  const describeArgs = () => JSON.stringify(args).slice(0, 300);
  if (!socket.connected) throw new Error(`${event} dropped the socket; args ${describeArgs()}`);
  if (ack === null || typeof ack !== 'object' || typeof ack.ok !== 'boolean')
    throw new Error(`${event} acked ${JSON.stringify(ack)}`);
  if (ack.ok) {
    // Extra arguments before the ack are never accepted.
    if (args.length !== 1) throw new Error(`${event} accepted ${args.length} arguments`);
    return;
  }
  if (!CLIENT_ERROR_CODES.has(ack.error?.code as never))
    throw new Error(`${event} answered ${JSON.stringify(ack.error)} to ${describeArgs()}`);
}

/** A valid payload of `event` for this couple, from the event's own JSON Schema. */
function validPayload(event: keyof typeof clientEvents, c: Couple): unknown {
  return exemplar(toJsonSchema(clientEvents[event].payload, 'input'), '', {
    uuid: (key) => (key === 'roomId' ? c.roomId : randomUUID()),
  });
}

/** Still usable: a well-formed send is acked and delivered. */
async function expectSocketUsable(c: Couple): Promise<void> {
  expect(c.annSocket.connected).toBe(true);
  const message = sent(await send(c.annSocket, c.roomId, `Still here ${randomUUID()}.`));
  expect(message.roomId).toBe(c.roomId);
}

const events = Object.keys(clientEvents) as (keyof typeof clientEvents)[];
let casesRun = 0;
/** Answers seen, by event and code (printed with FUZZ_STATS=1, to see what the fuzz reaches). */
const seen = new Map<string, number>();
const tally = (event: string, ack: Ack) => {
  const key = `${event} ${ack.ok ? 'ok' : ack.error.code}`;
  seen.set(key, (seen.get(key) ?? 0) + 1);
};

describe(`socket events under fuzz (seed ${FUZZ_SEED})`, () => {
  afterAll(() => {
    // For the CI log and the "fuzz cases run".
    console.log(`socket fuzz: ${casesRun} cases, seed ${FUZZ_SEED}`);
    if (process.env.FUZZ_STATS) console.log([...seen].sort().join('\n'));
  });

  it('knows every event of the protocol', () => {
    expect(events.length).toBeGreaterThanOrEqual(8);
  });

  it.each(events)(
    '%s: hostile payloads and extra arguments always get a 4xx ack or success',
    async (event) => {
      const c = await ctx.couple();
      const before = prototypeKeys();
      const valid = validPayload(event, c);
      const args = fc.oneof(
        { arbitrary: mutationsOf(valid).map((p) => [p]), weight: 8 },
        { arbitrary: deepJson.map((p) => [p]), weight: 1 },
        {
          // Extra arguments before the ack (the payload itself may be fine).
          arbitrary: fc
            .tuple(fc.oneof(fc.constant(valid), nastyJson), fc.array(nastyJson, { minLength: 1 }))
            .map(([p, extra]) => [p, ...extra]),
          weight: 1,
        },
        { arbitrary: fc.constant<unknown[]>([]), weight: 1 },
      );
      casesRun += await checkProperty(
        event,
        fc.asyncProperty(args, async (a) => {
          const ack = await emitWithAck(c.annSocket, event, a);
          expectStableAck(event, a, ack, c.annSocket);
          tally(event, ack);
        }),
        RUNS_PER_EVENT,
      );
      expect(prototypeKeys()).toEqual(before);
      await expectSocketUsable(c);
    },
    180_000,
  );

  it.each(events)(
    '%s: ~2 MB strings in any field get a 4xx ack, the socket stays up',
    async (event) => {
      const c = await ctx.couple();
      const valid = validPayload(event, c) as Record<string, unknown>;
      const keys = [...Object.keys(valid), 'extra'];
      const huge = fc
        .tuple(
          fc.constantFrom(...keys),
          fc.integer({ min: 300_000, max: HUGE_MAX_BYTES }),
          fc.nat(4),
        )
        .map(([key, bytes, flavour]) => [{ ...valid, [key]: hugeString(bytes, flavour) }]);
      casesRun += await checkProperty(
        `${event} (huge)`,
        fc.asyncProperty(huge, async (a) => {
          const ack = await emitWithAck(c.annSocket, event, a);
          expectStableAck(event, a, ack, c.annSocket);
          if (ack.ok) throw new Error(`${event} accepted a ~2 MB field`);
        }),
        HUGE_PER_EVENT,
      );
      await expectSocketUsable(c);
    },
    180_000,
  );
});
