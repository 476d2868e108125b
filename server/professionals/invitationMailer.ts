import type { Logger } from '../shared/logger.js';

/** What an invitation email says besides its link. */
export interface InvitationDetails {
  roomName: string;
  inviterName: string;
  role: string;
  expiresAt: Date;
}

/**
 * Sends a professional's invitation. Until the project's mailer lands
 * (issue 11, server/mail/), `logInvitationMailer` stands in; the lead wires
 * the real one in the container.
 */
export interface InvitationMailer {
  sendInvitationEmail(to: string, link: string, details: InvitationDetails): Promise<void>;
}

/** Writes that an invitation went out — never the link, whose token is the credential. */
export function logInvitationMailer(logger: Logger): InvitationMailer {
  return {
    sendInvitationEmail(to, _link, details) {
      logger.info(
        { to, role: details.role, expiresAt: details.expiresAt.toISOString() },
        'professional invitation (no mailer configured: link not sent)',
      );
      return Promise.resolve();
    },
  };
}
