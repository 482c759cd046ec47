import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { type FakeGovBotServer, startFakeGovBotServer } from './fakeGovBotServer.js';
import { agentTyping, connected, ended, fromAgent, queued, queueEvent } from './handoverActivities.js';
import { tabUntil } from './tabUntil.js';
import {
  AXE_SCRIPT,
  axeViolations,
  buildWidget,
  focusedInWidget,
  input,
  messages,
  openPortal,
  statusLine,
  talkButton,
  typingLine,
  WAITING,
} from './widgetPage.js';

declare global {
  interface Window {
    /** Texts the widget's live regions showed, recorded by `recordLiveRegions`. */
    govbotSaid?: string[];
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const screenshots = path.join(root, 'test-results/widget');

const browser = await launchChromium();
let distDir = '';
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  distDir = await buildWidget();
  await mkdir(screenshots, { recursive: true });
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  if (distDir) await rm(distDir, { recursive: true, force: true });
});

/**
 * The service-centre states rendered from the activities GovBot sends for them, fed by the stub server: exact waits,
 * the typing throttle, the restored status line and English, without depending on the queue's estimates.
 */
describe.skipIf(!browser)('handover in the widget (stub server)', () => {
  let server: FakeGovBotServer;

  beforeAll(async () => {
    server = await startFakeGovBotServer(distDir);
  });
  afterAll(async () => {
    await server?.close();
  });

  // A long scenario in Chromium (about 4 s alone) that once ran past the default 30 s in CI. With more time, a step
  // that really hangs fails on its own 30 s wait, which names it, rather than on the test's timeout.
  it('shows the place in the queue, the person who took the chat and their messages, also after a reload', {
    timeout: 90_000,
  }, async () => {
    if (!browser) return;
    const { page, problems } = await openPortal(browser, server.url, { reducedMotion: 'reduce', contexts });
    // Typing to the bot is nobody's business: no typing signals before a person is involved.
    server.replyOnceWith([]);
    await input(page).pressSequentially('Hallo');
    await input(page).press('Enter');
    await server.waitForActivity((activity) => activity.text === 'Hallo');
    expect(server.typingSignals).toEqual([]);

    server.replyOnceWith([queued(2, 170)]);
    await talkButton(page).click();
    const asked = await server.waitForActivity((activity) => activity.text === 'Mit einem Menschen sprechen');
    expect(asked.value).toEqual({ action: 'handover' });
    await statusLine(page).getByText(`${WAITING} – Position 2, etwa 3 Minuten`).waitFor();
    expect(await statusLine(page).getAttribute('role')).toBe('status');
    await talkButton(page).waitFor({ state: 'hidden' });
    // The button that had the focus is gone; the citizen can describe the request right away.
    expect(await focusedInWidget(page)).toBe('govbot-input');
    // The status line holds the one "Warten abbrechen" button; the same suggestion is not repeated under the message.
    expect(await page.getByRole('button', { name: 'Warten abbrechen' }).count()).toBe(1);
    expect(await page.getByTestId('govbot-suggestions').count()).toBe(0);

    const said = await recordLiveRegions(page);
    const botMessages = await messages(page, 'bot').count();
    server.push(queueEvent(1, 45));
    await statusLine(page).getByText(`${WAITING} – Position 1, etwa 1 Minute`).waitFor();
    expect(await messages(page, 'bot').count()).toBe(botMessages);

    // The citizen writes to the person to come: typing signals at most every 2 s; the bot, which stays quiet, does
    // not pretend to type.
    server.replyOnceWith([]);
    const started = Date.now();
    await input(page).pressSequentially('Ich habe eine Frage zur Hundesteuer');
    const typed = Date.now() - started;
    await input(page).press('Enter');
    await server.waitForActivity((activity) => activity.text === 'Ich habe eine Frage zur Hundesteuer');
    expect(server.typingSignals.length).toBeGreaterThanOrEqual(1);
    expect(server.typingSignals.length).toBeLessThanOrEqual(Math.floor(typed / 2000) + 1);
    expect(server.typingSignals.every((at, i, all) => i === 0 || at - (all[i - 1] ?? 0) >= 1900)).toBe(true);

    server.push(connected('Anna'));
    await statusLine(page).getByText('Verbunden mit Anna (Service-Center)').waitFor();
    expect(await page.getByRole('button', { name: 'Warten abbrechen' }).isVisible()).toBe(false);
    expect(await talkButton(page).isVisible()).toBe(false);
    server.push(agentTyping('Anna'));
    await typingLine(page).getByText('Anna schreibt …').waitFor();
    server.push(fromAgent('Anna', 'Guten Tag, hier ist Anna. Worum geht es bei der **Hundesteuer**?'));
    const agentMessage = messages(page, 'agent').first();
    await agentMessage.getByText('Guten Tag, hier ist Anna.', { exact: false }).waitFor();
    expect(await agentMessage.locator('.msg-author').textContent()).toBe('Anna · Service-Center');
    expect(await agentMessage.locator('strong').textContent()).toBe('Hundesteuer');
    await typingLine(page).getByText('Anna schreibt …').waitFor({ state: 'detached' });
    // Announced by the log with the name, and drawn unlike the bot's messages.
    const log = page.getByRole('log', { name: 'Unterhaltung' });
    expect(await log.getByText('Anna · Service-Center').count()).toBe(1);
    const bubble = (locator: ReturnType<typeof messages>) =>
      locator
        .locator('.msg-bubble')
        .first()
        .evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(await bubble(agentMessage)).not.toBe(await bubble(messages(page, 'bot').first()));
    expect((await said()).filter((text) => text.includes('GovBot schreibt'))).toEqual([]);
    await page.screenshot({ path: path.join(screenshots, 'handover-connected.png') });

    await page.reload();
    await messages(page, 'agent').first().waitFor();
    await statusLine(page).getByText('Verbunden mit Anna (Service-Center)').waitFor();
    expect(await talkButton(page).isVisible()).toBe(false);
    expect(await messages(page, 'agent').count()).toBe(1);
    expect(await messages(page, 'agent').locator('.msg-author').textContent()).toBe('Anna · Service-Center');

    server.push(ended);
    await messages(page, 'bot').getByText('Das Gespräch mit dem Service-Center ist beendet.').waitFor();
    expect(await statusLine(page).textContent()).toBe('');
    await talkButton(page).waitFor();
    expect(problems).toEqual([]);
  });

  it('stops waiting from the status line, and is reachable and labelled for keyboard users', async () => {
    if (!browser) return;
    const { page, problems } = await openPortal(browser, server.url, { contexts });
    const toTalk = await tabUntil(page, 'Tab', 'govbot-talk');
    expect(toTalk.at(-1)).toEqual({ name: 'govbot-talk', visibleFocus: true });
    const labelled = page.getByRole('button', { name: 'Mit einem Menschen sprechen', exact: true });
    expect(await labelled.getAttribute('data-testid')).toBe('govbot-talk');
    server.replyOnceWith([queued(3, 300)]);
    await page.keyboard.press('Enter');
    await statusLine(page).getByText(`${WAITING} – Position 3, etwa 5 Minuten`).waitFor();

    const cancel = page.getByTestId('govbot-handover').getByRole('button', { name: 'Warten abbrechen' });
    const toCancel = await tabUntil(page, 'Shift+Tab', 'govbot-handover-cancel');
    expect(toCancel.at(-1)).toEqual({ name: 'govbot-handover-cancel', visibleFocus: true });
    server.replyOnceWith([
      {
        ...ended,
        text: 'In Ordnung, Sie warten nicht mehr.',
        channelData: { govbot: { handover: { state: 'ended' } } },
      },
    ]);
    await page.keyboard.press('Enter');
    const cancelled = await server.waitForActivity((activity) => activity.text === 'Warten abbrechen');
    expect(cancelled.value).toEqual({ action: 'handover', op: 'cancel' });
    await messages(page, 'user').last().getByText('Warten abbrechen').waitFor();
    await messages(page, 'bot').getByText('In Ordnung, Sie warten nicht mehr.').waitFor();
    await cancel.waitFor({ state: 'hidden' });
    expect(await statusLine(page).textContent()).toBe('');
    await talkButton(page).waitFor();
    expect(await focusedInWidget(page)).toBe('govbot-input');
    expect(problems).toEqual([]);
  });

  it('has no axe violations while waiting and while connected, and fits 320 px', async () => {
    if (!browser) return;
    // Playwright injects axe as an inline script, which the page's CSP would rightly block.
    const { page, problems } = await openPortal(browser, server.url, { bypassCSP: true, contexts });
    server.replyOnceWith([queued(2, 120)]);
    await talkButton(page).click();
    await statusLine(page).getByText(WAITING, { exact: false }).waitFor();
    await page.addScriptTag({ path: AXE_SCRIPT });
    expect(await axeViolations(page)).toEqual([]);

    server.push(connected('Anna'), fromAgent('Anna', 'Guten Tag, wie kann ich helfen?'), agentTyping('Anna'));
    await typingLine(page).getByText('Anna schreibt …').waitFor();
    await messages(page, 'agent').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.setViewportSize({ width: 320, height: 640 });
    await page.locator('govbot-chat').scrollIntoViewIfNeeded();
    expect(await axeViolations(page)).toEqual([]);
    const overflow = await page.evaluate(() => {
      const chat = document.querySelector('govbot-chat')?.shadowRoot?.querySelector('.chat');
      return chat ? chat.scrollWidth - chat.clientWidth : -1;
    });
    expect(overflow).toBe(0);
    await page.screenshot({ path: path.join(screenshots, 'handover-320.png') });
    expect(problems).toEqual([]);
  });

  it('speaks English with data-locale="en"', async () => {
    if (!browser) return;
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.route(`${server.url}/`, async (route) => {
      const response = await route.fetch();
      const html = await response.text();
      await route.fulfill({ response, body: html.replace('<govbot-chat>', '<govbot-chat data-locale="en">') });
    });
    await page.goto(server.url);
    server.replyOnceWith([queued(3, 250)]);
    await page.getByRole('button', { name: 'Talk to a person' }).click();
    const asked = await server.waitForActivity((activity) => activity.text === 'Talk to a person');
    expect(asked.value).toEqual({ action: 'handover' });
    await statusLine(page).getByText('You are waiting for a member of staff – position 3, about 4 minutes').waitFor();
    await page.getByRole('button', { name: 'Stop waiting' }).waitFor();
    server.push(connected('Anna'), agentTyping('Anna'));
    await statusLine(page).getByText('Connected with Anna (service centre)').waitFor();
    await typingLine(page).getByText('Anna is typing …').waitFor();
    server.push(fromAgent('Anna', 'Hello!'));
    await messages(page, 'agent').first().waitFor();
    expect(await messages(page, 'agent').locator('.msg-author').textContent()).toBe('Anna · service centre');
  });
});

/** What the status line and the typing indicator said, every change of them since the call. */
async function recordLiveRegions(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const shadow = document.querySelector('govbot-chat')?.shadowRoot;
    const said: string[] = [];
    window.govbotSaid = said;
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        const node = record.target;
        const region = (node instanceof Element ? node : node.parentElement)?.closest('[role="status"]');
        if (region?.textContent) said.push(region.textContent);
      }
    });
    if (shadow) observer.observe(shadow, { childList: true, subtree: true, characterData: true });
  });
  return () => page.evaluate(() => window.govbotSaid ?? []);
}
