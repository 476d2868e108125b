import type { PairingRow, PairingStatusRow } from './pairingRepository.js';

/** A just-created pairing: the only time its invite link is ever shown. */
export interface CreatedPairingView {
  id: number;
  code: string;
  inviteUrl: string;
  inviteType: PairingRow['invite_type'];
  inviteeEmail: string | null;
  status: 'pending';
  createdAt: string;
  expiresAt: string;
}

/** A pairing as one of its parents sees it. */
export interface PairingView {
  id: number;
  /** Only while pending: a used code means nothing and may be handed out again. */
  code: string | null;
  status: PairingStatusRow['status'];
  role: PairingStatusRow['user_role'];
  inviteType: PairingStatusRow['invite_type'];
  inviteeEmail: string | null;
  partner: { id: number; displayName: string } | null;
  roomId: string | null;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
}

export function presentCreated(row: PairingRow, inviteUrl: string): CreatedPairingView {
  return {
    id: row.id,
    code: row.pairing_code,
    inviteUrl,
    inviteType: row.invite_type,
    inviteeEmail: row.parent_b_email,
    status: 'pending',
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
  };
}

export function presentPairing(row: PairingStatusRow): PairingView {
  return {
    id: row.pairing_id,
    code: row.status === 'pending' ? row.pairing_code : null,
    status: row.status,
    role: row.user_role,
    inviteType: row.invite_type,
    inviteeEmail: row.parent_b_email,
    partner:
      row.partner_id !== null && row.partner_name !== null
        ? { id: row.partner_id, displayName: row.partner_name }
        : null,
    roomId: row.shared_room_id,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    acceptedAt: row.accepted_at?.toISOString() ?? null,
  };
}
