import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type axe from 'axe-core';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

declare global {
  interface Window {
    axe: typeof axe;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/** axe-core's browser build, for `page.addScriptTag` (on pages opened with `bypassCSP`). */
export const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Builds the widget from the current source into a fresh temporary directory (returned), so that a test checks what
 * is in the tree and never races other builds.
 */
export async function buildWidget(): Promise<string> {
  const distDir = await mkdtemp(path.join(tmpdir(), 'govbot-widget-'));
  execFileSync(process.execPath, ['scripts/build-widget.mjs', '--outdir', distDir], { cwd: root, stdio: 'pipe' });
  return distDir;
}

/** Collects console errors, uncaught exceptions and dialogs of the page; a page that behaved has none. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return problems;
}

/** The axe-core violations of the page (axe must have been added), as rule and offending elements. */
export async function axeViolations(page: Page) {
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations.map((violation) => ({
    rule: violation.id,
    nodes: violation.nodes.map((node) => node.target.join(' ')),
  }));
}

/** The element focused inside the widget's shadow root: its id or test id. */
export function focusedInWidget(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    const focused = document.querySelector('govbot-chat')?.shadowRoot?.activeElement;
    return focused ? focused.id || (focused.getAttribute('data-testid') ?? undefined) : undefined;
  });
}

/**
 * Opens `url` in a fresh browser profile and waits until the widget holds a session token. With `widgetDir`, the
 * page gets that build of widget.js: the real server serves the one of the last `npm run build`.
 */
export async function openPortal(
  browser: Browser,
  url: string,
  { widgetDir, contexts, ...options }: BrowserContextOptions & { widgetDir?: string; contexts: BrowserContext[] },
) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-DE', ...options });
  contexts.push(context);
  const page = await context.newPage();
  const problems = watchProblems(page);
  if (widgetDir) {
    const widget = await readFile(path.join(widgetDir, 'widget.js'));
    await page.route('**/widget.js', (route) => route.fulfill({ contentType: 'text/javascript', body: widget }));
  }
  await page.goto(url);
  await page.waitForFunction(() => Object.keys(localStorage).some((key) => key.startsWith('govbot.token@')));
  return { page, problems };
}

/**
 * The conversation token the widget keeps for the bot at `server` (default: the page's own origin) and `tenant`:
 * tokens are kept per server and tenant (`govbot.token@<server>/<tenant>`).
 */
export function storedToken(page: Page, server?: string, tenant = 'default'): Promise<string | null> {
  return page.evaluate(
    ({ server, tenant }) => localStorage.getItem(`govbot.token@${server ?? location.origin}/${tenant}`),
    { server: server && new URL(server).origin, tenant },
  );
}

/** The keys of the page's localStorage that start with `prefix`, e.g. every widget's tokens (`govbot.token`). */
export function storedKeys(page: Page, prefix: string): Promise<string[]> {
  return page.evaluate((prefix) => Object.keys(localStorage).filter((key) => key.startsWith(prefix)), prefix);
}

export const messages = (page: Page, role: 'user' | 'bot' | 'agent') =>
  page.locator(`[data-testid="govbot-message"][data-role="${role}"]`);
export const input = (page: Page) => page.getByRole('textbox', { name: 'Ihre Nachricht' });
/** The header's action; GovBot's welcome message may offer a suggestion of the same name. */
export const talkButton = (page: Page) => page.getByTestId('govbot-talk');
export const statusLine = (page: Page) => page.getByTestId('govbot-handover-status');
export const typingLine = (page: Page) => page.getByTestId('govbot-typing');

/** The start of the status line while waiting for a person. */
export const WAITING = 'Sie warten auf eine Mitarbeiterin oder einen Mitarbeiter';
