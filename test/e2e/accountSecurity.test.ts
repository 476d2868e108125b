/**
 * The "Account security" card on the profile page, in real Chromium at
 * phone width: download my data (the file is the account's export), then
 * delete the account through its confirmation step, which says what is kept.
 * A wrong password keeps the account; the right one ends the session. A
 * Google-only account (no password) signs in with Google again from that
 * step — the server asks for a sign-in of the last 10 minutes — and comes
 * back to it, open, to finish.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { startGoogleOAuth, type GoogleOAuthDouble } from '../support/doubles/googleOAuth.js';
import {
  eventually,
  inView,
  screenshots,
  seriousViolations,
  signUpInBrowser,
  startE2E,
  type E2E,
  type Parent,
} from '../support/e2e.js';
import { googleEnv } from '../support/oauthBrowser.js';

jest.setTimeout(90_000);

let e2e: E2E;
let parent: Parent;
let google: GoogleOAuthDouble;

beforeAll(async () => {
  google = await startGoogleOAuth();
  e2e = await startE2E({ env: googleEnv(google) });
  parent = await e2e.newParent();
  await signUpInBrowser(parent);
  await parent.page.waitForURL((u) => !u.pathname.startsWith('/signup'));
}, 120_000);

afterAll(async () => {
  await e2e?.close();
  await google?.close();
});

describe('Account security card', () => {
  it('downloads my data as the account export', async () => {
    const { page } = parent;
    await page.goto('/profile');
    const card = page.getByRole('region', { name: 'Account security' });
    await card.getByRole('button', { name: 'Sign out everywhere' }).waitFor();
    await expect(card.getByLabel('Current password').count()).resolves.toBe(1);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('link', { name: 'Download my data' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^parley-account-\d+-.*\.json$/);
    const data = JSON.parse(await readFile(await download.path(), 'utf8')) as {
      account: { email: string; displayName: string };
    };
    expect(data.account).toMatchObject({ email: parent.email, displayName: parent.name });
  });

  it('deletes the account after a confirmation step that says what is kept', async () => {
    const { page } = parent;
    await page.goto('/profile');
    const card = page.getByRole('region', { name: 'Account security' });
    await card.getByRole('button', { name: 'Delete my account…' }).click();
    await card.getByText('Kept:').waitFor();
    await expect(card.getByText('Kept:').count()).resolves.toBe(1);
    await expect(card.getByText(/shown as “Former member”/).count()).resolves.toBe(1);
    await card.getByLabel('Your password, to confirm').fill('not my password');
    await card.getByRole('button', { name: 'Delete my account for good' }).click();
    await card.getByRole('alert').waitFor();
    expect(await card.getByRole('alert').textContent()).toMatch(/not correct/);
    await card.getByText('Kept:').scrollIntoViewIfNeeded();
    await screenshots(page, 'account-delete-confirm');
    expect(await seriousViolations(page)).toEqual([]);

    await card.getByLabel('Your password, to confirm').fill('correct horse battery');
    await card.getByRole('button', { name: 'Delete my account for good' }).click();
    await page.waitForURL((u) => u.pathname === '/signin');
    const me = await page.request.get('/api/auth/me');
    expect(me.status()).toBe(401);
    const login = await page.request.post('/api/auth/login', {
      data: { email: parent.email, password: 'correct horse battery' },
    });
    expect(login.status()).toBe(401);
  });

  it('a Google-only account signs in with Google again from the delete step, comes back to it and deletes', async () => {
    google.setNextUser({ sub: 'g-e2e-robin', email: 'robin-google@example.com', name: 'Robin' });
    const robin = await e2e.newParent();
    const { page } = robin;
    await page.goto('/signin');
    await page.getByRole('link', { name: 'Continue with Google' }).click();
    await page.waitForURL((u) => u.pathname === '/pairing');

    // The page the service worker answers every navigation with carries the server's flags too.
    const precached = await page.request.get('/index.html');
    expect(await precached.text()).toContain('<meta name="parley-google" content="on"');

    await page.goto('/profile');
    const card = page.getByRole('region', { name: 'Account security' });
    await card.getByRole('button', { name: 'Delete my account…' }).click();
    await eventually(
      () => page.evaluate(() => document.activeElement?.textContent ?? ''),
      (t) => t === 'Delete your account?',
    );
    await expect(card.getByLabel('Your password, to confirm').count()).resolves.toBe(0);
    await expect(card.getByText('robin-google@example.com').count()).resolves.toBe(1);
    const again = card.getByRole('link', { name: 'Sign in with Google again' });
    await again.scrollIntoViewIfNeeded();
    expect(await inView(again)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'account-delete-google');

    const trips = google.authorizations.length;
    await again.click();
    // Back on the same step, open and focused, the one-time marker gone from the address.
    await card.getByText('You signed in again just now').waitFor();
    expect(google.authorizations.length).toBe(trips + 1);
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/profile');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Delete your account?',
    );
    await card.getByRole('button', { name: 'Delete my account for good' }).click();
    await page.waitForURL((u) => u.pathname === '/signin');
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);
  });

  it('the mailed-link pages and the password change say what happened', async () => {
    const kim = await e2e.newParent();
    const { page } = kim;
    await signUpInBrowser(kim);
    await page.waitForURL((u) => !u.pathname.startsWith('/signup'));

    await page.goto('/profile');
    const card = page.getByRole('region', { name: 'Account security' });
    await card.getByLabel('Current password').fill('correct horse battery');
    await card.getByLabel('New password').fill('a new horse battery');
    await card.getByRole('button', { name: 'Change password' }).click();
    await card.getByText('Password changed. Your other devices were signed out.').waitFor();
    expect(await card.getByLabel('Current password').inputValue()).toBe('');

    // A spent or made-up link says so instead of "Confirming…" forever.
    await page.goto('/verify-email/not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    await page.getByRole('alert').waitFor();
    await expect(page.getByText('Confirming…').count()).resolves.toBe(0);

    await page.goto('/forgot-password');
    await page.getByLabel('Email').fill(kim.email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await page.getByText('If an account uses this address, a link').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
