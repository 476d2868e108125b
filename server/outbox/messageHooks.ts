import type { DeliveryHooks } from '../messages/messageService.js';
import type { MessageDeliveredPayload, OutboxRepository } from './outboxRepository.js';

/**
 * Queues a 'message_delivered' job in the message's own transaction, so the
 * offline receiver's notification and push can neither be lost by a crash
 * after commit nor sent for a message that rolled back. System messages are
 * skipped: the event behind them (pairing, task) notifies on its own.
 */
export function outboxMessageHooks(
  outbox: OutboxRepository,
  wakeWorker: () => void,
): DeliveryHooks {
  return {
    async afterAppend(tx, row) {
      if (row.type === 'system') return;
      const payload: MessageDeliveredPayload = {
        messageId: row.id,
        roomId: row.room_id,
        senderId: row.sender_id,
        seq: row.seq,
      };
      await outbox.enqueue(tx, 'message_delivered', payload);
    },
    afterCommit(row) {
      if (row.type !== 'system') wakeWorker();
      return Promise.resolve();
    },
  };
}
