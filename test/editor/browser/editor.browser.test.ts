import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../src/auth/passwords.js';
import type { StaffRole } from '../../../src/auth/types.js';
import { launchChromium } from '../../support/browser.js';
import {
  checkView,
  fetchesSettled,
  passing,
  runAxe,
  trackFetches,
  VIEWPORTS,
} from '../../support/pageAccessibility.js';
import { watchPageProblems } from '../../support/pageProblems.js';
import { startTestBot, type TestBot } from '../../support/startTestBot.js';
import { input, messages, openPortal } from '../../widget/widgetPage.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const screenshots = path.join(root, 'test-results/editor');
const PASSWORD = 'korrekt-pferd-batterie';
const USERS: Record<'publisher' | 'editor' | 'agent', { name: string; role: StaffRole }> = {
  publisher: { name: 'paula.freigabe', role: 'publisher' },
  editor: { name: 'emil.redaktion', role: 'editor' },
  agent: { name: 'anna.agentin', role: 'agent' },
};
const XSS = '<img src=x onerror=window.__xss=1>';
/** Out of scope for the default model (checked with `govbot parse`); the workbench teaches the bot to answer it. */
const QUESTION = 'Wo kann ich mein Fahrrad codieren lassen?';
const INTENT = 'fahrradcodierung';
const ANSWER = 'Fahrräder codiert die Polizei bei ihren Codier-Aktionen; bitte bringen Sie den Kaufbeleg mit.';

/** Each tab, the request its view makes when shown (none for "Ausprobieren"), and a heading it shows. */
const VIEWS = [
  { tab: 'Posteingang', request: '/api/editor/inbox', heading: 'Posteingang: offene Fragen' },
  { tab: 'Anliegen', request: '/api/editor/intents', heading: 'Anliegen (Intents)' },
  { tab: 'Entitäten', request: '/api/editor/entities', heading: 'Entitäten' },
  { tab: 'Katalog', request: '/api/editor/catalogue/services', heading: 'Leistungskatalog (Entwurf)' },
  { tab: 'Ausprobieren', request: undefined, heading: 'Ausprobieren' },
  { tab: 'Training', request: '/api/editor/training', heading: 'Bisherige Trainings' },
  { tab: 'Pflichtfragen', request: '/api/editor/must-pass', heading: 'Pflichtfrage hinzufügen' },
  { tab: 'Versionen', request: '/api/editor/versions', heading: 'Versionen vergleichen' },
  { tab: 'Auswertung', request: '/api/editor/analytics', heading: 'Auswertung' },
  { tab: 'Protokoll', request: '/api/editor/audit', heading: 'Protokoll' },
] as const;

declare global {
  interface Window {
    __xss?: unknown;
  }
}

const browser = await launchChromium();

/**
 * The editors' workbench against a real GovBot (built page, REST, NLU, SQLite) in a real Chromium, with citizens in
 * the real widget: from an unanswered question in the inbox over training and the release gate to publishing and
 * rollback, and axe on every view at full width and at 320 px.
 */
describe.skipIf(!browser)('editors’ workbench in Chromium', () => {
  let bot: TestBot;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // A quick gate: two folds, and one dialog's conversation script instead of all of them (minutes on two cores).
    bot = await startTestBot({
      env: {
        GOVBOT_GATE_FOLDS: '2',
        GOVBOT_GATE_CONVERSATIONS: path.join(root, 'test/editor/training/fixtures/conversations'),
      },
    });
    for (const user of Object.values(USERS)) {
      await bot.storage.users.createUser({ ...user, passwordHash: await hashPassword(PASSWORD) });
    }
    await mkdir(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await bot?.dispose();
  });

  /** The workbench in a fresh browser profile; `problems()` lists console errors and failed requests. */
  async function openWorkbench(
    viewport = { width: 1280, height: 900 },
  ): Promise<{ page: Page; problems: () => string[] }> {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ viewport, locale: 'de-DE' });
    contexts.push(context);
    await trackFetches(context);
    const page = await context.newPage();
    const problems = watchPageProblems(page);
    await page.goto(`${bot.url}/editor`);
    return { page, problems };
  }

  async function logIn(page: Page, user: { name: string }): Promise<void> {
    await page.getByLabel('Benutzername').fill(user.name);
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
  }

  /** Selects a tab and waits until its view has asked the server for its data. */
  async function showView(page: Page, view: (typeof VIEWS)[number]): Promise<void> {
    const tab = page.getByRole('tab', { name: view.tab, exact: true });
    if ((await tab.getAttribute('aria-selected')) === 'true') {
      // Shown since the login: wait until it reported its loading (or its failure).
      await page.waitForFunction(() =>
        [...document.querySelectorAll('[role=tabpanel]:not([hidden]) :is([role=status], [role=alert])')].some(
          (element) => element.textContent !== '' && !element.textContent?.endsWith('…'),
        ),
      );
    } else if (view.request) {
      const request = view.request;
      const answered = page.waitForResponse((response) => new URL(response.url()).pathname === request);
      await tab.click();
      await answered;
    } else await tab.click();
    await page.getByRole('heading', { name: view.heading, exact: true }).waitFor();
    // The answer is rendered in the same task as its arrival; one frame later it is on the page.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  }

  /** Sends a question in the widget and returns the bot's first reply to it. */
  async function ask(portal: Page, question: string): Promise<string> {
    const before = await messages(portal, 'bot').count();
    await input(portal).fill(question);
    await input(portal).press('Enter');
    await expect.poll(() => messages(portal, 'bot').count(), { timeout: 10_000 }).toBeGreaterThan(before);
    return (await messages(portal, 'bot').nth(before).textContent()) ?? '';
  }

  it('serves the page under the CSP, refuses other roles and logs an editor in', async () => {
    const { page, problems } = await openWorkbench();
    const response = await page.request.get(`${bot.url}/editor`);
    expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers()['cache-control']).toBe('no-store');
    await page.getByRole('heading', { name: /Anmeldung/ }).waitFor();
    expect(await runAxe(page)).toEqual([]);

    await logIn(page, USERS.agent);
    // The login checks the password with scrypt (about a second on a busy 2-core machine): more than expect.poll's
    // default second.
    await expect
      .poll(() => page.getByTestId('login-error').textContent(), { timeout: 10_000 })
      .toContain('keinen Zugang zur Redaktion');

    await logIn(page, USERS.editor);
    await page.getByTestId('user').waitFor();
    expect(await page.getByTestId('user').textContent()).toBe(`Angemeldet als ${USERS.editor.name} (Redaktion)`);
    expect(await page.getByRole('tab').allTextContents()).toEqual(VIEWS.map((view) => view.tab));
    await page.reload();
    await page.getByTestId('user').waitFor();
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await expect
      .poll(() => page.getByTestId('login-error').textContent(), { timeout: 10_000 })
      .toBe('Sie sind abgemeldet.');
    const unexpected = problems();
    expect(unexpected.filter((problem) => !problem.includes('/api/auth/'))).toEqual([]);
  });

  it.each(VIEWPORTS)(
    'passes axe on every view at $size, fits, and reaches every control by Tab',
    async (viewport) => {
      const { width, height } = viewport;
      const { page } = await openWorkbench({ width, height });
      await logIn(page, USERS.publisher);
      await page.getByTestId('user').waitFor();
      for (const view of VIEWS) {
        await showView(page, view);
        await fetchesSettled(page);
        expect(await checkView(page, view.tab, [viewport])).toEqual(passing(view.tab, [viewport]));
        await page.screenshot({
          path: path.join(screenshots, `${view.request?.split('/').pop() ?? 'try'}-${width}.png`),
        });
      }
    },
    60_000,
  );

  it('turns an unanswered question into an answer: inbox, training, gate, publish, rollback', async () => {
    if (!browser) return;
    const { page: portal } = await openPortal(browser, bot.url, { contexts });
    const before = await ask(portal, QUESTION);
    expect(before).not.toContain(ANSWER);

    const { page, problems } = await openWorkbench();
    await logIn(page, USERS.publisher);
    await page.getByTestId('user').waitFor();

    // A new intent with two phrasings and its answer.
    await showView(page, VIEWS[1]);
    await page.getByRole('button', { name: 'Neues Anliegen anlegen' }).click();
    await page.getByLabel('Name des Anliegens').fill(INTENT);
    for (const utterance of ['Fahrradcodierung gegen Diebstahl', 'Wer graviert mir einen Code ins Fahrrad?']) {
      await page.getByLabel('Beispielsatz (de) hinzufügen').fill(utterance);
      await page.getByLabel('Beispielsatz (de) hinzufügen').press('Enter');
    }
    await page.getByLabel('Antwort (de) hinzufügen').fill(ANSWER);
    await page
      .getByRole('group', { name: /Antworten Deutsch/ })
      .getByRole('button', { name: 'Hinzufügen' })
      .click();
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByText(`Anliegen ${INTENT} gespeichert.`, { exact: false }).waitFor();

    // The citizen's question waits in the inbox; its group is assigned to the new intent.
    await showView(page, VIEWS[0]);
    const group = page.getByTestId('inbox-group').filter({ hasText: QUESTION });
    await expect
      .poll(async () => {
        await page.getByRole('button', { name: 'Neu laden' }).click();
        return group.count();
      })
      .toBe(1);
    await group.getByLabel('Anliegen für diese Gruppe suchen').fill(INTENT);
    await group.getByRole('listbox', { name: 'Anliegen für diese Gruppe' }).selectOption(INTENT);
    await group.getByRole('button', { name: 'Zuordnen' }).click();
    await expect.poll(() => page.getByTestId('inbox-status').textContent()).toContain(`${INTENT} zugeordnet`);

    // Training with the release gate; progress is announced by phase.
    await showView(page, VIEWS[5]);
    await page.getByRole('button', { name: 'Training starten' }).click();
    await expect.poll(() => page.getByTestId('training-live').textContent()).toMatch(/Training/);
    const verdict = page.getByTestId('run-report').getByTestId('gate-verdict');
    // Training and the gate (cross-validation, conversation tests) take minutes on the full corpus.
    await verdict.waitFor({ timeout: 360_000 });
    await page.screenshot({ path: path.join(screenshots, 'gate-report.png'), fullPage: true });
    const report = (await page.getByTestId('run-report').textContent()) ?? '';
    expect(await verdict.textContent(), report).toContain('bestanden');
    expect(await verdict.textContent(), report).not.toContain('nicht bestanden');
    expect(await page.getByTestId('training-live').textContent()).toContain('Training abgeschlossen');

    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    const published = page.getByText(/Version (\d+) ist veröffentlicht und jetzt live/);
    await published.waitFor();
    const version = Number(/Version (\d+)/.exec((await published.textContent()) ?? '')?.[1]);
    expect(version).toBeGreaterThan(1);

    await expect.poll(() => ask(portal, QUESTION), { timeout: 15_000 }).toContain(ANSWER);

    // Rolling back to the version before brings the old knowledge back.
    await showView(page, VIEWS[7]);
    await page.getByRole('button', { name: `Zurücksetzen auf diese Version (Version ${version - 1})` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Zurücksetzen' }).click();
    // Rolling back loads the model again: seconds on a busy machine.
    await expect
      .poll(() => page.getByTestId('versions-status').textContent(), { timeout: 15_000 })
      .toContain(`mit dem Inhalt von Version ${version - 1} veröffentlicht`);
    expect(await page.getByTestId('versions-table').textContent()).toContain(`Version ${version - 1}`);
    expect(await ask(portal, QUESTION)).not.toContain(ANSWER);
    // `/api/auth/me` answers 401 before the login.
    expect(problems().filter((problem) => problem !== '401 /api/auth/me')).toEqual([]);
  }, 480_000);

  it('shows markup in an inbox line and an utterance as text', async () => {
    if (!browser) return;
    const { page: portal } = await openPortal(browser, bot.url, { contexts });
    await ask(portal, `${XSS} Wann ist Sperrmüll?`);

    const { page } = await openWorkbench();
    await logIn(page, USERS.editor);
    await page.getByTestId('user').waitFor();
    await showView(page, VIEWS[0]);
    const line = page.getByTestId('inbox-line').filter({ hasText: 'Sperrmüll' });
    await expect
      .poll(async () => {
        await page.getByRole('button', { name: 'Neu laden' }).click();
        return line.count();
      })
      .toBeGreaterThan(0);
    expect(await line.first().textContent()).toContain('onerror');

    await showView(page, VIEWS[1]);
    await page.getByRole('button', { name: 'Neues Anliegen anlegen' }).click();
    await page.getByLabel('Name des Anliegens').fill('markup-test');
    await page.getByLabel('Beispielsatz (de) hinzufügen').fill(XSS);
    await page.getByLabel('Beispielsatz (de) hinzufügen').press('Enter');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByText('Anliegen markup-test gespeichert.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'markup-test bearbeiten' }).click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Beispielsatz (de) 1' }).inputValue()).toBe(XSS);

    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    // Editors without the publisher role see why they cannot publish the run the main path left.
    await showView(page, VIEWS[5]);
    await page.getByText('Veröffentlichen dürfen Personen mit der Rolle Freigabe').waitFor();
    expect(await page.getByRole('button', { name: 'Veröffentlichen' }).count()).toBe(0);
  }, 60_000);
});
