import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { type FakeGovBotServer, fileRequest, startFakeGovBotServer } from './fakeGovBotServer.js';
import { tabUntil } from './tabUntil.js';
import {
  AXE_SCRIPT,
  axeViolations,
  buildWidget,
  focusedInWidget,
  storedKeys,
  storedToken,
  watchProblems,
} from './widgetPage.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const screenshots = path.join(root, 'test-results/widget');
const QUESTION = 'Wie beantrage ich einen Bewohnerparkausweis?';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

const browser = await launchChromium();

describe.skipIf(!browser)('web widget in Chromium', () => {
  let server: FakeGovBotServer;
  let distDir: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    distDir = await buildWidget();
    server = await startFakeGovBotServer(distDir);
    await mkdir(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.close();
    if (distDir) await rm(distDir, { recursive: true, force: true });
  });

  /** Opens the demo page in a fresh browser profile and waits until the widget holds a session token. */
  async function openPortal(options: BrowserContextOptions = {}) {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-DE', ...options });
    contexts.push(context);
    const page = await context.newPage();
    const problems = watchProblems(page);
    // Intercept file choosers from the start: `waitForEvent('filechooser')` switches interception on without waiting
    // for it, so a chooser opened right after it can reach headless Chromium, which cancels it at once (no event).
    page.on('filechooser', () => {});
    await page.goto(server.url);
    await page.waitForFunction(() => Object.keys(localStorage).some((key) => key.startsWith('govbot.token@')));
    return { page, problems };
  }

  const input = (page: Page) => page.getByRole('textbox', { name: 'Ihre Nachricht' });
  const messages = (page: Page, role: 'user' | 'bot') =>
    page.locator(`[data-testid="govbot-message"][data-role="${role}"]`);
  const suggestions = (page: Page) => page.getByRole('group', { name: 'Antwortvorschläge' });

  const uploadButton = (page: Page) => page.getByTestId('govbot-upload');

  /** Chooses a file the way a citizen does: the upload button, then the browser's file dialog. */
  async function chooseFile(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
    const chooser = page.waitForEvent('filechooser');
    await uploadButton(page).click();
    await (await chooser).setFiles(file);
  }

  async function ask(page: Page, question: string) {
    const answers = await messages(page, 'bot').count();
    await input(page).fill(question);
    await input(page).press('Enter');
    await messages(page, 'bot').nth(answers).waitFor();
    return messages(page, 'bot').nth(answers);
  }

  it('shows the question, the typing indicator and the answer card', async () => {
    const { page, problems } = await openPortal({ reducedMotion: 'reduce' });
    const release = server.holdReplies();
    await input(page).fill(QUESTION);
    await input(page).press('Enter');

    const question = messages(page, 'user').last();
    await question.getByText(QUESTION).waitFor();
    await page.getByTestId('govbot-typing').getByText('GovBot schreibt …').waitFor();
    const dots = page.getByTestId('govbot-typing').locator('.dots > span').first();
    expect(await dots.evaluate((dot) => getComputedStyle(dot).animationName)).toBe('none');
    await question.getByTestId('govbot-status').getByText('gesendet').waitFor();
    expect(await question.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await input(page).inputValue()).toBe('');
    release();

    const answer = messages(page, 'bot').last();
    await answer.getByText('Bewohnerparkausweis', { exact: true }).waitFor();
    await page.getByTestId('govbot-typing').getByText('GovBot schreibt …').waitFor({ state: 'detached' });
    expect(await answer.locator('strong').textContent()).toBe(QUESTION);
    expect(await answer.locator('dt').allTextContents()).toEqual(['Gebühr', 'Bearbeitung', 'Zuständig']);
    expect(await answer.locator('dd').first().textContent()).toBe('30,70 € pro Jahr');
    const link = answer.getByRole('link', { name: /Zum Online-Antrag/ });
    expect(await link.getAttribute('href')).toBe('https://musterstadt.example/bewohnerparkausweis');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');

    await answer.getByRole('button', { name: 'Unterlagen anzeigen' }).click();
    const submitted = await server.waitForActivity((activity) => activity.text === 'Unterlagen anzeigen');
    expect(submitted.value).toEqual({ intent: 'unterlagen', service: 'parkausweis' });
    await messages(page, 'user').last().getByText('Unterlagen anzeigen').waitFor();
    expect(problems).toEqual([]);
  });

  it('sends the value of a suggested action and removes the suggestions', async () => {
    const { page, problems } = await openPortal();
    await ask(page, 'Was kostet der Parkausweis?');
    await suggestions(page).waitFor();

    const release = server.holdReplies();
    await suggestions(page).getByRole('button', { name: 'Termin buchen' }).click();
    const clicked = await server.waitForActivity((activity) => activity.text === 'Termin buchen');
    expect(clicked.value).toEqual({ intent: 'termin' });
    expect(await suggestions(page).count()).toBe(0);
    await messages(page, 'user').last().getByText('Termin buchen').waitFor();
    expect(await focusedInWidget(page)).toBe('govbot-input');
    release();
    await suggestions(page).waitFor();
    expect(problems).toEqual([]);
  });

  it('shows markup and script links in bot messages as text', async () => {
    const { page, problems } = await openPortal();
    server.replyOnceWith([
      {
        type: 'message',
        from: { id: 'govbot', role: 'bot' },
        text: 'Achtung <img src=x onerror=alert(1)> und [x](javascript:alert(1)) und **fett**',
      },
    ]);
    const answer = await ask(page, 'Zeig mir etwas Gefährliches');

    await answer.getByText('<img src=x onerror=alert(1)>', { exact: false }).waitFor();
    expect(await answer.locator('img').count()).toBe(0);
    expect(await page.locator('govbot-chat img').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await answer.getByRole('link').count()).toBe(0);
    expect(await answer.locator('strong').textContent()).toBe('fett');
    expect(problems).toEqual([]);
  });

  it('resumes the conversation after a reload and shows the history once', async () => {
    const { page, problems } = await openPortal();
    await ask(page, 'Erste Frage nach dem Reload');
    const token = await storedToken(page);

    await page.reload();
    await messages(page, 'bot').first().waitFor();
    expect(server.handshakes.at(-1)?.token).toBe(token);
    expect(await messages(page, 'user').allTextContents()).toEqual([
      expect.stringContaining('Erste Frage nach dem Reload'),
    ]);
    expect(await messages(page, 'bot').count()).toBe(1);
    await suggestions(page).waitFor();

    // A later answer proves the socket is live and that nothing from the replay was added twice.
    await ask(page, 'Zweite Frage');
    expect(await messages(page, 'user').count()).toBe(2);
    expect(await messages(page, 'bot').count()).toBe(2);
    expect(problems).toEqual([]);
  });

  it('marks a failed message and resends it with the same id', async () => {
    const { page, problems } = await openPortal();
    server.failNext(1);
    await input(page).fill('Geht das beim zweiten Mal?');
    await input(page).press('Enter');
    const status = messages(page, 'user').last().getByTestId('govbot-status');
    await status.getByText('fehlgeschlagen').waitFor();

    await status.getByRole('button', { name: 'erneut senden' }).click();
    await status.getByText('gesendet', { exact: true }).waitFor();
    await messages(page, 'bot').first().waitFor();
    const attempts = server.received.filter((activity) => activity.text === 'Geht das beim zweiten Mal?');
    expect(attempts).toHaveLength(2);
    expect(attempts[1]?.id).toBe(attempts[0]?.id);
    expect(problems).toEqual([]);
  });

  it('shows a reconnect banner while the server is unreachable', async () => {
    const { page, problems } = await openPortal();
    await ask(page, 'Vor der Unterbrechung');
    const banner = page.getByTestId('govbot-banner');

    server.refuseConnections = true;
    server.dropConnections();
    await banner.getByText('Verbindung unterbrochen').waitFor();
    const refused = server.refusedHandshakes;
    await banner.getByRole('button', { name: 'Jetzt verbinden' }).click();
    await expect.poll(() => server.refusedHandshakes).toBeGreaterThan(refused);
    await banner.getByText('Verbindung unterbrochen').waitFor();

    // The widget keeps retrying on its own once the server accepts connections again. The earlier tests' pages are
    // still open and reconnect too, so this page's handshake is among the new ones, not necessarily the last.
    const accepted = server.handshakes.length;
    server.refuseConnections = false;
    await banner.getByText('Verbindung unterbrochen').waitFor({ state: 'detached' });
    expect(server.handshakes.slice(accepted).map((handshake) => handshake.token)).toContain(await storedToken(page));
    await ask(page, 'Nach der Unterbrechung');
    expect(await messages(page, 'user').count()).toBe(2);
    expect(await messages(page, 'bot').count()).toBe(2);
    // The browser logs the transport request that the dropped connection cut off; nothing else may fail.
    expect(problems.filter((problem) => !problem.startsWith('Failed to load resource'))).toEqual([]);
  });

  it('keeps messages typed while unreachable across a reload and sends each once, in order', async () => {
    const { page, problems } = await openPortal();
    await ask(page, 'Vor der Unterbrechung');
    server.refuseConnections = true;
    server.dropConnections();
    await page.getByTestId('govbot-banner').getByText('Verbindung unterbrochen').waitFor();
    for (const text of ['Erste wartende Nachricht', 'Zweite wartende Nachricht']) {
      await input(page).fill(text);
      await input(page).press('Enter');
    }
    const states = () => messages(page, 'user').getByTestId('govbot-status').allTextContents();
    await expect.poll(states).toEqual(['gesendet', 'wartet auf Verbindung', 'wartet auf Verbindung']);

    // The tab is reloaded before the server is back: the messages are still there, and still waiting.
    await page.reload();
    await messages(page, 'user').nth(1).waitFor();
    expect(await messages(page, 'user').allTextContents()).toEqual([
      expect.stringContaining('Erste wartende Nachricht'),
      expect.stringContaining('Zweite wartende Nachricht'),
    ]);
    await expect.poll(states).toEqual(['wartet auf Verbindung', 'wartet auf Verbindung']);
    const received = server.received.length;

    server.refuseConnections = false;
    await expect.poll(states, { timeout: 15_000 }).toEqual(['gesendet', 'gesendet']);
    // The transcript comes first, then the waiting messages in the order they were typed, each sent once.
    await expect.poll(() => messages(page, 'user').count()).toBe(3);
    expect(await messages(page, 'user').allTextContents()).toEqual([
      expect.stringContaining('Vor der Unterbrechung'),
      expect.stringContaining('Erste wartende Nachricht'),
      expect.stringContaining('Zweite wartende Nachricht'),
    ]);
    expect(server.received.slice(received).map((activity) => activity.text)).toEqual([
      'Erste wartende Nachricht',
      'Zweite wartende Nachricht',
    ]);
    expect(await storedKeys(page, 'govbot.outbox')).toEqual([]);
    expect(problems.filter((problem) => !problem.startsWith('Failed to load resource'))).toEqual([]);
  });

  it('is operable with the keyboard alone, with visible focus', async () => {
    const { page, problems } = await openPortal();
    const toInput = await tabUntil(page, 'Tab', 'govbot-input');
    expect(toInput.map((stop) => stop.name)).toContain('govbot-log');
    expect(toInput.every((stop) => stop.visibleFocus)).toBe(true);
    await page.keyboard.type('Brauche ich einen Termin?');
    await page.keyboard.press('Enter');
    await suggestions(page).waitFor();

    const backwards = await tabUntil(page, 'Shift+Tab', 'Zum Online-Antrag');
    expect(backwards.map((stop) => stop.name)).toEqual([
      'Öffnungszeiten',
      'Termin buchen',
      'Unterlagen anzeigen',
      expect.stringMatching(/^Zum Online-Antrag/),
    ]);
    expect(backwards.every((stop) => stop.visibleFocus)).toBe(true);
    const forwards = await tabUntil(page, 'Tab', 'govbot-send');
    expect(forwards.every((stop) => stop.visibleFocus)).toBe(true);

    await tabUntil(page, 'Shift+Tab', 'Öffnungszeiten');
    await page.keyboard.press('Enter');
    const chosen = await server.waitForActivity((activity) => activity.text === 'Öffnungszeiten');
    expect(chosen.value).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('mounts into <div id="govbot"> and speaks English with data-locale="en"', async () => {
    if (!browser) return;
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.route(`${server.url}/`, async (route) => {
      const response = await route.fetch();
      const html = await response.text();
      const body = html.replace('<govbot-chat></govbot-chat>', '<div id="govbot" data-locale="en"></div>');
      await route.fulfill({ response, body });
    });
    await page.goto(server.url);
    await page.locator('#govbot govbot-chat').waitFor();
    await page.getByRole('textbox', { name: 'Your message' }).fill('Opening hours?');
    await page.getByRole('button', { name: 'Send' }).click();
    await messages(page, 'user').getByText('sent', { exact: true }).waitFor();
    await messages(page, 'bot').getByRole('link', { name: 'Zum Online-Antrag (opens in a new window)' }).waitFor();
  });

  it('has no axe violations on desktop and phone and fits 320 px', async () => {
    // Playwright injects axe as an inline script, which the page's CSP would rightly block.
    const { page, problems } = await openPortal({ bypassCSP: true });
    await ask(page, QUESTION);
    await suggestions(page).waitFor();
    await page.addScriptTag({ path: AXE_SCRIPT });
    const violations = () => axeViolations(page);
    expect(await violations()).toEqual([]);
    await page.screenshot({ path: path.join(screenshots, 'desktop.png') });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('govbot-chat').scrollIntoViewIfNeeded();
    expect(await violations()).toEqual([]);
    await page.screenshot({ path: path.join(screenshots, 'phone.png') });

    await page.setViewportSize({ width: 320, height: 640 });
    await page.locator('govbot-chat').scrollIntoViewIfNeeded();
    const overflow = await page.evaluate(() => {
      const chat = document.querySelector('govbot-chat')?.shadowRoot?.querySelector('.chat');
      return {
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        widget: chat ? chat.scrollWidth - chat.clientWidth : -1,
      };
    });
    expect(overflow).toEqual({ page: 0, widget: 0 });
    await page.screenshot({ path: path.join(screenshots, 'narrow-320.png') });
    expect(problems).toEqual([]);
  });

  it('offers a file upload only while the bot asks for a file, and sends the chosen file', async () => {
    const { page, problems } = await openPortal();
    await ask(page, 'Ich möchte meinen Hund anmelden');
    expect(await uploadButton(page).isVisible()).toBe(false);

    server.replyOnceWith([fileRequest('Bitte laden Sie den Sachkundenachweis hoch.')]);
    await ask(page, 'Weiter');
    const button = page.getByRole('button', { name: 'Datei hochladen' });
    await button.waitFor();
    expect(await page.getByTestId('govbot-file-input').getAttribute('accept')).toBe(
      'application/pdf,image/jpeg,image/png',
    );
    // Next to the input in the tab order, and opened with the keyboard.
    await input(page).focus();
    expect((await tabUntil(page, 'Shift+Tab', 'govbot-upload')).map((stop) => stop.visibleFocus)).toEqual([true]);
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles({ name: 'nachweis.pdf', mimeType: 'application/pdf', buffer: PDF });

    const sent = await server.waitForActivity((activity) => (activity.attachments?.length ?? 0) > 0);
    expect(sent.attachments).toEqual([
      {
        contentType: 'application/pdf',
        name: 'nachweis.pdf',
        contentUrl: `data:application/pdf;base64,${PDF.toString('base64')}`,
      },
    ]);
    expect(sent.text).toBe('📎 nachweis.pdf');
    const shown = messages(page, 'user').last();
    await shown.getByText('📎 nachweis.pdf').waitFor();
    await shown.getByTestId('govbot-status').getByText('gesendet').waitFor();

    // The next answer asks for no file: the button goes, and the focus it had moves to the input.
    await button.waitFor({ state: 'hidden' });
    expect(await focusedInWidget(page)).toBe('govbot-input');
    expect(problems).toEqual([]);
  });

  it('refuses a file that is too large or of another type with a message, and sends nothing', async () => {
    const { page, problems } = await openPortal();
    server.replyOnceWith([fileRequest('Bitte laden Sie ein Foto hoch.', 1024)]);
    await ask(page, 'Hund anmelden');
    const sentBefore = server.received.length;

    await chooseFile(page, { name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(2048, 0x25) });
    const alert = page.getByRole('alert');
    await alert.getByText('Die Datei ist zu groß. Bitte wählen Sie eine Datei bis 1 KB.').waitFor();
    await chooseFile(page, { name: 'hund.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') });
    await alert.getByText('Bitte wählen Sie eine Datei im Format PDF, JPEG oder PNG.', { exact: false }).waitFor();

    // The next thing to arrive is this text, not a file.
    await input(page).fill('Ich schicke es später');
    await input(page).press('Enter');
    await server.waitForActivity((activity) => activity.text === 'Ich schicke es später');
    expect(server.received.slice(sentBefore).map((activity) => activity.text)).toEqual(['Ich schicke es später']);
    expect(await messages(page, 'user').allTextContents()).not.toContainEqual(expect.stringContaining('scan.pdf'));
    await alert.getByText('Die Datei', { exact: false }).waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
  });

  it('has no axe violations with the upload button and its error message, and fits 320 px', async () => {
    const { page, problems } = await openPortal({ bypassCSP: true });
    server.replyOnceWith([fileRequest('Bitte laden Sie den Nachweis hoch.', 1024)]);
    await ask(page, 'Hund anmelden');
    await chooseFile(page, { name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(2048, 0x25) });
    await page.getByRole('alert').getByText('zu groß', { exact: false }).waitFor();
    await page.addScriptTag({ path: AXE_SCRIPT });
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(screenshots, 'upload-desktop.png') });

    await page.setViewportSize({ width: 320, height: 640 });
    await page.locator('govbot-chat').scrollIntoViewIfNeeded();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Datei hochladen' }).waitFor();
    const overflow = await page.evaluate(() => {
      const chat = document.querySelector('govbot-chat')?.shadowRoot?.querySelector('.chat');
      return chat ? chat.scrollWidth - chat.clientWidth : -1;
    });
    expect(overflow).toBe(0);
    await page.screenshot({ path: path.join(screenshots, 'upload-320.png') });
    expect(problems).toEqual([]);
  });
});
