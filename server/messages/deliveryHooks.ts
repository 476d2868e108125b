import type { Queryable } from '../db/pool.js';
import type { MessageRow } from './messageRepository.js';
import type { DeliveryHooks } from './messageService.js';

/**
 * Several domains' delivery hooks as one (messaging takes one set): the
 * first domain with an `assignThread` picks the thread (else the requested
 * one is kept); every `afterAppend` runs in the message's transaction and
 * every `afterCommit` after it, in order.
 */
export function composeHooks(...all: DeliveryHooks[]): Required<DeliveryHooks> {
  return {
    async assignThread(tx, message) {
      for (const hooks of all) {
        if (hooks.assignThread) return hooks.assignThread(tx, message);
      }
      return message.threadId ?? null;
    },
    async afterAppend(tx: Queryable, row: MessageRow) {
      for (const hooks of all) await hooks.afterAppend?.(tx, row);
    },
    async afterCommit(row: MessageRow) {
      for (const hooks of all) await hooks.afterCommit?.(row);
    },
  };
}
