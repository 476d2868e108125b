import { conflict, forbidden, unauthorized, validationFailed } from '../shared/errors.js';
import type { Limiter } from '../shared/rateLimit.js';
import type { PasswordHasher } from './passwords.js';
import type { LoginLimits } from './loginLimits.js';
import type { LoginInput, SignupInput } from './schema.js';
import type { UserRepository, UserRow } from './userRepository.js';

/** What a Google profile tells us, already parsed by passport. */
export interface GoogleIdentity {
  googleId: string;
  email: string | undefined;
  emailVerified: boolean;
  displayName: string;
  firstName?: string;
  lastName?: string;
}

export interface AuthServiceDeps {
  users: UserRepository;
  hasher: PasswordHasher;
  /** Login limits (loginLimits.ts). */
  loginLimits: LoginLimits;
  /** Signups per IP. */
  signupsByIp: Limiter;
}

// One message for unknown email and wrong password: the response must not
// tell an attacker which accounts exist.
const BAD_CREDENTIALS = 'Email or password is incorrect';

/** Account rules: sign up, sign in with a password or with Google. */
export function createAuthService(deps: AuthServiceDeps) {
  const { users, hasher } = deps;

  return {
    async signup(input: SignupInput, ip: string): Promise<UserRow> {
      // Every attempt counts, taken or not: a script minting accounts is the point.
      await deps.signupsByIp.consume(ip);
      if (await users.findByEmail(input.email)) {
        throw conflict('An account with that email already exists');
      }
      const passwordHash = await hasher.hash(input.password);
      return users.insert({
        email: input.email,
        passwordHash,
        googleId: null,
        displayName: input.displayName,
      });
    },

    async login(input: LoginInput, ip: string): Promise<UserRow> {
      // Refuse before spending bcrypt time once a budget is spent.
      await deps.loginLimits.check(input.email, ip);
      const user = await users.findByEmail(input.email);
      const ok = user?.password_hash
        ? await hasher.verify(input.password, user.password_hash)
        : await hasher.verifyNothing(input.password);
      if (!ok || !user) {
        await deps.loginLimits.failed(input.email, ip);
        throw unauthorized(BAD_CREDENTIALS);
      }
      await deps.loginLimits.succeeded(input.email, ip);
      await users.touchLogin(user.id);
      return user;
    },

    /**
     * Signs in with Google: the account already linked to this Google id;
     * else, only when Google verified the email: the account with that
     * email if that account's own address is verified too (linked now), or a
     * new one. An unverified account is never linked: whoever signed it up
     * may not own the address, and their password would keep working
     * (docs/security.md). An unverified Google email never creates or links.
     */
    async googleSignIn(identity: GoogleIdentity): Promise<UserRow> {
      const linked = await users.findByGoogleId(identity.googleId);
      if (linked) {
        await users.touchLogin(linked.id);
        return linked;
      }
      if (!identity.email) throw validationFailed('Google did not share an email address');
      if (!identity.emailVerified) {
        throw forbidden(
          'Google has not verified this email address: verify it with Google, or sign up with a password',
        );
      }
      const email = identity.email.trim().toLowerCase();
      const existing = await users.findByEmail(email);
      if (existing) {
        if (existing.google_id && existing.google_id !== identity.googleId) {
          throw conflict('That account is linked to another Google identity');
        }
        if (!existing.email_verified_at) {
          throw conflict(
            'An account with this email exists but its address was never confirmed. Sign in with its password and confirm the address, or use "Forgot password" (the link goes to this address).',
            { reason: 'email_unverified' },
          );
        }
        const user = await users.linkGoogle(existing.id, identity.googleId);
        await users.touchLogin(user.id);
        return user;
      }
      const user = await users.insert({
        email,
        passwordHash: null,
        googleId: identity.googleId,
        displayName: identity.displayName.trim().slice(0, 100) || email,
        firstName: identity.firstName ?? null,
        lastName: identity.lastName ?? null,
        emailVerified: true,
      });
      await users.touchLogin(user.id);
      return user;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
