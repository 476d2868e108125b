import { Router } from 'express';
import type { Config } from '../config.js';
import { unauthorized } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { parse } from '../shared/validation.js';
import type { AuthService } from './authService.js';
import { mountGoogleRoutes } from './google.js';
import type { AccountService } from './accountService.js';
import type { SessionControl } from './sessionControl.js';
import { presentUser } from './presenter.js';
import {
  loginBody,
  passwordChangeBody,
  passwordResetBody,
  passwordResetConfirmBody,
  signupBody,
  verifyEmailBody,
} from './schema.js';
import { currentUserId, signIn, signOut } from './session.js';
import type { UserRepository } from './userRepository.js';

/** `/api/auth`: signup, login, logout, me, Google. */
export function authRoutes(deps: {
  config: Config;
  publicUrl: string;
  logger: Logger;
  auth: AuthService;
  users: UserRepository;
  sessions: SessionControl;
  accounts: AccountService;
}): Router {
  const router = Router();

  router.post('/signup', async (req, res) => {
    const input = parse(signupBody, req.body, 'Signup');
    const user = await deps.auth.signup(input, req.ip ?? 'unknown');
    await deps.accounts.sendVerification(user);
    await signIn(req, user.id);
    res.status(201).json({ user: presentUser(user) });
  });

  router.post('/login', async (req, res) => {
    const input = parse(loginBody, req.body, 'Login');
    const user = await deps.auth.login(input, req.ip ?? 'unknown');
    await signIn(req, user.id);
    res.json({ user: presentUser(user) });
  });

  router.post('/logout', async (req, res) => {
    const sessionId = req.sessionID;
    await signOut(req);
    deps.sessions.ended(sessionId);
    res.json({ ok: true });
  });

  // Sign out everywhere: every session of the account, this one included.
  router.post('/sessions/end-all', async (req, res) => {
    const ended = await deps.sessions.endAll(currentUserId(req));
    await signOut(req);
    res.json({ ok: true, ended });
  });

  router.get('/me', async (req, res) => {
    const user = await deps.users.findById(currentUserId(req));
    if (!user) throw unauthorized('Your account no longer exists');
    res.json({ user: presentUser(user) });
  });

  // The link mailed after signup: works signed in or not (another device).
  router.post('/verify-email', async (req, res) => {
    const { token } = parse(verifyEmailBody, req.body, 'Verification');
    const user = await deps.accounts.verifyEmail(token);
    res.json({ user: presentUser(user) });
  });

  router.post('/verify-email/resend', async (req, res) => {
    const result = await deps.accounts.resendVerification(currentUserId(req));
    res.status(202).json({ ok: true, ...result });
  });

  // Always 202: the answer must not tell whether an account has this address.
  router.post('/password-reset', async (req, res) => {
    const { email } = parse(passwordResetBody, req.body, 'Password reset');
    await deps.accounts.requestReset(email, req.ip ?? 'unknown');
    res.status(202).json({ ok: true });
  });

  router.post('/password-reset/confirm', async (req, res) => {
    const input = parse(passwordResetConfirmBody, req.body, 'Password reset');
    await deps.accounts.confirmReset(input.token, input.password);
    res.json({ ok: true });
  });

  router.post('/password', async (req, res) => {
    const input = parse(passwordChangeBody, req.body, 'Password change');
    await deps.accounts.changePassword(currentUserId(req), req.sessionID, input);
    res.json({ ok: true });
  });

  mountGoogleRoutes(router, deps);
  return router;
}
