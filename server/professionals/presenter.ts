import type { AccessLogRow, GrantRow } from './professionalRepository.js';

/** A grant as both parents (and its professional) see it; never the token. */
export interface GrantView {
  id: number;
  roomId: string;
  roomName: string;
  name: string;
  email: string;
  role: GrantRow['role'];
  status: 'invited' | 'active' | 'expired' | 'revoked';
  invitedBy: { id: number; displayName: string };
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
}

function statusOf(row: GrantRow, now: Date): GrantView['status'] {
  if (row.revoked_at) return 'revoked';
  if (row.expires_at <= now) return 'expired';
  return row.accepted_at ? 'active' : 'invited';
}

export function presentGrant(row: GrantRow, now = new Date()): GrantView {
  return {
    id: row.id,
    roomId: row.room_id,
    roomName: row.room_name,
    name: row.name,
    email: row.email,
    role: row.role,
    status: statusOf(row, now),
    invitedBy: { id: row.invited_by, displayName: row.invited_by_name },
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    acceptedAt: row.accepted_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

/** One access-log line as both parents see it. */
export interface AccessLogView {
  id: number;
  grantId: number;
  professional: { name: string; email: string };
  actor: { id: number; displayName: string } | null;
  action: AccessLogRow['action'];
  details: Record<string, unknown>;
  at: string;
}

export function presentAccessLog(row: AccessLogRow): AccessLogView {
  return {
    id: row.id,
    grantId: row.grant_id,
    professional: { name: row.professional_name, email: row.professional_email },
    actor: row.actor_id === null ? null : { id: row.actor_id, displayName: row.actor_name ?? '' },
    action: row.action,
    details: row.details,
    at: row.created_at.toISOString(),
  };
}
