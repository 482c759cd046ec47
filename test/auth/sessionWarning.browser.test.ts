import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/auth/AuthService.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { SESSION_COOKIE } from '../../src/http/authRouter.js';
import { WARNING_MS } from '../../web-console/src/SessionWatch.js';
import { AgentClient } from '../support/agentClient.js';
import { launchChromium } from '../support/browser.js';
import { CitizenClient } from '../support/citizenClient.js';
import { runAxe } from '../support/pageAccessibility.js';
import { watchPageProblems } from '../support/pageProblems.js';
import { startTestBot, type TestBot } from '../support/startTestBot.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const screenshots = path.join(root, 'test-results/session');
const PASSWORD = 'korrekt-pferd-batterie';
const AGENT = 'erika.mustermann';
const EDITOR = 'emil.redaktion';
const COLLEAGUE = 'bert';

const browser = await launchChromium();

/**
 * WCAG 2.2.1 on the staff pages against a real GovBot in Chromium: before a session ends, the console and the
 * workbench warn in an alert dialog with "Sitzung verlängern"; once it has ended they ask for the password again on
 * the same page, and the agent's chat and what was typed stay. Sessions are minted short (the AuthService's
 * `sessionMs`) instead of waiting eight hours; renewing goes through the server's own AuthService.
 */
describe.skipIf(!browser)('staff session warning in Chromium', () => {
  let bot: TestBot;
  const contexts: BrowserContext[] = [];
  const clients: { close(): void }[] = [];

  beforeAll(async () => {
    bot = await startTestBot({ env: { GOVBOT_SERVICE_HOURS: 'always' } });
    const passwordHash = await hashPassword(PASSWORD);
    await bot.storage.users.createUser({ name: AGENT, role: 'agent', passwordHash });
    await bot.storage.users.createUser({ name: EDITOR, role: 'editor', passwordHash });
    await AgentClient.createUser(bot.storage, COLLEAGUE);
    await mkdir(screenshots, { recursive: true });
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await bot?.dispose();
  });

  /** A page logged in as `name` with a session that ends `sessionMs` from now. */
  async function openWithSession(
    name: string,
    sessionMs: number,
    pagePath: string,
  ): Promise<{ page: Page; problems: () => string[] }> {
    if (!browser) throw new Error('no browser');
    const login = await new AuthService(bot.storage.users, { sessionMs }).login(name, PASSWORD);
    if (!login.ok) throw new Error('login failed');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-DE' });
    contexts.push(context);
    await context.addCookies([
      { name: SESSION_COOKIE, value: login.sessionToken, url: bot.url, httpOnly: true, sameSite: 'Strict' },
    ]);
    const page = await context.newPage();
    const problems = watchPageProblems(page);
    await page.goto(`${bot.url}${pagePath}`);
    return { page, problems };
  }

  const focusedName = (page: Page) =>
    page.evaluate(() => {
      const element = document.activeElement;
      if (!element) return '';
      const labelled = element instanceof HTMLInputElement || element instanceof HTMLSelectElement;
      const label = labelled ? element.labels?.[0]?.textContent : element.textContent;
      return (element.getAttribute('aria-label') ?? label ?? '').trim();
    });

  it('console: warns some minutes before the end, focused on "Sitzung verlängern", and renews by keyboard', async () => {
    const { page, problems } = await openWithSession(AGENT, WARNING_MS + 6_000, '/agent');
    await page.getByRole('heading', { name: 'Warteschlange (0)' }).waitFor();
    await page.getByText('Verbunden', { exact: true }).waitFor();
    await page.getByLabel('Mein Status').focus();

    const warning = page.getByRole('alertdialog', { name: /^Ihre Sitzung läuft bald ab/ });
    await warning.waitFor({ timeout: 15_000 });
    expect(await warning.textContent()).toMatch(/um \d\d:\d\d Uhr abgemeldet/);
    expect(await warning.textContent()).toMatch(/Your session is about to end/);
    expect(await focusedName(page)).toBe('Sitzung verlängern');
    expect(await runAxe(page)).toEqual([]);
    await page.screenshot({ path: path.join(screenshots, 'console-warning.png') });

    const before = Date.now();
    await page.keyboard.press('Enter');
    await warning.waitFor({ state: 'hidden' });
    // Back where the agent was, told by the status line.
    expect(await focusedName(page)).toBe('Mein Status');
    await expect.poll(() => page.getByTestId('session-status').textContent()).toMatch(/^Sitzung verlängert bis/);

    // The server gave the session eight hours from now, under a new cookie, and wrote it down.
    const me = await page.request.get(`${bot.url}/api/auth/me`);
    const { expiresAt } = (await me.json()) as { expiresAt: string };
    expect(Date.parse(expiresAt) - before).toBeGreaterThan(8 * 3_600_000 - 60_000);
    const audit = await bot.storage.audit.listAudit({ action: 'session.renewed' });
    expect(audit.some((entry) => entry.actorName === AGENT && entry.details.extended === true)).toBe(true);
    // The connection stayed up all along.
    expect(await page.getByText('Verbunden', { exact: true }).count()).toBe(1);
    expect(problems()).toEqual([]);
  }, 60_000);

  it('console: after the end asks for the password in place; the chat and a half-written answer stay', async () => {
    // A colleague is online, so that the citizen's request waits in the queue.
    const colleague = await AgentClient.login(bot.url, COLLEAGUE);
    clients.push(colleague);
    await colleague.overview((overview) => overview.me.status === 'online');
    const citizen = await CitizenClient.connect(bot.url, { locale: 'de-DE' });
    clients.push(citizen);
    await citizen.nextMessage(); // welcome
    await citizen.ask('Ich möchte mit einem Menschen sprechen');

    const { page, problems } = await openWithSession(AGENT, 15_000, '/agent');
    // Less than the warning's lead left: it comes at once; Escape puts it away.
    const warning = page.getByRole('alertdialog', { name: /^Ihre Sitzung läuft bald ab/ });
    await warning.waitFor();
    await page.keyboard.press('Escape');
    await warning.waitFor({ state: 'hidden' });

    await page.getByTestId('queue-entry').getByRole('button', { name: 'Übernehmen' }).click();
    await page.getByRole('heading', { name: /^Chat:/ }).waitFor();
    const input = page.getByLabel('Nachricht an den Bürger / die Bürgerin');
    await input.fill('Einen Moment, ich sehe nach');

    const expired = page.getByRole('alertdialog', { name: /^Sitzung abgelaufen/ });
    await expired.waitFor({ timeout: 20_000 });
    expect(await expired.getByLabel('Benutzername').inputValue()).toBe(AGENT);
    expect(await focusedName(page)).toBe('Passwort');
    expect(await runAxe(page)).toEqual([]);
    await page.screenshot({ path: path.join(screenshots, 'console-expired.png') });
    // At 320 px (WCAG 1.4.10) the dialog fits the width and passes axe too.
    await page.setViewportSize({ width: 320, height: 640 });
    const box = await expired.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 320).toBe(true);
    expect(await runAxe(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
    // The session is really over on the server.
    expect((await page.request.get(`${bot.url}/api/auth/me`)).status()).toBe(401);

    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await expired.waitFor({ state: 'hidden' });
    await page.getByText('Verbunden', { exact: true }).waitFor();
    expect(await page.getByRole('heading', { name: /^Chat:/ }).count()).toBe(1);
    expect(await input.inputValue()).toBe('Einen Moment, ich sehe nach');
    // The connection follows the new login: the answer reaches the citizen under the agent's name.
    await input.press('Enter');
    await expect
      .poll(() => citizen.received.some((activity) => activity.text === 'Einen Moment, ich sehe nach'), {
        timeout: 10_000,
      })
      .toBe(true);
    expect(problems()).toEqual([]);
  }, 60_000);

  it('workbench: warns, and after the end keeps an unsaved entry while the editor logs in again', async () => {
    const { page, problems } = await openWithSession(EDITOR, 8_000, '/editor#try');
    const warning = page.getByRole('alertdialog', { name: /^Ihre Sitzung läuft bald ab/ });
    await warning.waitFor();
    expect(await runAxe(page)).toEqual([]);
    await warning.getByRole('button', { name: 'Schließen' }).click();
    await warning.waitFor({ state: 'hidden' });

    const question = page.getByLabel('Frage wie von Bürgerinnen und Bürgern');
    await question.fill('Wo melde ich meinen Hund an?');
    const expired = page.getByRole('alertdialog', { name: /^Sitzung abgelaufen/ });
    await expired.waitFor({ timeout: 20_000 });
    expect(await runAxe(page)).toEqual([]);
    await expired.getByLabel('Passwort').fill(PASSWORD);
    await expired.getByRole('button', { name: 'Anmelden' }).click();
    await expired.waitFor({ state: 'hidden' });

    expect(await question.inputValue()).toBe('Wo melde ich meinen Hund an?');
    // Unsafe requests carry the new login's CSRF token.
    await page.getByRole('button', { name: 'Ausprobieren', exact: true }).click();
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: /^Live:/ })
          .count(),
      )
      .toBe(1);
    expect(problems()).toEqual([]);
  }, 60_000);
});
