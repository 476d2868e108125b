import type { Mail } from './mailer.js';

/**
 * The texts of Parley's mails. Plain text on purpose: nothing to render,
 * nothing remote to load, and the link is the whole point of each mail.
 */
export const mails = {
  verifyEmail(to: string, userId: number, link: string, hours: number): Mail {
    return {
      kind: 'verify_email',
      to,
      userId,
      subject: 'Confirm your email address for Parley',
      text: [
        'Please confirm that this is your email address by opening this link:',
        '',
        link,
        '',
        `The link works once and expires in ${hours} hours.`,
        'If you did not create a Parley account, ignore this mail: nothing happens without the link.',
      ].join('\n'),
    };
  },

  passwordReset(to: string, userId: number, link: string, minutes: number): Mail {
    return {
      kind: 'password_reset',
      to,
      userId,
      subject: 'Reset your Parley password',
      text: [
        'Someone (hopefully you) asked to reset the password of your Parley account.',
        'To choose a new password, open this link:',
        '',
        link,
        '',
        `The link works once and expires in ${minutes} minutes. Resetting signs you out on every device.`,
        'If you did not ask for this, ignore this mail: your password stays as it is.',
      ].join('\n'),
    };
  },

  passwordChanged(to: string, userId: number, resetUrl: string): Mail {
    return {
      kind: 'password_changed',
      to,
      userId,
      subject: 'Your Parley password was changed',
      text: [
        'The password of your Parley account was just changed, and your other devices were signed out.',
        '',
        `If this was not you, reset your password at once: ${resetUrl}`,
      ].join('\n'),
    };
  },

  pairingInvitation(
    to: string,
    inviterName: string,
    link: string,
    code: string,
    expiresAt: Date,
  ): Mail {
    return {
      kind: 'pairing_invitation',
      to,
      subject: `${inviterName} invites you to Parley`,
      text: [
        `${inviterName} invites you to Parley, a calm, private place for co-parents to talk.`,
        '',
        `Open this link to accept (sign up or sign in with this email address): ${link}`,
        `Or enter the code ${code} after signing in.`,
        '',
        `The invitation expires on ${expiresAt.toUTCString()}.`,
      ].join('\n'),
    };
  },

  professionalInvitation(
    to: string,
    link: string,
    details: { roomName: string; inviterName: string; role: string; expiresAt: Date },
  ): Mail {
    return {
      kind: 'professional_invitation',
      to,
      subject: `${details.inviterName} shares a Parley record with you`,
      text: [
        `${details.inviterName} invites you, as ${details.role}, to read the Parley record "${details.roomName}" (read-only).`,
        '',
        `Open this link to accept (sign up or sign in with this email address): ${link}`,
        '',
        `The invitation expires on ${details.expiresAt.toUTCString()}.`,
      ].join('\n'),
    };
  },
};
