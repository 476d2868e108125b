import type { UserRepository } from '../auth/userRepository.js';
import type { ContactService } from '../contacts/contactService.js';
import { presentContact } from '../contacts/presenter.js';
import type { ProfileService } from '../profile/profileService.js';
import { PROFILE_SECTIONS } from '../profile/sections.js';
import { notFound } from '../shared/errors.js';
import type { TaskService } from '../tasks/taskService.js';
import { presentTask } from '../tasks/presenter.js';
import type { ExportRepository } from './exportRepository.js';

export const ACCOUNT_EXPORT_FORMAT = 'parley-account-export/1';

/**
 * The user's copy of their data (GDPR access): account, private profile and
 * contacts decrypted for them, their tasks, notifications, push
 * subscriptions without keys, the messages they sent and their own
 * mediation record. The co-parent's messages, held originals and private
 * data are not theirs and are never in it (the room's record export is the
 * shared record).
 */
export function createExportService(deps: {
  users: Pick<UserRepository, 'findById'>;
  profiles: Pick<ProfileService, 'get'>;
  contacts: Pick<ContactService, 'list'>;
  tasks: Pick<TaskService, 'list'>;
  exports: ExportRepository;
}) {
  const { exports: q } = deps;
  return {
    async build(userId: number) {
      const user = await deps.users.findById(userId);
      if (!user) throw notFound('Account');
      const profile: Record<string, unknown> = {};
      for (const section of PROFILE_SECTIONS) {
        const data = await deps.profiles.get(userId, section);
        profile[section] = { ...data.fields, updatedAt: data.updatedAt?.toISOString() ?? null };
      }
      // Tasks they created or that are assigned to them; a co-parent's other tasks are theirs.
      const tasks = (await deps.tasks.list(userId, {}))
        .filter((t) => t.user_id === userId || t.assignee_user_id === userId)
        .map(presentTask);
      return {
        format: ACCOUNT_EXPORT_FORMAT,
        exportedAt: new Date().toISOString(),
        account: {
          id: user.id,
          email: user.email,
          displayName: user.display_name,
          firstName: user.first_name,
          lastName: user.last_name,
          hasPassword: user.password_hash !== null,
          hasGoogle: user.google_id !== null,
          emailVerifiedAt: user.email_verified_at?.toISOString() ?? null,
          createdAt: user.created_at.toISOString(),
          lastLoginAt: user.last_login_at?.toISOString() ?? null,
        },
        profile,
        contacts: (await deps.contacts.list(userId)).map(presentContact),
        tasks,
        notifications: await q.notifications(userId),
        pushSubscriptions: await q.pushSubscriptions(userId),
        rooms: await q.rooms(userId),
        pairings: await q.pairings(userId),
        messages: await q.messages(userId),
        mediation: {
          note: 'Your own held messages and choices. The other parent never sees these.',
          interventions: await q.interventions(userId),
          statistics: await q.interventionStatistics(userId),
          triggers: await q.triggers(userId),
          communicationProfile: await q.communicationProfile(userId),
        },
      };
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
export type AccountExport = Awaited<ReturnType<ExportService['build']>>;
