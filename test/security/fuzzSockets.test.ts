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
  nastyString,
  prototypeKeys,
} from '../support/fuzz.js';
import { connectSocket, type ClientSocket } from '../support/sockets.js';

const ctx = useCoupleServer();

/** Cases per event for the main property (8 events today: 5,600 cases). */
const RUNS_PER_EVENT = 700;
/** ~2 MB payloads per event: few, they are slow to build and parse. */
const HUGE_PER_EVENT = 3;
/** Raw socket.io packets (below the client library): fewer, a refused one costs a reconnect. */
const RAW_PACKETS = 200;
/** After a raw packet, how long a well-formed event may go unanswered before the socket counts as left. */
const LEFT_SILENT_MS = 1000;
/** socket.io's maxHttpBufferSize on the server is 2,000,000 bytes per packet. */
const HUGE_MAX_BYTES = 1_950_000;
const ACK_TIMEOUT_MS = 20_000;

type Ack = { ok: true } | { ok: false; error: { code: string; message: string } };

/** Emits `event` with exactly these arguments and an ack; resolves with the ack. */
function emitWithAck(
  socket: ClientSocket,
  event: string,
  args: unknown[],
  timeoutMs = ACK_TIMEOUT_MS,
): Promise<Ack> {
  const timed = socket.timeout(timeoutMs) as unknown as {
    emit(ev: string, ...rest: unknown[]): void;
  };
  return new Promise((resolve, reject) =>
    timed.emit(event, ...args, (err: Error | null, ack: Ack) =>
      err ? reject(new Error(`${event}: no ack within ${timeoutMs} ms`)) : resolve(ack),
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

let usableChecks = 0;

/**
 * Still usable: a well-formed send is acked and delivered. Its text is fixed
 * but for a counter: the mediator is deterministic on text, and a random part
 * (a UUID's hex) was once scored hostile by the learned scorer and held.
 */
async function expectSocketUsable(c: Couple): Promise<void> {
  expect(c.annSocket.connected).toBe(true);
  usableChecks += 1;
  const message = sent(await send(c.annSocket, c.roomId, `Still here, check ${usableChecks}.`));
  expect(message.roomId).toBe(c.roomId);
}

const events = Object.keys(clientEvents) as (keyof typeof clientEvents)[];

/** Ack ids of raw packets: far above the client library's own counter, whose answers they'd take. */
const ACK_BASE = 900_000;

/**
 * socket.io packets as the wire carries them (what a hostile client can send
 * without the client library): unknown types, broken JSON, ack ids that
 * overflow, namespaces that don't exist, binary placeholders that point
 * nowhere or at `__proto__`, attachments that never come or don't fit.
 */
const rawPacket: fc.Arbitrary<{ text: string; binary?: Uint8Array }> = fc.oneof(
  nastyString.map((text) => ({ text })),
  fc
    .tuple(
      fc.nat(9),
      fc.oneof(
        fc.constant(''),
        fc.string({ maxLength: 3 }).map((t) => `${ACK_BASE}${t}`),
      ),
      nastyJson,
    )
    .map(([type, id, body]) => ({ text: `${type}${id}${JSON.stringify(body) ?? ''}` })),
  fc.tuple(fc.constantFrom(...events), nastyJson, fc.nat(3)).map(([event, body, cut]) => {
    const whole = `2${ACK_BASE}${JSON.stringify([event, body])}`;
    return { text: cut === 0 ? whole : whole.slice(0, Math.max(2, whole.length - cut * 3)) };
  }),
  fc
    .tuple(
      fc.constantFrom(...events),
      fc.constantFrom('99999999999999999999', '-1', `${ACK_BASE}e3`, `${ACK_BASE}.5`),
    )
    .map(([event, id]) => ({ text: `2${id}${JSON.stringify([event, {}])}` })),
  fc
    .tuple(fc.constantFrom('/admin', '/', '/%00', '/__proto__', '/constructor'), nastyJson)
    .map(([nsp, auth]) => ({ text: `0${nsp},${JSON.stringify(auth) ?? ''}` })),
  fc
    .tuple(
      fc.constantFrom(...events),
      fc.oneof(fc.integer({ min: -2, max: 3 }), fc.constantFrom('__proto__', 'constructor', '0')),
      fc.integer({ min: 0, max: 3 }),
      fc.boolean(),
    )
    .map(([event, num, count, sendBinary]) => ({
      text: `5${count}-${ACK_BASE}${JSON.stringify([event, { _placeholder: true, num }])}`,
      binary: sendBinary ? new Uint8Array([1, 2, 3]) : undefined,
    })),
  fc.constantFrom({ text: '1' }, { text: '3' }, { text: '6' }, { text: '' }, { text: '4"x"' }),
);

interface RawEngine {
  send(msg: string | Uint8Array): void;
}
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
    300_000,
  );

  it('raw socket.io packets: a bad one closes at most that socket; the server and others go on', async () => {
    const c = await ctx.couple();
    let socket = c.annSocket;
    const outcomes = { answered: 0, closed: 0, silent: 0 };
    casesRun += await checkProperty(
      'raw packets',
      fc.asyncProperty(rawPacket, async (packet) => {
        const engine = (socket as unknown as { io: { engine: RawEngine } }).io.engine;
        engine.send(packet.text);
        if (packet.binary) engine.send(packet.binary);
        // Whatever the packet did, a well-formed event on the same socket is
        // answered, or the server closed that socket (a decoding error), or it
        // took the socket out of the namespace (a DISCONNECT packet: the client
        // library doesn't know, so silence) — and then a new socket is welcome.
        const sync = [{ roomId: c.roomId, afterSeq: 0 }];
        const ack = await Promise.race([
          emitWithAck(socket, 'messages:sync', sync, LEFT_SILENT_MS).catch(() => 'silent' as const),
          new Promise<'closed'>((resolve) => socket.once('disconnect', () => resolve('closed'))),
        ]);
        if (ack === 'closed' || ack === 'silent' || !socket.connected) {
          socket.close();
          socket = await connectSocket(ctx.server.url, c.ann.cookie);
          outcomes[ack === 'silent' ? 'silent' : 'closed'] += 1;
          const again = await emitWithAck(socket, 'messages:sync', sync);
          if (!again.ok) throw new Error(`a fresh socket answered ${JSON.stringify(again)}`);
        } else if (!ack.ok) {
          throw new Error(
            `after ${JSON.stringify(packet.text).slice(0, 200)}: ${JSON.stringify(ack)}`,
          );
        } else outcomes.answered += 1;
        // The co-parent's socket never notices.
        if (!c.bobSocket.connected) throw new Error('a bystander socket was dropped');
      }),
      RAW_PACKETS,
    );
    console.log(
      `raw packets (answered / socket closed / left silent): ${JSON.stringify(outcomes)}`,
    );
    // The socket in hand (maybe a fresh one) still sends.
    const message = sent(await send(socket, c.roomId, `Still here after the raw packets.`));
    expect(message.roomId).toBe(c.roomId);
    if (socket !== c.annSocket) socket.close();
  }, 300_000);

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
    300_000,
  );
});
