/**
 * A Google OAuth 2.0 / OpenID Connect double for passport-google-oauth20.
 *
 * Pass `authorizationURL`, `tokenURL` and `userProfileURL` to the Strategy.
 * The authorization endpoint consents at once for the configured user and
 * 302s back with a code; /token exchanges it; /userinfo answers in the
 * OpenID (v3) format, which the strategy picks because the URL ends in
 * "/userinfo". node-oauth sends the token as `?access_token=`, not as a
 * Bearer header, so both are accepted, as Google does.
 */
import { createHash, randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback, readBody, safeHandler, sendJson } from './http.js';
import { createJwtSigner } from './jwtSigner.js';

/** The Google account that "signs in". */
export interface GoogleUser {
  sub: string;
  email: string;
  /** Default true. */
  emailVerified?: boolean;
  name?: string;
  givenName?: string;
  familyName?: string;
  picture?: string;
}

/** Options of `startGoogleOAuth`. */
export interface GoogleOAuthOptions {
  clientId?: string;
  clientSecret?: string;
  /** Registered redirect URIs; when omitted any http(s) URI is accepted. */
  redirectUris?: string[];
  defaultUser?: GoogleUser;
}

/** A running Google OAuth double. */
export interface GoogleOAuthDouble {
  url: string;
  clientId: string;
  clientSecret: string;
  authorizationURL: string;
  tokenURL: string;
  userProfileURL: string;
  /** id_token issuer and its signing keys. */
  issuer: string;
  jwksURL: string;
  /** The user for every following authorization, until changed. */
  setNextUser(user: GoogleUser): void;
  /** Makes the next authorization redirect back with `error` (user declined). */
  denyNext(error?: string): void;
  /** Query parameters of each authorization request. */
  authorizations: Array<Record<string, string>>;
  /** Form parameters of each token request (client_secret included). */
  tokenRequests: Array<Record<string, string>>;
  /** Status of each userinfo request. */
  userinfoRequests: Array<{ status: number; tokenVia: 'header' | 'query' | 'none' }>;
  close(): Promise<void>;
}

interface Grant {
  user: GoogleUser;
  scopes: string[];
  clientId: string;
  redirectUri: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  expiresAt: number;
  used: boolean;
  accessToken?: string;
}

const SCOPE_ALIASES: Record<string, string> = {
  openid: 'openid',
  email: 'email',
  profile: 'profile',
  'https://www.googleapis.com/auth/userinfo.email': 'email',
  'https://www.googleapis.com/auth/userinfo.profile': 'profile',
};
const TOKEN_TTL_SECONDS = 3599;

/** Starts the double on 127.0.0.1 at an ephemeral port. */
export async function startGoogleOAuth(
  options: GoogleOAuthOptions = {},
): Promise<GoogleOAuthDouble> {
  const clientId = options.clientId ?? 'parley-test.apps.googleusercontent.com';
  const clientSecret = options.clientSecret ?? 'parley-test-secret';
  let nextUser: GoogleUser = options.defaultUser ?? {
    sub: '108374920183746501234',
    email: 'parent.one@example.com',
    name: 'Parent One',
  };
  let denial: string | undefined;
  const signer = await createJwtSigner();
  const codes = new Map<string, Grant>();
  const tokens = new Map<string, Grant>();
  const authorizations: GoogleOAuthDouble['authorizations'] = [];
  const tokenRequests: GoogleOAuthDouble['tokenRequests'] = [];
  const userinfoRequests: GoogleOAuthDouble['userinfoRequests'] = [];
  let issuer = '';

  const authorize = (url: URL, res: ServerResponse): void => {
    const q = Object.fromEntries(url.searchParams);
    authorizations.push(q);
    // RFC 6749 §4.1.2.1: a bad client or redirect URI must not be redirected to.
    if (q['client_id'] !== clientId)
      return void res.writeHead(401).end('Error 401: invalid_client');
    const redirect = q['redirect_uri'] ?? '';
    if (!isAllowedRedirect(redirect, options.redirectUris))
      return void res.writeHead(400).end('Error 400: redirect_uri_mismatch');

    const back = new URL(redirect);
    if (q['state'] !== undefined) back.searchParams.set('state', q['state']);
    const scopes = (q['scope'] ?? '').split(/\s+/).filter(Boolean);
    const error =
      q['response_type'] !== 'code'
        ? 'unsupported_response_type'
        : scopes.length === 0 || scopes.some((s) => !(s in SCOPE_ALIASES))
          ? 'invalid_scope'
          : denial;
    denial = undefined;
    if (error) {
      back.searchParams.set('error', error);
      return void res.writeHead(302, { location: back.href }).end();
    }
    const code = `4/0${randomBytes(24).toString('base64url')}`;
    codes.set(code, {
      user: nextUser,
      scopes: [...new Set(scopes.map((s) => SCOPE_ALIASES[s] ?? s))],
      clientId,
      redirectUri: redirect,
      nonce: q['nonce'],
      codeChallenge: q['code_challenge'],
      codeChallengeMethod: q['code_challenge_method'] ?? 'plain',
      expiresAt: Date.now() + 10 * 60_000,
      used: false,
    });
    back.searchParams.set('code', code);
    back.searchParams.set('scope', scopes.join(' '));
    res.writeHead(302, { location: back.href }).end();
  };

  const token = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const form = Object.fromEntries(new URLSearchParams((await readBody(req)).toString('utf8')));
    tokenRequests.push(form);
    const basic = parseBasicAuth(req.headers.authorization);
    const id = basic?.[0] ?? form['client_id'];
    const secret = basic?.[1] ?? form['client_secret'];
    if (id !== clientId || secret !== clientSecret)
      return oauthError(res, 401, 'invalid_client', 'Unauthorized');
    if (form['grant_type'] !== 'authorization_code')
      return oauthError(res, 400, 'unsupported_grant_type', 'Invalid grant_type');

    const grant = codes.get(form['code'] ?? '');
    if (!grant || grant.expiresAt < Date.now())
      return oauthError(res, 400, 'invalid_grant', 'Malformed auth code.');
    if (grant.used) {
      // RFC 6749 §4.1.2: a replayed code revokes what it already issued.
      if (grant.accessToken) tokens.delete(grant.accessToken);
      return oauthError(res, 400, 'invalid_grant', 'Bad Request');
    }
    grant.used = true;
    if (form['redirect_uri'] !== grant.redirectUri)
      return oauthError(res, 400, 'redirect_uri_mismatch', 'Bad Request');
    if (grant.codeChallenge && !pkceMatches(grant, form['code_verifier'])) {
      return oauthError(res, 400, 'invalid_grant', 'Invalid code verifier.');
    }

    const accessToken = `ya29.${randomBytes(32).toString('base64url')}`;
    grant.accessToken = accessToken;
    tokens.set(accessToken, { ...grant, expiresAt: Date.now() + TOKEN_TTL_SECONDS * 1000 });
    const now = Math.floor(Date.now() / 1000);
    const idToken = signer.sign({
      iss: issuer,
      azp: clientId,
      aud: clientId,
      iat: now,
      exp: now + TOKEN_TTL_SECONDS,
      ...(grant.nonce === undefined ? {} : { nonce: grant.nonce }),
      ...userClaims(grant.user, grant.scopes),
    });
    sendJson(
      res,
      200,
      {
        access_token: accessToken,
        expires_in: TOKEN_TTL_SECONDS,
        token_type: 'Bearer',
        scope: grant.scopes.join(' '),
        id_token: idToken,
      },
      { 'cache-control': 'no-store' },
    );
  };

  const userinfo = (req: IncomingMessage, url: URL, res: ServerResponse): void => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const presented = bearer ?? url.searchParams.get('access_token') ?? undefined;
    const grant = presented === undefined ? undefined : tokens.get(presented);
    const ok = grant !== undefined && grant.expiresAt > Date.now();
    userinfoRequests.push({
      status: ok ? 200 : 401,
      tokenVia: bearer ? 'header' : presented ? 'query' : 'none',
    });
    if (!ok) {
      return sendJson(
        res,
        401,
        { error: 'invalid_request', error_description: 'Invalid Credentials' },
        {
          'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
        },
      );
    }
    sendJson(res, 200, userClaims(grant.user, grant.scopes));
  };

  const server = http.createServer(
    safeHandler(async (req, res) => {
      const url = new URL(req.url ?? '/', issuer);
      const route = `${req.method} ${url.pathname}`;
      if (route === 'GET /o/oauth2/v2/auth') return authorize(url, res);
      if (route === 'POST /token') return token(req, res);
      if (route === 'GET /userinfo' || route === 'GET /oauth2/v3/userinfo')
        return userinfo(req, url, res);
      if (route === 'GET /oauth2/v3/certs') return sendJson(res, 200, signer.jwks);
      res.writeHead(404).end();
    }),
  );
  issuer = `http://127.0.0.1:${await listenOnLoopback(server)}`;

  return {
    url: issuer,
    clientId,
    clientSecret,
    authorizationURL: `${issuer}/o/oauth2/v2/auth`,
    tokenURL: `${issuer}/token`,
    userProfileURL: `${issuer}/userinfo`,
    issuer,
    jwksURL: `${issuer}/oauth2/v3/certs`,
    setNextUser: (user) => void (nextUser = user),
    denyNext: (error = 'access_denied') => void (denial = error),
    authorizations,
    tokenRequests,
    userinfoRequests,
    close: () => closeServer(server),
  };
}

/** OpenID claims the granted scopes reveal, as Google's v3 userinfo returns them. */
function userClaims(user: GoogleUser, scopes: string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = { sub: user.sub };
  if (scopes.includes('profile')) {
    const [first, ...rest] = (user.name ?? '').split(' ');
    claims['name'] = user.name ?? user.email;
    claims['given_name'] = user.givenName ?? first ?? '';
    claims['family_name'] = user.familyName ?? rest.join(' ');
    claims['picture'] = user.picture ?? `https://lh3.googleusercontent.com/a/${user.sub}=s96-c`;
  }
  if (scopes.includes('email')) {
    claims['email'] = user.email;
    claims['email_verified'] = user.emailVerified ?? true;
  }
  return claims;
}

function isAllowedRedirect(uri: string, registered: string[] | undefined): boolean {
  if (registered) return registered.includes(uri);
  return /^https?:\/\/[^/]+\//.test(uri);
}

function parseBasicAuth(header: string | undefined): [string, string] | undefined {
  const encoded = /^Basic\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!encoded) return undefined;
  const [id = '', ...secret] = Buffer.from(encoded, 'base64').toString('utf8').split(':');
  return [decodeURIComponent(id), decodeURIComponent(secret.join(':'))];
}

function pkceMatches(grant: Grant, verifier: string | undefined): boolean {
  if (!verifier) return false;
  const expected =
    grant.codeChallengeMethod === 'S256'
      ? createHash('sha256').update(verifier).digest('base64url')
      : verifier;
  return expected === grant.codeChallenge;
}

function oauthError(res: ServerResponse, status: number, error: string, description: string): void {
  sendJson(res, status, { error, error_description: description });
}
