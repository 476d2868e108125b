/** What a room's store shows React, and the sender's choices on a held message. */
import type { MessageView } from '../api/types';
import type { OutboxEntry, Receipt } from './storage';

export interface RoomSnapshot {
  messages: MessageView[];
  pending: OutboxEntry[];
  receipts: Receipt[];
  typing: number[];
  hasMoreBefore: boolean;
  loadingOlder: boolean;
  /** Something to show exists (from the device or the server). */
  ready: boolean;
  error: string | null;
}

export type Resolution =
  | { choice: 'accept'; suggestionIndex: number }
  | { choice: 'edit'; text: string }
  | { choice: 'send_original' }
  | { choice: 'discard' };

export const EMPTY: RoomSnapshot = {
  messages: [],
  pending: [],
  receipts: [],
  typing: [],
  hasMoreBefore: true,
  loadingOlder: false,
  ready: false,
  error: null,
};
