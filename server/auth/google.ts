import type { RequestHandler, Router } from 'express';
import passport from 'passport';
import { Strategy as GoogleStrategy, type Profile } from 'passport-google-oauth20';
import type { Config } from '../config.js';
import { AppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { parse } from '../shared/validation.js';
import type { AuthService, GoogleIdentity } from './authService.js';
import { googleStartQuery } from './schema.js';
import type { UserRow } from './userRepository.js';
import { signIn } from './session.js';

declare module 'express-session' {
  interface SessionData {
    /** Where Google sign-in lands afterwards (a path of this app), kept across the round trip. */
    googleReturnTo: string;
  }
}

/** Turns passport's parsed profile into what the auth service needs. */
export function identityFromProfile(profile: Profile): GoogleIdentity {
  const email = profile.emails?.[0];
  const verified = (email as { verified?: boolean | string } | undefined)?.verified;
  return {
    googleId: profile.id,
    email: email?.value,
    emailVerified: verified === true || verified === 'true',
    displayName: profile.displayName,
    firstName: profile.name?.givenName,
    lastName: profile.name?.familyName,
  };
}

/**
 * Mounts `GET /google` (`?next=/a/path` to land there afterwards, see
 * googleStartQuery) and `GET /google/callback` on the auth router. With no
 * GOOGLE_CLIENT_ID both answer 404 with a clear error. The endpoint URLs are
 * configurable so tests drive the real strategy against a local OAuth double.
 */
export function mountGoogleRoutes(
  router: Router,
  deps: { config: Config; publicUrl: string; auth: AuthService; logger: Logger },
): void {
  const { config } = deps;
  if (!config.GOOGLE_CLIENT_ID || !config.GOOGLE_CLIENT_SECRET) {
    router.get(['/google', '/google/callback'], () => {
      throw new AppError(
        'not_found',
        'Google sign-in is not configured on this server (no GOOGLE_CLIENT_ID); use email and password',
      );
    });
    return;
  }
  const authenticator = new passport.Passport();
  authenticator.use(
    new GoogleStrategy(
      {
        clientID: config.GOOGLE_CLIENT_ID,
        clientSecret: config.GOOGLE_CLIENT_SECRET,
        callbackURL: `${deps.publicUrl}/api/auth/google/callback`,
        ...(config.GOOGLE_AUTHORIZATION_URL && {
          authorizationURL: config.GOOGLE_AUTHORIZATION_URL,
        }),
        ...(config.GOOGLE_TOKEN_URL && { tokenURL: config.GOOGLE_TOKEN_URL }),
        ...(config.GOOGLE_USERINFO_URL && { userProfileURL: config.GOOGLE_USERINFO_URL }),
        state: true,
      },
      (_accessToken, _refreshToken, profile, done) => {
        deps.auth.googleSignIn(identityFromProfile(profile)).then(
          (user) => done(null, user),
          (err: unknown) => done(err as Error),
        );
      },
    ),
  );
  // passport types authenticate() as `any`; it is an express handler.
  const authenticate = (options: passport.AuthenticateOptions) =>
    authenticator.authenticate('google', options) as RequestHandler;
  router.get(
    '/google',
    (req, _res, next) => {
      // Kept in the session beside passport's state, which lives there too.
      const { next: returnTo } = parse(googleStartQuery, req.query, 'Query');
      if (returnTo) req.session.googleReturnTo = returnTo;
      else delete req.session.googleReturnTo;
      next();
    },
    authenticate({ scope: ['openid', 'email', 'profile'], session: false }),
  );
  router.get(
    '/google/callback',
    authenticate({ session: false, failureRedirect: '/?login=failed' }),
    async (req, res) => {
      const user = req.user as UserRow;
      // Read before signIn: it starts a new session (a fresh id) without it.
      const returnTo = req.session.googleReturnTo ?? '/';
      await signIn(req, user.id);
      res.redirect(returnTo);
    },
  );
}
