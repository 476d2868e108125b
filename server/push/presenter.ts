import type { SubscriptionRow } from './pushRepository.js';

/** A subscription as its owner sees it: never its keys. */
export interface SubscriptionView {
  id: number;
  endpoint: string;
  includeText: boolean;
  isActive: boolean;
  userAgent: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

export function presentSubscription(row: SubscriptionRow): SubscriptionView {
  return {
    id: row.id,
    endpoint: row.endpoint,
    includeText: row.include_text,
    isActive: row.is_active,
    userAgent: row.user_agent,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}
