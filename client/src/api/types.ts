/**
 * The REST views the client reads (DESIGN.md "REST"). The socket views come
 * from the server's shared event map, the only thing imported from server/.
 */
export type {
  InterventionView,
  MessageView,
  NotificationView,
  ThreadView,
} from '../../../server/shared/socketEvents.js';
import type { MessageView } from '../../../server/shared/socketEvents.js';

export interface UserView {
  id: number;
  email: string;
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  hasPassword: boolean;
  hasGoogle: boolean;
  emailVerified: boolean;
  createdAt: string;
}

export type PairingStatus = 'pending' | 'active' | 'expired' | 'canceled';

export interface PairingView {
  id: number;
  code: string | null;
  status: PairingStatus;
  role: 'initiator' | 'acceptor';
  inviteType: string;
  inviteeEmail: string | null;
  partner: { id: number; displayName: string } | null;
  roomId: string | null;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
}

export interface CreatedPairingView {
  id: number;
  code: string;
  inviteUrl: string;
  inviteeEmail: string | null;
  status: 'pending';
  createdAt: string;
  expiresAt: string;
}

export interface RoomMemberView {
  id: number;
  displayName: string;
  role: string;
  joinedAt: string;
}

export interface RoomView {
  id: string;
  name: string;
  createdAt: string;
  members: RoomMemberView[];
  lastSeq: number;
  lastReadSeq: number;
  lastMessage: MessageView | null;
  unreadCount: number;
}

export const TASK_STATUSES = ['open', 'in_progress', 'completed', 'canceled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface TaskView {
  id: number;
  roomId: string | null;
  createdBy: number;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: 'low' | 'medium' | 'high' | 'urgent';
  type: string;
  dueDate: string | null;
  assignee: { userId: number | null; name: string } | null;
  relatedPeople: string | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export const RELATIONSHIPS = [
  'child',
  'co-parent',
  'step-parent',
  'partner',
  'grandparent',
  'family',
  'caregiver',
  'teacher',
  'doctor',
  'lawyer',
  'mediator',
  'friend',
  'other',
] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export interface ContactView {
  id: number;
  firstName: string;
  lastName: string | null;
  email: string | null;
  relationship: Relationship;
  phone: string | null;
  address: string | null;
  notes: string | null;
  linkedUserId: number | null;
  childBirthdate: string | null;
  childSchool: string | null;
  childHealthNotes: string | null;
}

export interface ChainVerdict {
  ok: boolean;
  count: number;
  brokenAtSeq?: number;
}

export interface MediationStatsView {
  totalInterventions: number;
  accepted: number;
  modified: number;
  rejected: number;
  ignored: number;
  pending: number;
  acceptanceRate: number | null;
}

export type ProfileFields = Record<string, string | number | string[] | null>;

export interface ProfileSectionView {
  section: string;
  fields: ProfileFields;
  updatedAt: string | null;
}
