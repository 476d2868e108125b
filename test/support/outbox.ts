import { randomUUID } from 'node:crypto';
import type { RunningServer } from '../../server/server.js';

/**
 * Sends a message through the real send path (mediation, chain, thread, and
 * the 'message_delivered' outbox row written in the same transaction) without
 * a socket: a fixture for delivery side effects. The text must be one the
 * mediator lets through.
 */
export async function appendDeliveredMessage(
  server: RunningServer,
  roomId: string,
  senderId: number,
  text: string,
): Promise<{ messageId: number; seq: number }> {
  const result = await server.services.messages.send({
    roomId,
    senderId,
    clientId: randomUUID(),
    text,
  });
  if (result.status !== 'sent') throw new Error(`fixture message was ${result.status}: "${text}"`);
  return { messageId: result.message.id, seq: result.message.seq };
}
