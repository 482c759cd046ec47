import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { type FakeGovBotServer, startFakeGovBotServer } from './fakeGovBotServer.js';
import { buildWidget, storedKeys, storedToken, watchProblems } from './widgetPage.js';

const browser = await launchChromium();

const MUENCHEN = {
  id: 'muenchen',
  name: 'München',
  branding: { title: 'Chat der Stadt München', color: '#005a9f', logo: '' },
};

/** The widget of one municipality on a server that serves several (docs/tenants.md), against a stub server. */
describe.skipIf(!browser)('the widget of a tenant, in Chromium', () => {
  let server: FakeGovBotServer;
  let distDir: string;
  const contexts: BrowserContext[] = [];
  let pages = 0;

  beforeAll(async () => {
    distDir = await buildWidget();
    server = await startFakeGovBotServer(distDir);
    MUENCHEN.branding.logo = `${server.url}/favicon.svg`;
    server.tenants.set(MUENCHEN.id, MUENCHEN);
  });
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.close();
    if (distDir) await rm(distDir, { recursive: true, force: true });
  });

  /** A portal page of the stub server's origin with `body`, in a fresh browser profile. */
  async function openPage(body: string) {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-DE' });
    contexts.push(context);
    const page = await context.newPage();
    const problems = watchProblems(page);
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    // Served by the stub server itself (a page the browser made up would not be let to reach a loopback server).
    const file = `portal-${++pages}.html`;
    await writeFile(
      path.join(distDir, file),
      `<!doctype html><html lang="de"><head><title>Portal</title><link rel="icon" href="/favicon.svg"></head><body>${body}</body></html>`,
    );
    await page.goto(`${server.url}/${file}`);
    return { page, problems, warnings };
  }

  const title = (page: Page, nth = 0) => page.locator('govbot-chat').nth(nth).getByRole('heading', { level: 2 });
  const accent = (page: Page, nth = 0) =>
    page.evaluate(
      (nth) => document.querySelectorAll<HTMLElement>('govbot-chat')[nth]?.style.getPropertyValue('--govbot-accent'),
      nth,
    );
  const handshakesOf = (tenant: string | undefined) =>
    server.handshakes.filter((handshake) => handshake.tenant === tenant).length;

  it('asks for the tag’s tenant and wears its branding where the tag sets none', async () => {
    const before = handshakesOf('muenchen');
    const { page, problems } = await openPage(
      '<govbot-chat data-tenant="muenchen"></govbot-chat><script src="/widget.js" defer></script>',
    );
    await expect.poll(() => storedToken(page, undefined, 'muenchen')).not.toBeNull();
    expect(handshakesOf('muenchen')).toBe(before + 1);
    await expect.poll(() => title(page).textContent()).toBe('Chat der Stadt München');
    expect(await accent(page)).toBe('#005a9f');
    expect(await page.locator('govbot-chat img.logo').getAttribute('src')).toBe(MUENCHEN.branding.logo);
    // Its token is the tenant's alone.
    expect(await storedToken(page)).toBeNull();
    expect(problems).toEqual([]);
  });

  it('keeps the tag’s own title and colour over the tenant’s', async () => {
    const { page, problems } = await openPage(
      '<govbot-chat data-tenant="muenchen" data-title="Bürgerservice-Chat" data-color="#7a1f5c"></govbot-chat>' +
        '<script src="/widget.js" defer></script>',
    );
    await expect.poll(() => storedToken(page, undefined, 'muenchen')).not.toBeNull();
    await expect.poll(() => page.locator('govbot-chat img.logo').count()).toBe(1);
    expect(await title(page).textContent()).toBe('Bürgerservice-Chat');
    expect(await accent(page)).toBe('#7a1f5c');
    expect(problems).toEqual([]);
  });

  it('keeps two municipalities’ conversations on one page apart, across a reload', async () => {
    const { page, problems } = await openPage(
      '<govbot-chat></govbot-chat><govbot-chat data-tenant="muenchen"></govbot-chat>' +
        '<script src="/widget.js" defer></script>',
    );
    await expect.poll(() => storedKeys(page, 'govbot.token')).toHaveLength(2);
    const tokens = { default: await storedToken(page), muenchen: await storedToken(page, undefined, 'muenchen') };
    expect(tokens.default).not.toBe(tokens.muenchen);
    // The default tenant's widget keeps the stylesheet's colours and its own title.
    expect(await title(page, 0).textContent()).toBe('GovBot – Ihr Service-Assistent');
    expect(await accent(page, 0)).toBe('');

    const from = server.handshakes.length;
    await page.reload();
    await expect.poll(() => server.handshakes.length).toBe(from + 2);
    const resumed = server.handshakes.slice(from).map(({ tenant, token }) => ({ tenant, token }));
    expect(resumed).toEqual(
      expect.arrayContaining([
        { tenant: undefined, token: tokens.default },
        { tenant: 'muenchen', token: tokens.muenchen },
      ]),
    );
    expect(problems).toEqual([]);
  });

  it('shows the launcher in the tenant’s branding from the second page view on, before connecting', async () => {
    const { page, problems } = await openPage('<script src="/widget.js" defer data-tenant="muenchen"></script>');
    const chat = page.locator('govbot-chat');
    const launcher = page.getByRole('button', { name: 'Chat öffnen' });
    await launcher.waitFor();
    // Not known before the first connection: the widget's defaults.
    expect(await chat.getAttribute('aria-label')).toBe('GovBot – Ihr Service-Assistent');
    await launcher.click();
    await expect.poll(() => chat.getAttribute('aria-label')).toBe('Chat der Stadt München');
    expect(await accent(page)).toBe('#005a9f');
    await page.keyboard.press('Escape');

    const from = server.handshakes.length;
    await page.reload();
    await launcher.waitFor();
    expect(await chat.getAttribute('aria-label')).toBe('Chat der Stadt München');
    expect(await accent(page)).toBe('#005a9f');
    // Closed chats do not connect: the branding came from the browser's storage.
    expect(server.handshakes.length).toBe(from);
    expect(problems).toEqual([]);
  });

  it('takes over the token an earlier widget kept for the default tenant, and only there', async () => {
    const { page, problems } = await openPage(
      '<govbot-chat data-tenant="muenchen"></govbot-chat><govbot-chat></govbot-chat>' +
        '<script src="/widget.js" defer></script>',
    );
    await expect.poll(() => storedKeys(page, 'govbot.token')).toHaveLength(2);
    const token = await storedToken(page);
    // As a widget from before tenants kept it: one key for everything.
    await page.evaluate((token) => {
      for (const key of Object.keys(localStorage)) localStorage.removeItem(key);
      if (token) localStorage.setItem('govbot.token', token);
    }, token);

    const from = server.handshakes.length;
    await page.reload();
    await expect.poll(() => server.handshakes.length).toBe(from + 2);
    const presented = server.handshakes.slice(from).map(({ tenant, token }) => ({ tenant, token }));
    expect(presented).toEqual(
      expect.arrayContaining([
        { tenant: undefined, token },
        { tenant: 'muenchen', token: undefined },
      ]),
    );
    expect(await storedToken(page)).toBe(token);
    expect(await page.evaluate(() => localStorage.getItem('govbot.token'))).toBeNull();
    expect(problems).toEqual([]);
  });

  it('ignores an invalid data-tenant with a warning', async () => {
    const from = server.handshakes.length;
    const { page, problems, warnings } = await openPage(
      '<govbot-chat data-tenant="Stadt München"></govbot-chat><script src="/widget.js" defer></script>',
    );
    await expect.poll(() => storedToken(page)).not.toBeNull();
    expect(warnings).toContain('GovBot: ignoring invalid data-tenant');
    expect(server.handshakes.slice(from).map((handshake) => handshake.tenant)).toEqual([undefined]);
    expect(problems).toEqual([]);
  });
});
