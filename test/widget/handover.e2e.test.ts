import { rm } from 'node:fs/promises';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient } from '../support/agentClient.js';
import { launchChromium } from '../support/browser.js';
import { CitizenClient } from '../support/citizenClient.js';
import { startTestBot, type TestBot } from '../support/startTestBot.js';
import {
  AXE_SCRIPT,
  axeViolations,
  buildWidget,
  input,
  messages,
  openPortal,
  statusLine,
  talkButton,
  typingLine,
  WAITING,
} from './widgetPage.js';

const browser = await launchChromium();
let distDir = '';
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  distDir = await buildWidget();
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  if (distDir) await rm(distDir, { recursive: true, force: true });
});

/** The real GovBot with a service centre that is always open: first nobody online, then Anna. */
describe.skipIf(!browser)('handover in the widget (GovBot and an agent over /agent)', () => {
  let bot: TestBot;
  const clients: { close(): void }[] = [];

  beforeAll(async () => {
    bot = await startTestBot({ env: { GOVBOT_SERVICE_HOURS: 'always' } });
    await AgentClient.createUser(bot.storage, 'Anna');
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await bot?.dispose();
  });

  it('says that nobody is available and offers a contact request', async () => {
    if (!browser) return;
    const { page, problems } = await openPortal(browser, bot.url, { bypassCSP: true, widgetDir: distDir, contexts });
    await messages(page, 'bot').first().waitFor();
    await talkButton(page).click();
    await messages(page, 'user').getByText('Mit einem Menschen sprechen').waitFor();
    const suggestions = page.getByRole('group', { name: 'Antwortvorschläge' });
    const leaveContact = suggestions.getByRole('button', { name: 'Kontaktanfrage hinterlassen' });
    await leaveContact.waitFor();
    expect(await messages(page, 'bot').last().textContent()).toContain('115');
    expect(await statusLine(page).textContent()).toBe('');
    expect(await talkButton(page).isVisible()).toBe(true);
    await page.addScriptTag({ path: AXE_SCRIPT });
    expect(await axeViolations(page)).toEqual([]);

    const answers = await messages(page, 'bot').count();
    await leaveContact.click();
    await messages(page, 'bot').nth(answers).getByText('Wie ist Ihr Name?', { exact: false }).waitFor();
    expect(problems).toEqual([]);
  });

  it('waits in the queue, moves up, talks with Anna both ways, keeps it after a reload, and is handed back', async () => {
    if (!browser) return;
    const anna = await AgentClient.login(bot.url, 'Anna');
    clients.push(anna);
    await anna.overview((overview) => overview.me.status === 'online');
    // Someone else is waiting already, so the widget's citizen starts at place 2.
    const other = await CitizenClient.connect(bot.url);
    clients.push(other);
    await other.nextMessage();
    expect((await other.ask('Ich möchte mit einem Menschen sprechen')).channelData?.govbot?.handover?.state).toBe(
      'queued',
    );

    const { page, problems } = await openPortal(browser, bot.url, {
      reducedMotion: 'reduce',
      widgetDir: distDir,
      contexts,
    });
    await messages(page, 'bot').first().waitFor();
    await talkButton(page).click();
    await statusLine(page)
      .getByText(new RegExp(`^${WAITING} – Position 2, etwa \\d+ Minuten?$`))
      .waitFor();
    await talkButton(page).waitFor({ state: 'hidden' });
    expect(await page.getByRole('button', { name: 'Warten abbrechen' }).count()).toBe(1);

    // The other citizen stops waiting: the place changes by an event, without a message.
    const botMessages = await messages(page, 'bot').count();
    await other.send({ text: 'Warten abbrechen', value: { action: 'handover', op: 'cancel' } });
    await statusLine(page)
      .getByText(new RegExp(`^${WAITING} – Position 1, `))
      .waitFor();
    expect(await messages(page, 'bot').count()).toBe(botMessages);

    const { queue } = await anna.overview(
      (overview) =>
        overview.queue.length === 1 && overview.queue[0]?.handover.conversationId !== other.session.conversationId,
    );
    const handoverId = queue[0]?.handover.id ?? '';
    expect(await anna.request('accept', { handoverId })).toMatchObject({ ok: true });
    await statusLine(page).getByText('Verbunden mit Anna (Service-Center)').waitFor();
    expect(await page.getByRole('button', { name: 'Warten abbrechen' }).count()).toBe(0);

    expect(await anna.request('typing', { handoverId })).toMatchObject({ ok: true });
    await typingLine(page).getByText('Anna schreibt …').waitFor();
    const greeting = 'Guten Tag, hier ist Anna. Wie kann ich helfen?';
    expect(await anna.request('message', { handoverId, text: greeting })).toMatchObject({ ok: true });
    const fromAnna = messages(page, 'agent').first();
    await fromAnna.getByText(greeting).waitFor();
    expect(await fromAnna.locator('.msg-author').textContent()).toBe('Anna · Service-Center');

    // The citizen's typing reaches Anna's console, and so does the message.
    await input(page).pressSequentially('Es geht um die Hundesteuer');
    await anna.waitFor('typing', (event) => event.handoverId === handoverId);
    await input(page).press('Enter');
    await anna.waitFor('activity', (event) => event.activity.text === 'Es geht um die Hundesteuer');

    await page.reload();
    await messages(page, 'agent').first().waitFor();
    await statusLine(page).getByText('Verbunden mit Anna (Service-Center)').waitFor();
    expect(await messages(page, 'agent').count()).toBe(1);
    expect(await talkButton(page).isVisible()).toBe(false);

    expect(await anna.request('end', { handoverId, outcome: 'resolved' })).toMatchObject({ ok: true });
    await messages(page, 'bot')
      .getByText('Das Gespräch mit dem Service-Center ist beendet.', { exact: false })
      .waitFor();
    expect(await statusLine(page).textContent()).toBe('');
    await talkButton(page).waitFor();
    expect(problems).toEqual([]);
  });
});
