import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startTestBot, type TestBot } from '../support/startTestBot.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const screenshots = path.join(root, 'test-results/e2e');
const browser = await launchChromium();

/** The real GovBot (built widget, Socket.IO, NLU, SQLite) in a real Chromium: what a citizen on the portal sees. */
describe.skipIf(!browser)('GovBot end to end in Chromium', () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot();
    await mkdir(screenshots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.dispose();
  });

  it('answers a question typed into the widget with the catalogue card, and keeps it after a reload', async () => {
    if (!browser) return;
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(bot.url);
    const botMessages = page.locator('[data-testid="govbot-message"][data-role="bot"]');
    await expect.poll(() => botMessages.count()).toBeGreaterThan(0);
    await expect.poll(() => botMessages.first().textContent()).toMatch(/automatisiert/i);

    const input = page.getByRole('textbox', { name: 'Ihre Nachricht' });
    await input.fill('Wie beantrage ich einen Bewohnerparkausweis?');
    await input.press('Enter');
    await expect.poll(() => botMessages.count()).toBe(2);
    const answer = await botMessages.nth(1).textContent();
    expect(answer).toContain('Bewohnerparkausweis');
    expect(answer).toMatch(/Kosten/);
    expect(answer).toMatch(/Zuständige Stelle/);
    const online = page.getByRole('link', { name: /Online beantragen/ });
    expect(await online.getAttribute('href')).toMatch(/^https:\/\//);
    await page.screenshot({ path: path.join(screenshots, 'answer-phone.png') });

    await page.reload();
    await expect.poll(() => botMessages.count()).toBe(2);
    expect(await page.locator('[data-testid="govbot-message"][data-role="user"]').textContent()).toContain(
      'Wie beantrage ich einen Bewohnerparkausweis?',
    );
    expect(errors).toEqual([]);
    await context.close();
  });
});
