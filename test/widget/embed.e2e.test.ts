import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/channels/socketio/widgetChannel.js';
import { launchChromium } from '../support/browser.js';
import { startTestBot, type TestBot } from '../support/startTestBot.js';
import { type EmbedHost, startEmbedHost } from './embedHost.js';
import { tabUntil } from './tabUntil.js';
import { AXE_SCRIPT, axeViolations, input, messages, storedKeys, storedToken, watchProblems } from './widgetPage.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const screenshots = path.join(root, 'test-results/embed');
const browser = await launchChromium();

const DEVICES: { name: string; options: BrowserContextOptions }[] = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 800 } } },
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
];

/**
 * The real GovBot (built widget.js, Socket.IO, NLU, SQLite) embedded with the one documented `<script>` tag in a
 * city's page on another origin under a strict CSP, in Chromium on a desktop and a phone viewport.
 */
describe.skipIf(!browser)('the widget embedded with one tag on another origin', { timeout: 90_000 }, () => {
  let bot: TestBot;
  let host: EmbedHost;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    host = await startEmbedHost(() => bot.url);
    bot = await startTestBot({ env: { GOVBOT_ALLOWED_ORIGINS: host.origin } });
    await mkdir(screenshots, { recursive: true });
  });
  // Each test's pages go when it ends: their open connections would slow the others.
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.dispose();
    await host?.close();
  });

  async function openHost(options: BrowserContextOptions = {}, origin = host.origin) {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'de-DE',
      acceptDownloads: true,
      ...options,
    });
    contexts.push(context);
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(origin);
    await launcher(page).waitFor();
    return { context, page, problems };
  }

  const launcher = (page: Page) => page.getByRole('button', { name: 'Chat öffnen' });
  const panel = (page: Page) => page.getByRole('dialog', { name: 'Beispielstadt-Chat' });
  const suggestions = (page: Page) => page.getByRole('group', { name: 'Antwortvorschläge' });
  const shot = (page: Page, device: string, state: string) =>
    page.screenshot({ path: path.join(screenshots, `${device}-${state}.png`) });

  /** Opens the chat and waits for the welcome message. */
  async function openChat(page: Page) {
    await launcher(page).click();
    await panel(page).waitFor();
    await expect.poll(() => messages(page, 'bot').first().textContent()).toMatch(/automatisiert/i);
  }

  async function ask(page: Page, question: string, keyboard = false) {
    const answers = await messages(page, 'bot').count();
    if (keyboard) await page.keyboard.type(question);
    else await input(page).fill(question);
    await (keyboard ? page.keyboard : input(page)).press('Enter');
    await expect.poll(() => messages(page, 'bot').count(), { timeout: 15_000 }).toBeGreaterThan(answers);
    return messages(page, 'bot').last();
  }

  async function conversationOf(page: Page, server = bot) {
    const token = await storedToken(page, server.url);
    if (!token) return undefined;
    return server.storage.conversations.findConversationByTokenHash(hashToken(token));
  }

  async function userMessagesStored(page: Page, text: string, server = bot): Promise<number> {
    const conversation = await conversationOf(page, server);
    if (!conversation) return 0;
    const entries = await server.storage.transcripts.listActivities(conversation.id, 500);
    return entries.filter((entry) => entry.activity.text === text).length;
  }

  for (const device of DEVICES) {
    describe(`on a ${device.name}`, () => {
      it('opens from the launcher, says it is automated, answers with a card and follows a button; no cookies', async () => {
        const { context, page, problems } = await openHost(device.options);
        // Nothing is fetched from the bot but the script until the citizen opens the chat.
        expect(await storedKeys(page, 'govbot.token')).toEqual([]);
        await shot(page, device.name, '1-launcher');
        await openChat(page);
        expect(
          await input(page).evaluate((element) => element === document.activeElement?.shadowRoot?.activeElement),
        ).toBe(true);

        const privacy = messages(page, 'bot')
          .first()
          .getByRole('link', { name: /Datenschutz/ });
        expect(await privacy.getAttribute('href')).toBe(`${bot.url}/datenschutz`);
        const box = await panel(page).boundingBox();
        const viewport = page.viewportSize();
        if (device.name === 'phone') {
          expect(box).toEqual({ x: 0, y: 0, width: viewport?.width, height: viewport?.height });
        } else {
          expect(box?.width).toBeLessThanOrEqual(400);
          expect((box?.x ?? 0) + (box?.width ?? 0)).toBeGreaterThan((viewport?.width ?? 0) - 40);
        }
        await shot(page, device.name, '2-welcome');

        const answer = await ask(page, 'Wie beantrage ich einen Bewohnerparkausweis?');
        await expect.poll(() => answer.textContent()).toMatch(/Kosten/);
        expect(await answer.getByRole('link', { name: /Online beantragen/ }).getAttribute('href')).toMatch(/^https:/);
        await shot(page, device.name, '3-card');

        const buttons = suggestions(page).getByRole('button');
        expect(await buttons.count()).toBeGreaterThan(0);
        const title = (await buttons.first().textContent()) ?? '';
        const before = await messages(page, 'bot').count();
        await buttons.first().click();
        await expect.poll(() => messages(page, 'user').last().textContent()).toContain(title);
        await expect.poll(() => messages(page, 'bot').count()).toBeGreaterThan(before);
        await shot(page, device.name, '4-button');

        // The session token is in the page's storage; neither origin set a cookie.
        expect(await context.cookies()).toEqual([]);
        expect(await context.cookies(bot.url)).toEqual([]);
        expect(problems).toEqual([]);
      });

      it('completes a form dialog by keyboard alone, across a reload in the middle', async () => {
        const { page, problems } = await openHost(device.options);
        await tabUntil(page, 'Tab', 'govbot-launcher');
        await page.keyboard.press('Enter');
        await expect.poll(() => messages(page, 'bot').count()).toBeGreaterThan(0);
        await ask(page, 'Ich möchte meinen Wasserzähler melden, Zählernummer 12345678', true);
        await ask(page, 'Meine Kundennummer lautet 4001234567', true);
        await ask(page, '873', true);
        await shot(page, device.name, '5-form-started');

        // A reload in the middle of the form: the panel is open again, with the transcript, and the form goes on.
        await page.reload();
        await panel(page).waitFor();
        await expect.poll(() => messages(page, 'user').count()).toBe(3);
        await input(page).waitFor();
        await tabUntil(page, 'Tab', 'govbot-input');
        await ask(page, 'gestern', true);
        await chooseByKeyboard(page, 'Jahresablesung');
        await chooseByKeyboard(page, 'Überspringen');
        await chooseByKeyboard(page, 'Überspringen');
        await expect.poll(() => messages(page, 'bot').last().textContent()).toMatch(/Zusammenfassung/);
        await shot(page, device.name, '6-form-summary');
        await chooseByKeyboard(page, 'Verbindlich absenden');
        await expect.poll(() => messages(page, 'bot').last().textContent()).toMatch(/Vorgangsnummer lautet ZS-/);
        await shot(page, device.name, '7-form-submitted');
        expect(problems).toEqual([]);
      });

      it('keeps a message typed offline, sends it once when the network is back, and answers it once', async () => {
        const { context, page, problems } = await openHost(device.options);
        await openChat(page);
        await context.setOffline(true);
        await page
          .getByTestId('govbot-banner')
          .getByText(/Verbindung unterbrochen/)
          .waitFor();
        const question = `Was kostet ein Reisepass? (${device.name})`;
        await input(page).fill(question);
        await input(page).press('Enter');
        const status = messages(page, 'user').last().getByTestId('govbot-status');
        await expect.poll(() => status.textContent()).toBe('wartet auf Verbindung');
        await shot(page, device.name, '8-offline');

        await context.setOffline(false);
        await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe('gesendet');
        await expect.poll(() => messages(page, 'bot').last().textContent(), { timeout: 15_000 }).toMatch(/Reisepass/);
        await shot(page, device.name, '9-back-online');
        expect(await userMessagesStored(page, question)).toBe(1);
        expect(await messages(page, 'user').count()).toBe(1);
        expect(problems.filter((problem) => !/ERR_INTERNET_DISCONNECTED/.test(problem))).toEqual([]);
      });
    });
  }

  // Two bot starts: on a loaded CI machine that alone can take a minute.
  it('survives a server restart: queued messages go out once the bot is back, the history is not repeated', {
    timeout: 240_000,
  }, async () => {
    // A bot and portal of its own: the other tests go on with theirs whatever happens here.
    const portal = await startEmbedHost(() => restarted.url);
    const env = { GOVBOT_ALLOWED_ORIGINS: portal.origin };
    let restarted = await startTestBot({ env });
    try {
      const { page, problems } = await openHost({}, portal.origin);
      await openChat(page);
      await ask(page, 'Was kostet ein Reisepass?');
      await restarted.close();
      await page
        .getByTestId('govbot-banner')
        .getByText(/Verbindung unterbrochen/)
        .waitFor();
      await input(page).fill('Und ein Personalausweis?');
      await input(page).press('Enter');
      const status = messages(page, 'user').last().getByTestId('govbot-status');
      await expect.poll(() => status.textContent()).toBe('wartet auf Verbindung');

      restarted = await startTestBot({ dataDir: restarted.dataDir, port: restarted.port, env });
      await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe('gesendet');
      await expect
        .poll(() => messages(page, 'bot').last().textContent(), { timeout: 15_000 })
        .toMatch(/Personalausweis/);
      expect(await messages(page, 'user').allTextContents()).toEqual([
        expect.stringContaining('Was kostet ein Reisepass?'),
        expect.stringContaining('Und ein Personalausweis?'),
      ]);
      // Welcome, the passport answer, the identity card answer: each once.
      expect(await messages(page, 'bot').count()).toBe(3);
      expect(await userMessagesStored(page, 'Und ein Personalausweis?', restarted)).toBe(1);
      expect(problems.filter((problem) => !/ERR_CONNECTION_REFUSED|WebSocket/.test(problem))).toEqual([]);
    } finally {
      await restarted.dispose();
      await portal.close();
    }
  });

  /** Shift+Tab from the input back to the suggestion button `title`, then Enter: no mouse. */
  async function chooseByKeyboard(page: Page, title: string) {
    await suggestions(page).getByRole('button', { name: title }).waitFor();
    const answers = await messages(page, 'bot').count();
    const stops = await tabUntil(page, 'Shift+Tab', title);
    expect(stops.every((stop) => stop.visibleFocus)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => messages(page, 'bot').count(), { timeout: 15_000 }).toBeGreaterThan(answers);
  }

  it('downloads the transcript, deletes the chat on the server too, and starts a new conversation', async () => {
    const { page, problems } = await openHost();
    await openChat(page);
    await ask(page, 'Was kostet ein Reisepass?');
    const conversation = await conversationOf(page);
    expect(conversation).toBeDefined();

    await page.getByRole('button', { name: 'Optionen' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Verlauf herunterladen' }).click();
    const file = await (await download).path();
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^Unterhaltung mit GovBot, heruntergeladen am/);
    expect(text).toContain('Sie:\nWas kostet ein Reisepass?');
    expect(text).toMatch(/GovBot:\n.*automatisiert/);
    expect(text).toContain(`(${bot.url}/datenschutz)`);

    await page.getByRole('button', { name: 'Chat löschen' }).click();
    await page.getByRole('button', { name: 'Endgültig löschen' }).click();
    await expect.poll(() => messages(page, 'user').count()).toBe(0);
    await expect.poll(() => messages(page, 'bot').first().textContent()).toMatch(/automatisiert/i);
    expect(await bot.storage.conversations.findConversation(conversation?.id ?? '')).toBeUndefined();
    expect(await bot.storage.transcripts.listActivities(conversation?.id ?? '')).toEqual([]);
    const fresh = await conversationOf(page);
    expect(fresh?.id).toBeDefined();
    expect(fresh?.id).not.toBe(conversation?.id);
    expect(problems).toEqual([]);
  });

  it('switches the interface to English and back, keeping the conversation', async () => {
    const { page, problems } = await openHost();
    await openChat(page);
    await ask(page, 'Was kostet ein Reisepass?');
    await page.getByRole('button', { name: 'Optionen' }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('textbox', { name: 'Your message' }).waitFor();
    await expect.poll(() => messages(page, 'user').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Options' }).evaluate((element) => element.matches(':focus'))).toBe(
      true,
    );
    // The choice is remembered across a reload.
    await page.reload();
    await page.getByRole('textbox', { name: 'Your message' }).waitFor();
    await page.getByRole('button', { name: 'Options' }).click();
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await input(page).waitFor();
    expect(problems).toEqual([]);
  });

  it('connects only from allowed origins', async () => {
    const { page } = await openHost({}, host.otherOrigin);
    await launcher(page).click();
    await page
      .getByTestId('govbot-banner')
      .getByText(/Verbindung unterbrochen/)
      .waitFor();
    expect(await storedKeys(page, 'govbot.token')).toEqual([]);
  });

  it('closes with Escape, returns the focus to the launcher, and keeps the focus inside while full screen', async () => {
    const { page } = await openHost(DEVICES[1]?.options);
    await openChat(page);
    const stops = await tabUntil(page, 'Tab', 'govbot-input').catch(() => []);
    expect(stops.length).toBeGreaterThan(0);
    // Around the whole dialog and back to the input without leaving it.
    const round = await tabUntil(page, 'Tab', 'govbot-input');
    expect(round.every((stop) => stop.visibleFocus)).toBe(true);
    expect(round.map((stop) => stop.name)).not.toContain('Startseite');
    await page.keyboard.press('Escape');
    await expect.poll(() => panel(page).isVisible()).toBe(false);
    expect(
      await launcher(page).evaluate((element) => element === document.activeElement?.shadowRoot?.activeElement),
    ).toBe(true);
  });

  it('serves the one-tag demo page /embed.html on its own origin', async () => {
    if (!browser) return;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-DE' });
    contexts.push(context);
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto(`${bot.url}/embed.html`);
    await page.getByRole('button', { name: 'Chat öffnen' }).click();
    await page.getByRole('dialog', { name: 'Chat der Stadt Musterstadt' }).waitFor();
    await expect.poll(() => messages(page, 'bot').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('has no axe violations: launcher, open chat with a card, options, at 320 px and at 200 % zoom', async () => {
    const sizes = [
      { width: 1280, height: 800 },
      { width: 640, height: 400 },
      { width: 320, height: 640 },
    ];
    for (const viewport of sizes) {
      const { page } = await openHost({ viewport, bypassCSP: true });
      await page.addScriptTag({ path: AXE_SCRIPT });
      expect(await axeViolations(page), `launcher at ${viewport.width}`).toEqual([]);
      await openChat(page);
      await ask(page, 'Was kostet ein Bewohnerparkausweis?');
      await page.getByRole('button', { name: 'Optionen' }).click();
      expect(await axeViolations(page), `open at ${viewport.width}`).toEqual([]);
      // Reflow: nothing needs scrolling sideways.
      const overflow = await page.evaluate(() => {
        const chat = document.querySelector('govbot-chat')?.shadowRoot?.querySelector('.chat');
        return chat ? chat.scrollWidth - chat.clientWidth : -1;
      });
      expect(overflow).toBe(0);
      await shot(page, `${viewport.width}x${viewport.height}`, 'options');
    }
  });
});
