/// <reference lib="dom" />
// (Code passed to page.evaluate runs in the browser.)
/**
 * Two parents in two real Chromium profiles: sign up, pair by code, talk
 * (typing, presence, read ticks), a held message and its card, hostile
 * markup shown as text, and the outbox across going offline and a reload.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  DESKTOP,
  createInvitation,
  eventually,
  inView,
  messageTexts,
  screenshots,
  seriousViolations,
  signUpInBrowser,
  startE2E,
  type E2E,
  type Parent,
} from '../support/e2e.js';

// A shared 2-vCPU machine runs Chromium, axe and the server at once: generous, still bounded.
jest.setTimeout(90_000);

let e2e: E2E;
let alex: Parent; // on a phone
let sam: Parent; // on a computer
let roomUrl: string;

beforeAll(async () => {
  e2e = await startE2E();
  alex = await e2e.newParent();
  sam = await e2e.newParent(DESKTOP);
}, 120_000);

afterAll(async () => {
  await e2e?.close();
});

async function send(parent: Parent, text: string): Promise<void> {
  const box = parent.page.getByLabel('Message', { exact: true });
  await box.fill(text);
  await box.press('Enter');
}

async function waitForText(parent: Parent, text: string): Promise<void> {
  await parent.page.locator('.msg:not(.pending) .text', { hasText: text }).first().waitFor();
}

describe('two parents', () => {
  it('sign up, pair by code and land in their room', async () => {
    await signUpInBrowser(alex);
    await alex.page.waitForURL('**/pairing');
    const { code, link } = await createInvitation(alex.page);
    expect(code).toMatch(/^LZ-\d{6}$/);
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    await alex.page.getByText('Pending').waitFor();
    // The expiry reads at a glance on the phone, no phrase broken across lines
    // (an inline box split over two lines has client rects on two lines).
    const status = alex.page.locator('.status-line');
    expect(await status.textContent()).toMatch(/^Pending Valid 7 days · until \S.*\d/);
    const phraseLines = await status
      .locator('.nowrap')
      .evaluateAll((spans) =>
        spans.map((s) => new Set(Array.from(s.getClientRects(), (r) => Math.round(r.top))).size),
      );
    expect(phraseLines).toEqual([1, 1]);
    expect(await inView(status)).toBe(true);
    expect(await seriousViolations(alex.page)).toEqual([]);
    await screenshots(alex.page, 'pairing');

    await signUpInBrowser(sam);
    await sam.page.waitForURL('**/pairing');
    await sam.page.getByLabel('Pairing code').fill(code.toLowerCase().replace('-', ' '));
    await sam.page.getByRole('button', { name: 'Connect' }).click();
    await sam.page.waitForURL('**/rooms/*');
    roomUrl = new URL(sam.page.url()).pathname;

    // Alex's pairing page learns of the accept live and opens the room.
    await alex.page.waitForURL(`**${roomUrl}`, { timeout: 20_000 });
    await alex.page.getByRole('heading', { name: sam.name }).waitFor();
  });

  it('exchange messages both ways, with presence, typing and read ticks', async () => {
    await alex.page.locator('.presence', { hasText: 'Online' }).waitFor();
    await sam.page.locator('.presence', { hasText: 'Online' }).waitFor();

    await send(alex, 'Hi Sam, can we swap weekends in March?');
    await waitForText(sam, 'swap weekends in March');

    await sam.page
      .getByLabel('Message', { exact: true })
      .pressSequentially('Sure, whi', { delay: 20 });
    await alex.page.getByText(`${sam.name} is typing…`).waitFor();
    await sam.page.getByLabel('Message', { exact: true }).pressSequentially('ch one?');
    await sam.page.getByLabel('Message', { exact: true }).press('Enter');
    await waitForText(alex, 'Sure, which one?');
    await alex.page.getByText(`${sam.name} is typing…`).waitFor({ state: 'detached' });

    // Sam's page is open and visible, so Alex's message is read: the tick says when.
    const tick = alex.page.locator('.msg.mine .ticks').first();
    await alex.page.locator('.msg.mine .ticks.read').first().waitFor();
    expect(await tick.getAttribute('aria-label')).toMatch(new RegExp(`^Read by ${sam.name} `));
    await tick.click();
    await alex.page.locator('.tick-detail', { hasText: `Read by ${sam.name}` }).waitFor();

    expect(await messageTexts(alex.page)).toEqual([
      'Hi Sam, can we swap weekends in March?',
      'Sure, which one?',
    ]);
    expect(await messageTexts(sam.page)).toEqual(await messageTexts(alex.page));
    await screenshots(alex.page, 'chat');
  });

  it('a hostile message is held: a compact card on the phone, focus on it, accept delivers a rewrite', async () => {
    const hostile = 'You are a useless idiot and a liar. Pay the $240 for Emma’s braces by Friday.';
    const box = alex.page.getByLabel('Message', { exact: true });
    await box.fill(hostile);
    await alex.page.locator('.meter-high').waitFor();
    await box.press('Enter');

    const card = alex.page.locator('section.intervention');
    await card.waitFor();
    await eventually(
      () => alex.page.evaluate(() => document.activeElement?.textContent ?? ''),
      (t) => t === 'Not sent yet',
    );
    expect(await alex.page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    expect(await card.locator('blockquote').textContent()).toBe(hostile);

    // What Alex sees on a 390×844 phone, without scrolling: a one-line heading, one
    // sentence saying what was found (each pattern named once) and what is kept, both
    // calmer versions with their buttons, and the way out (discard). No message box
    // competes with the card; the held message's status shows just above it.
    expect(alex.page.viewportSize()).toEqual({ width: 390, height: 844 });
    const heading = card.getByRole('heading', { name: 'Not sent yet' });
    expect(await inView(heading)).toBe(true);
    const lineHeight = await heading.evaluate((h) => parseFloat(getComputedStyle(h).lineHeight));
    expect((await heading.boundingBox())!.height).toBeLessThan(lineHeight * 1.5);
    const why = (await card.locator('.iv-why').textContent())!;
    expect(why).toMatch(
      /^This may read as .*an insult \("[^"]+"\).*; the versions below keep .*\$240/,
    );
    expect(why.match(/insult|name-calling/g)).toHaveLength(1);
    expect(why.split(/[.!?](?:\s|$)/).filter((t) => t.trim())).toHaveLength(1);
    const suggestions = await card.locator('.suggestions > li > p').allTextContents();
    expect(suggestions.length).toBeGreaterThanOrEqual(1);
    for (const [i] of suggestions.slice(0, 2).entries()) {
      const item = card.locator('.suggestions > li').nth(i);
      expect(await inView(item.locator('p'))).toBe(true);
      expect(await inView(item.getByRole('button', { name: `Send this version (${i + 1})` }))).toBe(
        true,
      );
      expect(await inView(item.getByRole('button', { name: `Edit this version (${i + 1})` }))).toBe(
        true,
      );
    }
    expect(await inView(card.getByRole('button', { name: 'Discard' }))).toBe(true);
    expect(await inView(card.getByRole('button', { name: 'Edit my message' }))).toBe(true);
    expect(await box.isHidden()).toBe(true);
    // (With three versions only the held bubble's foot may show; its status line does.)
    expect(
      await inView(alex.page.locator('.msg.held .meta', { hasText: 'Waiting for your choice' })),
    ).toBe(true);
    expect(await seriousViolations(alex.page)).toEqual([]);
    await screenshots(alex.page, 'intervention');

    await card
      .getByRole('button', { name: /^Send this/ })
      .first()
      .click();
    await card.waitFor({ state: 'detached' });
    expect(await alex.page.evaluate(() => document.activeElement?.id)).toBe('composer-input');
    await waitForText(sam, suggestions[0]!.slice(0, 40));
    const received = await messageTexts(sam.page);
    expect(received.at(-1)).toBe(suggestions[0]);
    expect(received).not.toContain(hostile);
  });

  it('"Edit" on a held message brings the box back, focused, holding that version', async () => {
    const box = alex.page.getByLabel('Message', { exact: true });
    await box.fill('You NEVER answer. Typical. Bring Emma’s coat on Sunday.');
    await box.press('Enter');
    const card = alex.page.locator('section.intervention');
    await card.waitFor();
    expect(await box.isHidden()).toBe(true);
    const first = (await card.locator('.suggestions > li > p').first().textContent())!;
    await card.getByRole('button', { name: 'Edit this version (1)' }).click();
    await card.waitFor({ state: 'detached' });
    const editBox = alex.page.getByRole('textbox', { name: 'Edit your held message' });
    expect(await inView(editBox)).toBe(true);
    expect(await editBox.inputValue()).toBe(first);
    await eventually(
      () => alex.page.evaluate(() => document.activeElement?.id),
      (id) => id === 'composer-input',
    );
    await editBox.press('Enter');
    await waitForText(sam, first.slice(0, 30));
    expect((await messageTexts(sam.page)).at(-1)).toBe(first);
  });

  it('shows markup in a message as text, never as HTML', async () => {
    const dialogs: string[] = [];
    sam.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const markup = '<img src=x onerror=alert(1)>';
    await send(alex, markup);
    await waitForText(sam, markup);
    expect((await messageTexts(sam.page)).at(-1)).toBe(markup);
    expect(await sam.page.locator('.messages img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('keeps what is typed offline, across a reload, and delivers each message once, in order', async () => {
    // The service worker controls the page, so the app itself loads offline.
    // (On a loaded CI machine its install can take long; the page says what state it is in if it never comes.)
    // clients.claim() sometimes leaves the page that registered the worker uncontrolled (seen in CI:
    // worker active, page not controlled); from its next load on, a page always is — as a parent's is.
    const controlled = (ms: number) =>
      alex.page
        .waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
          timeout: ms,
        })
        .then(
          () => 'controlled',
          () =>
            alex.page.evaluate(async () => {
              const reg = await navigator.serviceWorker.getRegistration();
              return `not controlled: installing=${reg?.installing?.state} waiting=${reg?.waiting?.state} active=${reg?.active?.state}`;
            }),
        );
    let control = await controlled(45_000);
    if (control !== 'controlled') {
      await alex.page.reload();
      control = await controlled(45_000);
    }
    expect(control).toBe('controlled');
    await alex.context.setOffline(true);
    await alex.page.locator('.banner', { hasText: 'You are offline.' }).waitFor();
    await send(alex, 'Offline one');
    await send(alex, 'Offline two');
    await alex.page.locator('.msg.pending', { hasText: 'Offline two' }).waitFor();

    await alex.page.reload();
    await alex.page.locator('.msg.pending', { hasText: 'Offline one' }).waitFor();
    await alex.page.locator('.msg.pending', { hasText: 'Offline two' }).waitFor();
    await alex.page.locator('.banner', { hasText: 'You are offline.' }).waitFor();
    await send(alex, 'Offline three');
    await alex.page.locator('.msg.pending', { hasText: 'Offline three' }).waitFor();

    await alex.context.setOffline(false);
    await waitForText(sam, 'Offline three');
    await alex.page.locator('.msg.pending').first().waitFor({ state: 'detached' });
    const texts = await messageTexts(sam.page);
    expect(texts.slice(-3)).toEqual(['Offline one', 'Offline two', 'Offline three']);

    // The server stored each exactly once (its own history, not the page's view of it).
    const roomId = roomUrl.split('/').pop()!;
    const history = await sam.page.evaluate(async (id) => {
      const res = await fetch(`/api/rooms/${id}/messages?limit=50`);
      return ((await res.json()) as { messages: { text: string }[] }).messages.map((m) => m.text);
    }, roomId);
    for (const t of ['Offline one', 'Offline two', 'Offline three']) {
      expect(history.filter((h) => h === t)).toHaveLength(1);
    }
    expect(
      await eventually(
        () => messageTexts(alex.page),
        (t) => t.length === texts.length,
      ),
    ).toEqual(texts);
  }, 150_000);

  it('share a task: one adds it, the other sees it and marks it done', async () => {
    await alex.page.getByRole('link', { name: 'Tasks' }).last().click();
    await alex.page.getByLabel('What needs doing').fill('Book Emma’s dentist check-up');
    await alex.page.getByLabel('Due date (optional)').fill('2030-03-14');
    await alex.page.getByRole('button', { name: 'Add task' }).click();
    await alex.page.locator('.task h3', { hasText: 'Book Emma’s dentist check-up' }).waitFor();
    expect(await seriousViolations(alex.page)).toEqual([]);
    await screenshots(alex.page, 'tasks');

    await sam.page.goto('/tasks');
    const task = sam.page.locator('.task', { hasText: 'Book Emma’s dentist check-up' });
    await task.waitFor();
    expect(await task.textContent()).toContain('Shared');
    await task.getByLabel(/^Status of/).selectOption('completed');
    await sam.page.getByRole('button', { name: 'Show done and canceled too' }).click();
    await sam.page.locator('.task.completed', { hasText: 'dentist' }).waitFor();
  });
});
