import type { InterventionView } from '../shared/socketEvents.js';
import type { InterventionRow, StatsRow } from './interventionRepository.js';
import type { TriggerRow } from './learningRepository.js';

/**
 * Patterns whose text is never delivered as written: the sender may take a
 * suggestion, edit, or discard, but not "send original".
 */
export const NEVER_SEND_AS_IS: readonly string[] = ['threat'];

/** The text an intervention holds now: the latest edit held again, else the original. */
export function heldText(row: InterventionRow): string {
  return row.rewrite_text ?? row.original_text;
}

/** Whether "send original" may deliver what is held. */
export function canSendOriginal(row: InterventionRow): boolean {
  return !row.analysis.patterns.some((p) => NEVER_SEND_AS_IS.includes(p));
}

/**
 * A held message as its sender sees it (only its sender ever does).
 * `originalText` is the sender's own wording that is held now: the latest
 * edit when an edit was held again.
 */
export function presentIntervention(row: InterventionRow): InterventionView {
  return {
    id: row.id,
    roomId: row.room_id,
    clientId: row.client_id,
    originalText: heldText(row),
    suggestions: row.suggestions,
    patterns: row.analysis.patterns,
    risk: row.analysis.risk,
    explanation: row.analysis.explanation,
    canSendOriginal: canSendOriginal(row),
    createdAt: row.created_at.toISOString(),
  };
}

/** The caller's intervention statistics (zeros before the first one). */
export interface MediationStatsView {
  totalInterventions: number;
  accepted: number;
  modified: number;
  rejected: number;
  ignored: number;
  pending: number;
  /** (accepted + modified) / resolved; null before anything was resolved. */
  acceptanceRate: number | null;
  lastInterventionAt: string | null;
}

export function presentStats(row: StatsRow | undefined): MediationStatsView {
  const accepted = row?.accepted_count ?? 0;
  const modified = row?.modified_count ?? 0;
  const rejected = row?.rejected_count ?? 0;
  const ignored = row?.ignored_count ?? 0;
  const total = row?.total_interventions ?? 0;
  return {
    totalInterventions: total,
    accepted,
    modified,
    rejected,
    ignored,
    pending: Math.max(0, total - accepted - modified - rejected - ignored),
    acceptanceRate: row?.acceptance_rate ?? null,
    lastInterventionAt: row?.last_intervention_at?.toISOString() ?? null,
  };
}

export interface TriggerView {
  type: TriggerRow['trigger_type'];
  value: string;
  intensity: number;
  detectionCount: number;
  lastDetected: string;
}

export function presentTrigger(row: TriggerRow): TriggerView {
  return {
    type: row.trigger_type,
    value: row.trigger_value,
    intensity: row.intensity,
    detectionCount: row.detection_count,
    lastDetected: row.last_detected.toISOString(),
  };
}
