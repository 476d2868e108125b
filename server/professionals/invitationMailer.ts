import type { Mailer } from '../mail/mailer.js';
import { mails } from '../mail/templates.js';

/** What an invitation email says besides its link. */
export interface InvitationDetails {
  roomName: string;
  inviterName: string;
  role: string;
  expiresAt: Date;
}

/** Sends a professional's invitation (tests may keep them instead). */
export interface InvitationMailer {
  sendInvitationEmail(to: string, link: string, details: InvitationDetails): Promise<void>;
}

/** The invitation as a real mail (server/mail); the log names only its kind. */
export function mailInvitationMailer(mailer: Mailer): InvitationMailer {
  return {
    sendInvitationEmail: (to, link, details) =>
      mailer.send(mails.professionalInvitation(to, link, details)),
  };
}
