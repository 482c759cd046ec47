import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.js';
import type { ServerActivity } from '../../src/channels/socketio/protocol.js';
import { AgentClient } from '../support/agentClient.js';
import { launchChromium } from '../support/browser.js';
import { CitizenClient, visibleText } from '../support/citizenClient.js';
import { checkView, longMotions, passing, runAxe, tabTo } from '../support/pageAccessibility.js';
import { watchPageProblems } from '../support/pageProblems.js';
import { startTestBot, type TestBot } from '../support/startTestBot.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const screenshots = path.join(root, 'test-results/agent');
const AGENT = { name: 'erika.mustermann', password: 'korrekt-pferd-batterie' };
const COLLEAGUE = 'bert';
const XSS = '<img src=x onerror=window.__xss=1>';
const CANNED = { title: 'Unterlagen Reisepass', text: 'Bitte bringen Sie ein biometrisches Passfoto mit.' };

declare global {
  interface Window {
    /** Notifications the page showed (recorded by the stand-in of `openConsole`). */
    __notifications?: { title: string; body: string | undefined }[];
    __xss?: unknown;
  }
}

const dialogOf = (activity: ServerActivity) => activity.channelData?.govbot?.dialog;

const browser = await launchChromium();

/**
 * The agent console against a real GovBot (built console, `/agent` namespace, handover, REST, SQLite) in a real
 * Chromium, with citizens on the widget's Socket.IO protocol: a chat from the queue to the agent and back to the
 * assistant, the form in progress, passing a chat on, and contact requests.
 */
describe.skipIf(!browser)('agent console in Chromium', () => {
  let bot: TestBot;
  const contexts: BrowserContext[] = [];
  const clients: { close(): void }[] = [];

  beforeAll(async () => {
    bot = await startTestBot({ env: { GOVBOT_SERVICE_HOURS: 'always' } });
    await bot.storage.users.createUser({
      name: AGENT.name,
      role: 'agent',
      passwordHash: await hashPassword(AGENT.password),
    });
    await AgentClient.createUser(bot.storage, COLLEAGUE);
    await bot.storage.cannedResponses.createCannedResponse({ ...CANNED, lang: 'de' }, 'admin');
    await mkdir(screenshots, { recursive: true });
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await bot?.dispose();
  });

  /**
   * A fresh browser profile on the console page, with notifications allowed and recorded. `problems()` lists console
   * errors, uncaught exceptions and failed requests (status and path).
   */
  async function openConsole(options: BrowserContextOptions = {}): Promise<{ page: Page; problems: () => string[] }> {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'de-DE', ...options });
    contexts.push(context);
    // Headless Chromium has no notification centre: a stand-in records what the console shows. Init scripts come
    // through the DevTools protocol, so the page keeps its Content-Security-Policy.
    await context.addInitScript(() => {
      window.__notifications = [];
      class RecordedNotification {
        static permission = 'granted';
        static requestPermission = async () => 'granted';
        onclick: (() => void) | null = null;
        constructor(title: string, options?: { body?: string }) {
          window.__notifications?.push({ title, body: options?.body });
        }
        close() {}
      }
      Object.defineProperty(window, 'Notification', { value: RecordedNotification, configurable: true });
    });
    const page = await context.newPage();
    const problems = watchPageProblems(page);
    await page.goto(`${bot.url}/agent`);
    return { page, problems };
  }

  async function logIn(page: Page): Promise<void> {
    await page.getByLabel('Benutzername').fill(AGENT.name);
    await page.getByLabel('Passwort').fill(AGENT.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('heading', { name: 'Warteschlange (0)' }).waitFor();
    await page.getByText('Verbunden', { exact: true }).waitFor();
  }

  async function connectCitizen(): Promise<CitizenClient> {
    const citizen = await CitizenClient.connect(bot.url, { locale: 'de-DE' });
    clients.push(citizen);
    await citizen.nextMessage(); // welcome
    return citizen;
  }

  /** Waits until the citizen got a message matching `predicate` and returns it. */
  async function citizenReceives(
    citizen: CitizenClient,
    predicate: (activity: ServerActivity) => boolean,
  ): Promise<ServerActivity> {
    await expect.poll(() => citizen.received.some(predicate), { timeout: 10_000 }).toBe(true);
    const found = citizen.received.find(predicate);
    if (!found) throw new Error('unreachable');
    return found;
  }

  /** Takes the single waiting chat and waits until the citizen hears about it. */
  async function acceptWaitingChat(page: Page, citizen: CitizenClient): Promise<void> {
    await page.getByTestId('queue-entry').getByRole('button', { name: 'Übernehmen' }).click();
    await citizenReceives(citizen, (a) => /jetzt mit .* verbunden/.test(a.text ?? ''));
    await page.getByRole('heading', { name: /^Chat:/ }).waitFor();
  }

  const transcript = (page: Page) => page.getByTestId('transcript');
  const messages = (page: Page, author: 'citizen' | 'bot' | 'agent') =>
    transcript(page).locator(`[data-testid="chat-message"][data-author="${author}"]`);
  const myChats = (page: Page, count: number) =>
    page.getByRole('heading', { name: new RegExp(`^Meine Chats \\(${count} von \\d+\\)$`) });

  it('takes a chat from the queue, talks with the citizen and hands back to the assistant', async () => {
    const { page, problems } = await openConsole();
    await logIn(page);
    await myChats(page, 0).waitFor();
    expect(await runAxe(page)).toEqual([]);

    const citizen = await connectCitizen();
    const queued = await citizen.ask('Ich möchte mit einem Menschen sprechen');
    expect(queued.text).toMatch(/Position 1/);

    const entry = page.getByTestId('queue-entry');
    await entry.waitFor();
    expect(await entry.textContent()).toMatch(/Wunsch nach Mensch/);
    expect(await entry.textContent()).toMatch(/Deutsch/);
    expect(await entry.textContent()).toMatch(/Web-Chat/);
    // The waiting time ticks in the browser, without new data from the server.
    const wait = entry.getByTestId('queue-wait');
    const firstWait = await wait.textContent();
    await expect.poll(() => wait.textContent(), { timeout: 3_000 }).not.toBe(firstWait);
    await expect
      .poll(() => page.getByTestId('announcer').textContent())
      .toMatch(/Neue Anfrage in der Warteschlange: .*Position 1/);
    expect(await page.evaluate(() => window.__notifications)).toEqual([
      { title: 'Neue Anfrage im Service-Center', body: expect.stringMatching(/Deutsch/) },
    ]);
    await page.screenshot({ path: path.join(screenshots, 'queue.png') });

    await acceptWaitingChat(page, citizen);
    const connected = await citizenReceives(citizen, (a) => /verbunden/.test(a.text ?? ''));
    expect(connected.text).toContain(AGENT.name);
    await myChats(page, 1).waitFor();
    // The transcript holds what came before: the citizen's request and the bot's answers.
    await messages(page, 'citizen').getByText('Ich möchte mit einem Menschen sprechen').waitFor();
    await messages(page, 'bot')
      .getByText(/mit .* verbunden/)
      .waitFor();

    const input = page.getByLabel('Nachricht an den Bürger / die Bürgerin');
    await input.fill('Guten Tag, hier ist das Service-Center. Wie kann ich helfen?');
    await input.press('Enter');
    const fromAgent = await citizenReceives(citizen, (a) => /hier ist das Service-Center/.test(a.text ?? ''));
    expect(fromAgent.channelData?.govbot?.agent?.name).toBe(AGENT.name);
    expect(await input.inputValue()).toBe('');
    await messages(page, 'agent').getByText('Guten Tag, hier ist das Service-Center.', { exact: false }).waitFor();

    citizen.socket.emit('typing');
    await page.getByTestId('citizen-typing').getByText('Bürger/in schreibt …').waitFor();
    const ack = await citizen.send({ text: 'Ich brauche einen neuen Reisepass, was muss ich mitbringen?' });
    expect(ack.ok).toBe(true);
    await messages(page, 'citizen').getByText('was muss ich mitbringen?', { exact: false }).waitFor();
    expect(await page.getByTestId('citizen-typing').textContent()).toBe('');
    await expect
      .poll(() => page.getByTestId('announcer').textContent())
      .toMatch(/Neue Nachricht von Bürger\/in.*was muss ich mitbringen\?/);

    // A canned response goes into the message box, where the agent can still change it.
    await page.getByLabel('Textbaustein').selectOption({ label: `${CANNED.title} (de)` });
    await page.getByRole('button', { name: 'Einfügen' }).click();
    expect(await input.inputValue()).toBe(CANNED.text);
    await input.press('Enter');
    await citizenReceives(citizen, (a) => a.text === CANNED.text);

    // Citizen text is untrusted: it reaches the page as text, never as markup.
    await citizen.send({ text: XSS });
    await messages(page, 'citizen').getByText(XSS, { exact: true }).waitFor();
    expect(await transcript(page).locator('img').count()).toBe(0);
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();

    await page.getByLabel('Neue interne Notiz').fill('Reisepass: Termin im Bürgerbüro empfohlen');
    await page.getByRole('button', { name: 'Notiz speichern' }).click();
    await page.getByTestId('agent-note').getByText('Termin im Bürgerbüro empfohlen', { exact: false }).waitFor();
    expect(await page.getByTestId('agent-note').getByText('intern').count()).toBe(1);
    expect(citizen.received.some((a) => /Bürgerbüro empfohlen/.test(a.text ?? ''))).toBe(false);

    expect(await runAxe(page)).toEqual([]);
    await page.screenshot({ path: path.join(screenshots, 'chat.png'), fullPage: true });

    await page.getByRole('button', { name: 'An den Assistenten zurückgeben' }).click();
    await citizenReceives(citizen, (a) => /Gespräch mit dem Service-Center ist beendet/.test(a.text ?? ''));
    await page.getByText('Dieser Chat ist beendet.', { exact: false }).waitFor();
    await myChats(page, 0).waitFor();

    const answer = await citizen.ask('Was kostet ein Reisepass?');
    expect(answer.channelData?.govbot?.agent).toBeUndefined();
    expect(visibleText(answer)).toMatch(/Reisepass/);
    expect(visibleText(answer)).toMatch(/€/);
    await page.screenshot({ path: path.join(screenshots, 'ended.png'), fullPage: true });
    // The only refusal: resuming a session on the first load, before the login.
    expect(problems()).toEqual(['401 /api/auth/me']);
  }, 60_000);

  it('shows the form in progress, corrects an answer, refuses an unusable one and resumes at a chosen step', async () => {
    const { page, problems } = await openConsole();
    await logIn(page);
    const citizen = await connectCitizen();
    await citizen.send({ text: 'Ich möchte einen Bewohnerparkausweis für M-AB 123 in Zone C beantragen' });
    const first = await citizenReceives(citizen, (a) => dialogOf(a)?.field === 'mainResidence');
    const yes = first.suggestedActions?.actions.find((action) => action.title === 'Ja');
    await citizen.send({ text: 'Ja', value: yes?.value });
    await citizenReceives(citizen, (a) => dialogOf(a)?.field === 'applicantName');
    await citizen.send({ text: 'Erika Mustermann' });
    await citizenReceives(citizen, (a) => dialogOf(a)?.field === 'applicantBirthDate');
    await citizen.send({ text: 'Ich möchte mit einem Menschen sprechen' });

    await page.getByTestId('queue-entry').getByText('Bewohnerparkausweis', { exact: false }).waitFor();
    await acceptWaitingChat(page, citizen);
    const form = page.getByRole('region', { name: /^Formular: .*Bewohnerparkausweis/ });
    await form.waitFor();
    expect(await form.getByText(/Wartet auf eine Antwort/).textContent()).toMatch(/Geburt/);
    const row = (fieldPath: string) => form.locator(`tr[data-path="${fieldPath}"]`);
    expect(await row('plate').textContent()).toContain('M-AB 123');

    await row('applicantName')
      .getByRole('button', { name: /ändern$/ })
      .click();
    await row('applicantName').getByRole('textbox').fill('Erika Musterfrau');
    await row('applicantName').getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => row('applicantName').textContent()).toContain('Erika Musterfrau');

    await row('plate')
      .getByRole('button', { name: /ändern$/ })
      .click();
    await row('plate').getByRole('textbox').fill('kein Kennzeichen');
    await row('plate').getByRole('button', { name: 'Speichern' }).click();
    await form.getByRole('alert').getByText('Das ist kein gültiges deutsches Kennzeichen', { exact: false }).waitFor();
    await page.screenshot({ path: path.join(screenshots, 'form.png'), fullPage: true });
    // The form's table with a field being corrected and its error, at every size.
    expect(await checkView(page, 'Formular')).toEqual(passing('Formular'));
    await row('plate').getByRole('button', { name: 'Abbrechen' }).click();
    expect(await row('plate').textContent()).toContain('M-AB 123');

    await page.getByLabel('Formular fortsetzen bei').selectOption('plate');
    await page.getByRole('button', { name: 'An den Assistenten zurückgeben' }).click();
    const plate = await citizenReceives(citizen, (a) => dialogOf(a)?.field === 'plate');
    expect(plate.text).toMatch(/Kennzeichen/);
    expect(problems()).toEqual(['401 /api/auth/me']);
  }, 60_000);

  it('passes a chat on to a colleague who is online', async () => {
    const { page, problems } = await openConsole();
    await logIn(page);
    const colleague = await AgentClient.login(bot.url, COLLEAGUE);
    clients.push(colleague);
    const citizen = await connectCitizen();
    await citizen.ask('Ich möchte mit einem Menschen sprechen');
    await acceptWaitingChat(page, citizen);

    await page.getByLabel('Weitergeben an').selectOption({ label: COLLEAGUE });
    await page.getByRole('button', { name: 'Weitergeben', exact: true }).click();
    const transferred = await citizenReceives(citizen, (a) => /weitergegeben/.test(a.text ?? ''));
    expect(transferred.text).toContain(COLLEAGUE);
    await page.getByText(`Dieser Chat wird von ${COLLEAGUE} geführt.`).waitFor();
    await myChats(page, 0).waitFor();
    await colleague.overview((overview) => overview.chats.length === 1);
    expect(problems()).toEqual(['401 /api/auth/me']);
  }, 60_000);

  it('switches presence, lists contact requests and changes their status, resumes after a reload, logs out', async () => {
    const ticket = await bot.storage.tickets.createTicket({
      conversationId: undefined,
      name: 'Maria Schmidt',
      email: 'maria.schmidt@example.org',
      phone: undefined,
      question: 'Bitte rufen Sie mich wegen meines Antrags zurück. <b>dringend</b>',
      lang: 'de',
      topic: undefined,
      consentAt: new Date().toISOString(),
    });
    const { page, problems } = await openConsole();
    await logIn(page);
    // Presence: away and back, as the server confirms it in the overview.
    await page.getByLabel('Mein Status').selectOption('away');
    await page.getByText('Sie sind abwesend', { exact: false }).waitFor();
    await page.getByLabel('Mein Status').selectOption('online');
    await page.getByText('Sie sind abwesend', { exact: false }).waitFor({ state: 'detached' });

    const tab = page.getByRole('tab', { name: /^Kontaktanfragen/ });
    await tab.click();
    const card = page.getByTestId('ticket').filter({ hasText: ticket.number });
    await card.getByText('maria.schmidt@example.org').waitFor();
    await card.getByText('<b>dringend</b>', { exact: false }).waitFor();
    expect(await runAxe(page)).toEqual([]);
    await page.screenshot({ path: path.join(screenshots, 'tickets.png'), fullPage: true });

    await card.getByLabel(`Neuer Status für ${ticket.number}`).selectOption('done');
    await card.getByRole('button', { name: 'Status ändern' }).click();
    await expect.poll(async () => (await bot.storage.tickets.findTicket(ticket.id))?.status).toBe('done');
    await page.getByTestId('ticket').filter({ hasText: ticket.number }).waitFor({ state: 'detached' });
    // Keyboard: the tabs follow the arrow keys.
    await page.getByRole('tab', { name: /^Kontaktanfragen/ }).press('ArrowLeft');
    expect(await page.getByRole('tab', { name: 'Chats' }).getAttribute('aria-selected')).toBe('true');

    // A reload resumes the session; logging out ends it.
    await page.reload();
    await page.getByRole('heading', { name: 'Warteschlange (0)' }).waitFor();
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByRole('alert').getByText('Sie sind abgemeldet.').waitFor();
    expect((await page.request.get(`${bot.url}/api/auth/me`)).status()).toBe(401);
    expect(problems()).toEqual(['401 /api/auth/me']);
  });

  it('is used by keyboard alone, passes axe, reflows at 320 px and 200 % zoom, and keeps still with reduced motion', async () => {
    const ticket = await bot.storage.tickets.createTicket({
      conversationId: undefined,
      name: 'Jonas Weber',
      email: undefined,
      phone: '+49 89 1234567',
      question: `Rückruf erbeten ${XSS}`,
      lang: 'en',
      topic: undefined,
      consentAt: new Date().toISOString(),
    });
    const { page, problems } = await openConsole({ reducedMotion: 'reduce' });
    // Each view: axe, no sideways scrolling, every control reached by Tab with a visible focus, nothing animated.
    const check = async (view: string) => {
      expect(await checkView(page, view)).toEqual(passing(view));
      expect({ view, motions: await longMotions(page) }).toEqual({ view, motions: [] });
    };

    await page.getByLabel('Benutzername').waitFor();
    await check('Anmeldung');
    await tabTo(page, 'Benutzername');
    await page.keyboard.type(AGENT.name);
    await page.keyboard.press('Tab');
    await page.keyboard.type(AGENT.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Warteschlange (0)' }).waitFor();
    await page.getByText('Verbunden', { exact: true }).waitFor();

    const citizen = await connectCitizen();
    await citizen.ask('Ich möchte mit einem Menschen sprechen');
    await page.getByTestId('queue-entry').waitFor();
    await check('Warteschlange');

    await tabTo(page, 'Übernehmen');
    await page.keyboard.press('Enter');
    await citizenReceives(citizen, (a) => /jetzt mit .* verbunden/.test(a.text ?? ''));
    // The chat's heading takes the focus, so screen readers say which chat opened.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/^Chat:/);
    await citizen.send({ text: XSS });
    await messages(page, 'citizen').getByText(XSS, { exact: true }).waitFor();
    await check('Chat');

    await tabTo(page, 'Nachricht an den Bürger / die Bürgerin');
    await page.keyboard.type('Guten Tag, ich sehe mir das an.');
    await page.keyboard.press('Enter');
    await citizenReceives(citizen, (a) => a.text === 'Guten Tag, ich sehe mir das an.');

    // The tabs: Tab reaches the selected one, the arrow keys move to the next.
    await tabTo(page, 'Chats');
    await page.keyboard.press('ArrowRight');
    const card = page.getByTestId('ticket').filter({ hasText: ticket.number });
    await card.getByText(XSS, { exact: false }).waitFor();
    expect(await page.getByRole('tab', { name: /^Kontaktanfragen/ }).getAttribute('aria-selected')).toBe('true');
    await check('Kontaktanfragen');

    await tabTo(page, 'Mir zuweisen');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await bot.storage.tickets.findTicket(ticket.id))?.assignedTo).toBe(AGENT.name);
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    expect(problems()).toEqual(['401 /api/auth/me']);
  }, 60_000);

  it('cuts animations and transitions short for people who ask for reduced motion', async () => {
    // The console animates nothing today; this checks that the page's guard would catch what is added later.
    const probeMotion = async (page: Page) =>
      page.evaluate(() => {
        const probe = document.createElement('button');
        // Set through the CSSOM, which the page's Content-Security-Policy allows.
        probe.style.transition = 'background-color 1s';
        probe.style.animation = 'probe 2s infinite';
        document.body.append(probe);
        const style = getComputedStyle(probe);
        const motion = { transition: style.transitionDuration, animation: style.animationDuration };
        probe.remove();
        return motion;
      });
    const reduced = await openConsole({ reducedMotion: 'reduce' });
    await reduced.page.getByLabel('Benutzername').waitFor();
    const { transition, animation } = await probeMotion(reduced.page);
    expect(Number.parseFloat(transition)).toBeLessThanOrEqual(0.01);
    expect(Number.parseFloat(animation)).toBeLessThanOrEqual(0.01);

    const usual = await openConsole({ reducedMotion: 'no-preference' });
    await usual.page.getByLabel('Benutzername').waitFor();
    expect(await probeMotion(usual.page)).toEqual({ transition: '1s', animation: '2s' });
  });

  it('serves the page without caching and refuses wrong passwords with a message', async () => {
    const response = await fetch(`${bot.url}/agent`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await response.text()).toContain('/agent/agent.js');
    expect((await fetch(`${bot.url}/agent/agent.js`)).status).toBe(200);
    expect((await fetch(`${bot.url}/agent/agent.css`)).status).toBe(200);

    const { page, problems } = await openConsole();
    await page.getByLabel('Benutzername').fill(AGENT.name);
    await page.getByLabel('Passwort').fill('falsches-passwort-123');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('alert').getByText('Benutzername oder Passwort ist falsch.').waitFor();
    expect(await runAxe(page)).toEqual([]);
    expect(problems()).toEqual(['401 /api/auth/me', '401 /api/auth/login']);
  });
});
