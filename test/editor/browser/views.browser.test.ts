import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../src/auth/passwords.js';
import type { StaffRole } from '../../../src/auth/types.js';
import { launchChromium } from '../../support/browser.js';
import {
  checkView,
  fetchesSettled,
  longMotions,
  passing,
  trackFetches,
  VIEWPORTS,
} from '../../support/pageAccessibility.js';
import { startTestBot, type TestBot } from '../../support/startTestBot.js';
import { watchProblems } from '../../widget/widgetPage.js';
import { FakeEditorApi, gate, run, XSS } from './fakeEditorApi.js';

const PASSWORD = 'korrekt-pferd-batterie';
const USERS: Record<'publisher' | 'admin', { name: string; role: StaffRole }> = {
  publisher: { name: 'paula.freigabe', role: 'publisher' },
  admin: { name: 'ada.admin', role: 'admin' },
};
const TABS = [
  'Posteingang',
  'Anliegen',
  'Entitäten',
  'Katalog',
  'Ausprobieren',
  'Training',
  'Pflichtfragen',
  'Versionen',
  'Auswertung',
  'Protokoll',
];

declare global {
  interface Window {
    __xss?: unknown;
  }
}

const browser = await launchChromium();

/**
 * The workbench's views filled with data: the real page, server and login, with `/api/editor` answered by fixtures
 * in the shapes of the server's schemas (`fakeEditorApi.ts`). Checks what needs data on screen: axe on filled views,
 * markup staying text, charts with their tables, the training's progress and the gate blocking publication.
 */
describe.skipIf(!browser)('workbench views with data in Chromium', () => {
  let bot: TestBot;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    bot = await startTestBot();
    for (const user of Object.values(USERS)) {
      await bot.storage.users.createUser({ ...user, passwordHash: await hashPassword(PASSWORD) });
    }
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await bot?.dispose();
  });

  async function open(user: { name: string }, options: BrowserContextOptions = {}) {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE', ...options });
    contexts.push(context);
    await trackFetches(context);
    const page = await context.newPage();
    const problems = watchProblems(page);
    const api = new FakeEditorApi();
    await api.install(page);
    await page.goto(`${bot.url}/editor`);
    await page.getByLabel('Benutzername').fill(user.name);
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByTestId('user').waitFor();
    return { page, api, problems };
  }

  const tab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true });

  it.each(VIEWPORTS)(
    'shows every view with data at $size: axe, reflow, keyboard, no motion, markup as text',
    async (viewport) => {
      const { width, height } = viewport;
      const { page, api, problems } = await open(USERS.publisher, {
        viewport: { width, height },
        reducedMotion: 'reduce',
      });
      await page.getByTestId('inbox-group').waitFor();
      await tab(page, 'Anliegen').click();
      await page.getByRole('button', { name: 'greeting bearbeiten' }).click();
      // The named entities its utterances use, linking to their view.
      await page.getByRole('button', { name: '@anrede' }).waitFor();
      await expect.poll(() => page.getByRole('textbox', { name: 'Beispielsatz (de) 2' }).inputValue()).toBe(XSS);
      await tab(page, 'Entitäten').click();
      await page.getByRole('button', { name: '@dokument (de) bearbeiten' }).click();
      await expect.poll(() => page.getByLabel('Werte und Synonyme').inputValue()).toContain(XSS);
      await tab(page, 'Katalog').click();
      await page.getByRole('button', { name: 'Bewohnerparkausweis bearbeiten' }).click();
      await expect.poll(() => page.getByLabel('Bezeichnung (de)').inputValue()).toBe('Bewohnerparkausweis');
      await tab(page, 'Ausprobieren').click();
      await page.getByLabel('Frage wie von Bürgerinnen und Bürgern').fill('Anwohnerparken 80331');
      await page.getByRole('button', { name: 'Ausprobieren', exact: true }).click();
      await page.getByRole('heading', { name: 'Entwurf (Training run-1)' }).waitFor();
      await tab(page, 'Training').click();
      await page.getByTestId('gate-report').waitFor();
      // The utterance two intents share, as text, with both intents.
      expect(await page.getByTestId('shared-utterances').getByRole('row').nth(1).textContent()).toBe(
        `${XSS}degreeting, service.bewohnerparkausweis`,
      );
      await tab(page, 'Versionen').click();
      await page.getByTestId('versions-table').waitFor();
      await page.getByRole('button', { name: 'Vergleichen' }).click();
      await page.getByTestId('version-diff').getByRole('table').first().waitFor();
      await tab(page, 'Auswertung').click();
      await page.locator('figure svg').first().waitFor();
      await tab(page, 'Protokoll').click();
      await page.getByText('editor.publish').waitFor();

      // From the last tab, the arrow key goes round to the first; each view is checked once it has loaded.
      for (const name of TABS) {
        await page.getByRole('tab', { selected: true }).focus();
        await page.keyboard.press('ArrowRight');
        await fetchesSettled(page);
        expect(await page.getByRole('tab', { selected: true }).textContent()).toBe(name);
        expect(await checkView(page, name, [viewport])).toEqual(passing(name, [viewport]));
        expect({ name, motions: await longMotions(page) }).toEqual({ name, motions: [] });
        await page.screenshot({ path: `test-results/editor/data-${name}-${width}.png`, fullPage: true });
      }
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(await page.evaluate(() => window.__xss)).toBeUndefined();
      // The only failed request is `/api/auth/me` before the login.
      expect(problems.filter((problem) => !problem.startsWith('Failed to load resource'))).toEqual([]);
      expect(api.unanswered).toEqual([]);
    },
    60_000,
  );

  it('works on a municipality’s own layer: picker, layer badges, the shared texts read-only', async () => {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE' });
    contexts.push(context);
    await trackFetches(context);
    const page = await context.newPage();
    const api = new FakeEditorApi();
    // Musterdorf's editor: she reads the shared layer but may change only Musterdorf's own.
    api.layers = [
      { tenant: 'default', name: 'shared', shared: true, writable: false },
      { tenant: 'musterdorf', name: 'Musterdorf', shared: false, writable: true },
    ];
    await api.install(page);
    await page.goto(`${bot.url}/editor#intents`);
    await page.getByLabel('Benutzername').fill(USERS.publisher.name);
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();

    const picker = page.getByRole('combobox', { name: 'Inhalte' });
    // After the login's scrypt check: more than expect.poll's default second on a busy machine.
    await expect.poll(() => picker.inputValue(), { timeout: 10_000 }).toBe('musterdorf');
    await page.getByRole('button', { name: 'wertstoffhof bearbeiten' }).waitFor();
    const rows = page.getByTestId('intent-table').getByRole('row');
    expect(await rows.filter({ hasText: 'wertstoffhof' }).textContent()).toContain('eigen');
    expect(await rows.filter({ hasText: 'greeting' }).textContent()).toContain('gemeinsam + eigen');
    await page.getByRole('button', { name: 'greeting bearbeiten' }).click();
    await page.getByRole('group', { name: 'Eigene Antworten Deutsch' }).waitFor();
    await page.getByText('Gemeinsame Beispielsätze und Antworten (nur lesen)').click();
    await page.getByTestId('shared-texts').getByText('Guten Tag! Wie kann ich helfen?').waitFor();
    // The shared XSS utterance is text, and the own part alone can be deleted.
    expect(await page.getByTestId('shared-texts').getByText(XSS).count()).toBe(1);
    await page.getByRole('button', { name: 'Eigene Ergänzung löschen' }).waitFor();
    await fetchesSettled(page);
    await page.screenshot({ path: 'test-results/editor/data-own-layer-1280.png', fullPage: true });
    expect(await checkView(page, 'Anliegen (eigene Inhalte)', VIEWPORTS)).toEqual(
      passing('Anliegen (eigene Inhalte)', VIEWPORTS),
    );
    expect(api.requests.filter((request) => request.path.startsWith('/intents')).map((r) => r.tenant)).toEqual([
      'musterdorf',
      'musterdorf',
    ]);

    // Its versions say when the shared content was published after its live one.
    await tab(page, 'Versionen').click();
    await expect
      .poll(() => page.getByTestId('shared-newer').textContent())
      .toBe(
        'Die gemeinsamen Inhalte wurden nach Version 3 von Musterdorf neu veröffentlicht (gemeinsame Version 7). ' +
          'Trainieren und veröffentlichen Sie erneut, damit Musterdorf sie übernimmt.',
      );
    await tab(page, 'Anliegen').click();

    // Back to the shared layer: the list loads again without `tenant`, and is announced.
    await picker.selectOption('default');
    await page.getByTestId('announcer').getByText('Sie arbeiten jetzt an: Gemeinsame Inhalte').waitFor();
    await expect
      .poll(() => api.requests.filter((r) => r.path === '/intents').map((r) => r.tenant))
      .toEqual(['musterdorf', undefined]);
    expect(await page.getByRole('button', { name: 'wertstoffhof bearbeiten' }).count()).toBe(0);

    // A shared intent that Musterdorf has added to stays, and the page says why.
    await page.getByRole('button', { name: 'greeting bearbeiten' }).click();
    await page.getByRole('button', { name: 'Anliegen löschen' }).click();
    await page
      .getByRole('dialog', { name: 'Anliegen „greeting“ wirklich löschen?' })
      .getByRole('button', { name: 'Löschen' })
      .click();
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContain(
        'Nicht gelöscht: Kommunen haben „greeting“ um eigene Beispielsätze oder Antworten ergänzt ' +
          '(these municipalities have added to it: musterdorf). Erst wenn sie ihre Ergänzung gelöscht haben, kann das ' +
          'gemeinsame Anliegen gehen.',
      );
    expect(api.unanswered).toEqual([]);
  });

  it('shows no layer picker to a single city’s editor', async () => {
    const { page, api } = await open(USERS.publisher);
    await tab(page, 'Anliegen').click();
    await page.getByRole('button', { name: 'greeting bearbeiten' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Inhalte' }).count()).toBe(0);
    expect(api.requests.find((request) => request.path === '/intents')?.tenant).toBeUndefined();
  });

  it('assigns an inbox group to the intent picked from the suggestion or a search', async () => {
    const { page, api } = await open(USERS.publisher);
    const group = page.getByTestId('inbox-group');
    expect(await group.getByRole('listbox', { name: 'Anliegen für diese Gruppe' }).inputValue()).toBe('greeting');
    await group.getByLabel('Anliegen für diese Gruppe suchen').fill('parkaus');
    await group.getByRole('button', { name: 'Zuordnen' }).click();
    await expect.poll(() => page.getByTestId('inbox-status').textContent()).toContain('zugeordnet');
    expect(api.requests.find((request) => request.path === '/inbox/assign')?.body).toEqual({
      entryIds: ['e1', 'e2', 'e3'],
      intent: 'service.bewohnerparkausweis',
    });
    expect(await page.getByTestId('inbox-group').count()).toBe(0);
  });

  it('edits an intent’s lists and imports a DLDB export read in the browser', async () => {
    const { page, api } = await open(USERS.publisher);
    await tab(page, 'Anliegen').click();
    await page.getByRole('button', { name: 'greeting bearbeiten' }).click();
    // The named entities its utterances use, linking to their view.
    await page.getByRole('button', { name: '@anrede' }).waitFor();
    await page.getByRole('button', { name: 'Beispielsatz (de) 1 entfernen' }).click();
    await page.getByLabel('Beispielsatz (en) hinzufügen').fill('Good morning');
    await page.getByLabel('Beispielsatz (en) hinzufügen').press('Enter');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.getByText('Anliegen greeting gespeichert.', { exact: false }).waitFor();
    expect(api.requests.find((request) => request.method === 'PUT')?.body).toEqual({
      utterances: { de: [XSS], en: ['Hello', 'Good morning'] },
      answers: { de: ['Guten Tag! Wie kann ich helfen?'], en: ['Hello! How can I help?'] },
    });

    await tab(page, 'Katalog').click();
    const services = { services: [{ id: 4711, name: 'Wohngeld' }] };
    await page.getByLabel('Leistungen (DLDB-Export, JSON)').setInputFiles({
      name: 'services.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(services)),
    });
    await page.getByRole('button', { name: 'Importieren' }).click();
    await expect
      .poll(() => page.getByTestId('import-status').textContent())
      .toBe('Importiert: 12 Leistungen, 3 Stellen, 1 Hinweise.');
    expect(api.requests.find((request) => request.path === '/catalogue/import')?.body).toEqual({
      services,
      replace: false,
    });
  });

  it('follows a training run, announces its phases, and blocks publishing a failed gate except for admins', async () => {
    const { page, api } = await open(USERS.admin);
    api.runs = [];
    api.polls = [
      run('run-2', { phase: 'training', progress: 0.2 }),
      run('run-2', { phase: 'cross-validation', progress: 0.5 }),
      run('run-2', { status: 'succeeded', phase: 'done', progress: 1, gate: gate(false) }),
    ];
    await tab(page, 'Training').click();
    await page.getByText('Noch keine Trainings.').waitFor();
    await page.getByRole('button', { name: 'Training starten' }).click();
    await expect
      .poll(() => page.getByTestId('training-live').textContent(), { timeout: 10_000 })
      .toBe('Training: Kreuzvalidierung.');
    expect(await page.getByTestId('training-progress').getAttribute('value')).toBe('50');
    await expect
      .poll(() => page.getByTestId('training-live').textContent(), { timeout: 10_000 })
      .toBe('Training abgeschlossen. Freigabeprüfung nicht bestanden.');
    const publish = page.getByRole('button', { name: 'Veröffentlichen' });
    expect(await publish.isDisabled()).toBe(true);
    await page.getByLabel('Trotzdem veröffentlichen (nur Administration)').check();
    await publish.click();
    await expect
      .poll(() => page.getByRole('alert').allTextContents())
      .toContain('Bitte begründen Sie die Freigabe trotz nicht bestandener Prüfung.');
    await page.getByLabel('Begründung für die Freigabe trotz nicht bestandener Prüfung').fill('Dringende Korrektur');
    await publish.click();
    await page.getByText('Version 4 ist veröffentlicht und jetzt live.').waitFor();
    expect(api.requests.find((request) => request.method === 'POST' && request.path === '/versions')?.body).toEqual({
      runId: 'run-2',
      overrideReason: 'Dringende Korrektur',
    });
    // Worst F1 first, with the change beside the live version.
    const rows = page.getByRole('table', { name: /F1 je Anliegen/ }).locator('tbody tr');
    expect(await rows.first().textContent()).toContain('greeting');
    expect(await rows.first().textContent()).toContain('−0,09');
  });

  it('draws the analytics as SVG with data tables', async () => {
    const { page } = await open(USERS.publisher);
    await tab(page, 'Auswertung').click();
    const perDay = page.getByRole('figure', { name: 'Gespräche pro Tag' });
    await perDay.waitFor();
    expect(await perDay.locator('svg rect').count()).toBe(30);
    await perDay.getByText('Daten: Gespräche pro Tag').click();
    expect(await perDay.getByRole('table').locator('tbody tr').count()).toBe(30);
    expect(await page.getByRole('figure', { name: 'Häufigste Leistungen' }).textContent()).toContain(
      `Hund anmelden ${XSS}`,
    );
    expect(await page.getByRole('figure', { name: 'Verlauf: hund-anmelden' }).locator('svg rect').count()).toBe(4);
    expect(await page.locator('.figures').textContent()).toContain('2,1 %');
  });
});
