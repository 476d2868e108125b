import { AppError, forbidden, notFound, validationFailed } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { Limiter } from '../shared/rateLimit.js';
import { mails } from '../mail/templates.js';
import { sendInBackground, type Mailer } from '../mail/mailer.js';
import type { TokenPurpose, MailTokens } from './mailTokens.js';
import type { PasswordHasher } from './passwords.js';
import type { SessionControl } from './sessionControl.js';
import type { UserRepository, UserRow } from './userRepository.js';

/** A verification link works for a day; a reset link for an hour. */
export const VERIFY_TTL_HOURS = 24;
export const RESET_TTL_MINUTES = 60;

export interface AccountServiceDeps {
  users: UserRepository;
  tokens: MailTokens;
  hasher: PasswordHasher;
  mailer: Mailer;
  sessions: SessionControl;
  logger: Logger;
  publicUrl: string;
  limits: {
    /** Verification mails one user may ask for again. */
    resendsByUser: Limiter;
    /** Reset mails per address: past it, requests are accepted and nothing is sent. */
    resetsByEmail: Limiter;
    /** Reset requests per IP (answered 429: that says nothing about any account). */
    resetsByIp: Limiter;
    /** Wrong current passwords per user (a stolen session must not brute-force it). */
    passwordChecksByUser: Limiter;
  };
}

const badLink = () =>
  validationFailed('This link is not valid any more: it was used, expired, or mistyped', {
    reason: 'invalid_token',
  });

/**
 * Owning an account: proving its email (verification link), getting back in
 * (reset link by mail; ends every session), changing the password (ends the
 * other sessions). Mails go out in the background: a failed mail does not
 * undo the request, and response times do not tell whether an account exists.
 */
export function createAccountService(deps: AccountServiceDeps) {
  const { users, tokens, limits } = deps;
  const link = (path: string, token: string) => `${deps.publicUrl}/${path}/${token}`;

  async function spend(purpose: TokenPurpose, token: string): Promise<UserRow> {
    const used = await tokens.use(token, purpose);
    const user = used && (await users.findById(used.userId));
    // The address changed since the link was mailed: it proves nothing now.
    if (!used || !user || user.email !== used.email) throw badLink();
    return user;
  }

  return {
    /** Mails a fresh verification link (after signup, or on request). */
    async sendVerification(user: UserRow): Promise<void> {
      const token = await tokens.issue(
        user.id,
        user.email,
        'verify_email',
        VERIFY_TTL_HOURS * 3600,
      );
      sendInBackground(
        deps.mailer,
        deps.logger,
        mails.verifyEmail(user.email, user.id, link('verify-email', token), VERIFY_TTL_HOURS),
      );
    },

    /** The signed-in user asks for another verification mail. */
    async resendVerification(userId: number): Promise<{ alreadyVerified: boolean }> {
      const user = await users.findById(userId);
      if (!user) throw notFound('Account');
      if (user.email_verified_at) return { alreadyVerified: true };
      await limits.resendsByUser.consume(String(userId));
      await this.sendVerification(user);
      return { alreadyVerified: false };
    },

    /** Follows a verification link: the address is proven. */
    async verifyEmail(token: string): Promise<UserRow> {
      const user = await spend('verify_email', token);
      return user.email_verified_at ? user : users.markEmailVerified(user.id);
    },

    /** "Forgot password": mails a reset link when the account exists; answers the same either way. */
    async requestReset(email: string, ip: string): Promise<void> {
      await limits.resetsByIp.consume(ip);
      void (async () => {
        const user = await users.findByEmail(email);
        if (!user) return;
        try {
          await limits.resetsByEmail.consume(email);
        } catch (err) {
          if (err instanceof AppError && err.code === 'rate_limited') return;
          throw err;
        }
        const token = await tokens.issue(
          user.id,
          user.email,
          'reset_password',
          RESET_TTL_MINUTES * 60,
        );
        await deps.mailer.send(
          mails.passwordReset(
            user.email,
            user.id,
            link('reset-password', token),
            RESET_TTL_MINUTES,
          ),
        );
      })().catch((err: unknown) =>
        deps.logger.warn({ err: (err as Error)?.message }, 'password reset mail not sent'),
      );
    },

    /**
     * Follows a reset link: a new password, the address proven (the link
     * reached it), every other reset link voided, every session and socket
     * of the account ended — an intruder's included.
     */
    async confirmReset(token: string, password: string): Promise<void> {
      const user = await spend('reset_password', token);
      await users.setPassword(user.id, await deps.hasher.hash(password));
      if (!user.email_verified_at) await users.markEmailVerified(user.id);
      await tokens.revoke(user.id, 'reset_password');
      await deps.sessions.endAll(user.id);
    },

    /** Changes the password of the signed-in user; their other sessions end. */
    async changePassword(
      userId: number,
      sessionId: string,
      input: { currentPassword: string; newPassword: string },
    ): Promise<void> {
      const user = await users.findById(userId);
      if (!user) throw notFound('Account');
      if (!user.password_hash) {
        throw forbidden('This account has no password yet: use "Forgot password" to set one');
      }
      await limits.passwordChecksByUser.check(String(userId));
      if (!(await deps.hasher.verify(input.currentPassword, user.password_hash))) {
        await limits.passwordChecksByUser.consume(String(userId));
        throw validationFailed('The current password is not correct', {
          issues: [{ field: 'currentPassword', message: 'is not correct' }],
        });
      }
      await users.setPassword(userId, await deps.hasher.hash(input.newPassword));
      await deps.sessions.endOthers(userId, sessionId);
      sendInBackground(
        deps.mailer,
        deps.logger,
        mails.passwordChanged(user.email, user.id, `${deps.publicUrl}/forgot-password`),
      );
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
