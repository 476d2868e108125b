import type { UserRepository } from '../auth/userRepository.js';
import type { RoomAccess } from '../rooms/roomAccess.js';
import type { RoomRepository } from '../rooms/roomRepository.js';
import { notFound } from '../shared/errors.js';
import { createRecordEncoder, MEDIATION_FORMAT } from './recordFormat.js';
import type { MediationRow, RecordRepository } from './recordRepository.js';
import type { RecordKeyStore } from './signingKey.js';

function presentIntervention(row: MediationRow) {
  return {
    id: row.id,
    heldAt: row.created_at.toISOString(),
    originalText: row.original_text,
    suggestions: row.suggestions,
    risk: row.analysis.risk ?? null,
    patterns: row.analysis.patterns ?? [],
    explanation: row.analysis.explanation ?? null,
    outcome: row.outcome,
    sentText: row.outcome === 'pending' ? null : row.rewrite_text,
    sentAsSeq: row.message_seq,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
  };
}

/**
 * A parent's own mediation record: the messages the mediator held for
 * them in one room, the suggestions offered and what they chose. Only the
 * sender can export it; the shared record (and so the other parent and any
 * professional) never contains it. Signed like the record, no chain.
 */
export function createMediationRecordService(deps: {
  access: RoomAccess;
  rooms: Pick<RoomRepository, 'findById'>;
  users: Pick<UserRepository, 'findById'>;
  records: Pick<RecordRepository, 'mediationOf'>;
  keys: RecordKeyStore;
  publicUrl: string;
}) {
  return {
    /** The whole signed file (small: one row per held message). */
    async export(userId: number, roomId: string): Promise<{ text: string; exportedAt: string }> {
      await deps.access.requireMember(roomId, userId);
      const [room, user, rows, signer] = await Promise.all([
        deps.rooms.findById(roomId),
        deps.users.findById(userId),
        deps.records.mediationOf(userId, roomId),
        deps.keys.signer(),
      ]);
      if (!room || !user) throw notFound('Room');
      const exportedAt = new Date().toISOString();
      const encoder = createRecordEncoder(MEDIATION_FORMAT);
      let text = encoder.open(
        {
          room: { id: room.id, name: room.name },
          owner: { userId, displayName: user.display_name },
          exportedAt,
          note: "The sender's own coaching history. Not part of the shared record: the other parent never sees it.",
          key: {
            algorithm: 'Ed25519',
            publicKey: signer.publicKey.publicKey,
            fingerprint: signer.publicKey.fingerprint,
            publishedAt: `${deps.publicUrl}/.well-known/parley-record-key`,
          },
        },
        'interventions',
      );
      for (const row of rows) text += encoder.item(presentIntervention(row));
      text += encoder.close(
        { count: rows.length },
        { fingerprint: signer.publicKey.fingerprint, sign: (m) => signer.sign(m) },
      ).text;
      return { text, exportedAt };
    },
  };
}

export type MediationRecordService = ReturnType<typeof createMediationRecordService>;
