import type { GoogleOAuthDouble } from './doubles/googleOAuth.js';

/** A browser of sorts for OAuth round trips: follows redirects by hand and keeps cookies per host. */
export class OAuthBrowser {
  private readonly jar = new Map<string, Map<string, string>>();
  readonly hops: Array<{ url: string; status: number; location?: string }> = [];

  cookieHeader(url: string): string {
    const cookies = this.jar.get(new URL(url).host) ?? new Map<string, string>();
    return [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async visit(start: string): Promise<Response> {
    let url = start;
    for (let i = 0; i < 10; i += 1) {
      const res = await fetch(url, {
        redirect: 'manual',
        headers: { cookie: this.cookieHeader(url) },
      });
      this.keep(url, res);
      const location = res.headers.get('location') ?? undefined;
      this.hops.push({ url, status: res.status, location });
      if (res.status < 300 || res.status >= 400 || !location) return res;
      await res.arrayBuffer();
      url = new URL(location, url).href;
    }
    throw new Error('too many redirects');
  }

  private keep(url: string, res: Response): void {
    const host = new URL(url).host;
    const cookies = this.jar.get(host) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    this.jar.set(host, cookies);
  }
}

/** The token of the first link in a mail's text whose path starts with `pathPrefix` (e.g. "/verify-email/"). */
export function linkIn(text: string, pathPrefix: string): string {
  const escaped = pathPrefix.replace(/[/.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}([A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`no ${pathPrefix} link in the mail`);
  return match[1]!;
}

/** The server settings that point Google sign-in at the OAuth double. */
export function googleEnv(google: GoogleOAuthDouble): Record<string, string> {
  return {
    GOOGLE_CLIENT_ID: google.clientId,
    GOOGLE_CLIENT_SECRET: google.clientSecret,
    GOOGLE_AUTHORIZATION_URL: google.authorizationURL,
    GOOGLE_TOKEN_URL: google.tokenURL,
    GOOGLE_USERINFO_URL: google.userProfileURL,
  };
}

/** Who `GET /api/auth/me` says is signed in. */
export interface SignedInAs {
  id: number;
  email: string;
  displayName: string;
  hasGoogle: boolean;
  hasPassword: boolean;
}

/** One full Google sign-in; returns the browser (holding the session), the landing page and who it is. */
export async function signInWithGoogle(serverUrl: string) {
  const browser = new OAuthBrowser();
  const landing = await browser.visit(`${serverUrl}/api/auth/google`);
  const me = await fetch(`${serverUrl}/api/auth/me`, {
    headers: { cookie: browser.cookieHeader(serverUrl) },
  });
  const user = me.status === 200 ? ((await me.json()) as { user: SignedInAs }).user : null;
  return { browser, landing, me: user };
}
