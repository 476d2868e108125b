/**
 * The "Account security" card on the profile page, in real Chromium at
 * phone width: download my data (the file is the account's export), then
 * delete the account through its confirmation step, which says what is kept.
 * A wrong password keeps the account; the right one ends the session.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  screenshots,
  seriousViolations,
  signUpInBrowser,
  startE2E,
  type E2E,
  type Parent,
} from '../support/e2e.js';

jest.setTimeout(90_000);

let e2e: E2E;
let parent: Parent;

beforeAll(async () => {
  e2e = await startE2E();
  parent = await e2e.newParent();
  await signUpInBrowser(parent);
  await parent.page.waitForURL((u) => !u.pathname.startsWith('/signup'));
}, 120_000);

afterAll(async () => {
  await e2e?.close();
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
});
