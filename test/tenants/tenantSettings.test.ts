import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ServerActivity } from '../../src/channels/socketio/protocol.js';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';
import { CitizenClient, visibleText } from '../support/citizenClient.js';
import { freshDataDir, startTestBot, type TestBot } from '../support/startTestBot.js';

const WEEKDAYS = ['su', 'mo', 'tu', 'we', 'th', 'fr', 'sa'] as const;

/** Hours on tomorrow's weekday only (in Berlin): the service centre is closed today, whenever the test runs. */
function tomorrowOnly(): string {
  const today = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: 'Europe/Berlin' }).format(new Date());
  const index = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(today);
  return `${WEEKDAYS[(index + 1) % 7]} 08:00-09:00`;
}

const buttons = (activity: ServerActivity) => activity.suggestedActions?.actions.map((action) => action.title) ?? [];

/**
 * Settings of a tenant's own (docs/tenants.md) end to end over the widget: Grafing's service centre keeps its own
 * hours, Grafing offers only some of the installation's form dialogs, and it does not offer a shared service at all;
 * the default tenant, asked the same, is untouched by any of it.
 */
describe('settings per tenant', () => {
  const dataDir = freshDataDir();
  let bot: TestBot | undefined;
  const clients: CitizenClient[] = [];
  const hours = tomorrowOnly();

  const running = (): TestBot => {
    if (!bot) throw new Error('no bot running');
    return bot;
  };
  async function citizen(tenant: string): Promise<CitizenClient> {
    const client = await CitizenClient.connect(running().url, { tenant });
    clients.push(client);
    await client.nextMessage();
    return client;
  }

  beforeAll(async () => {
    const storage = openSqliteStorage(join(dataDir, 'govbot.sqlite'));
    try {
      await storage.tenants.saveTenant('grafing', {
        name: 'Grafing',
        serviceHours: hours,
        dialogs: ['hund-anmelden'],
        hiddenServices: ['bewohnerparkausweis'],
      });
    } finally {
      await storage.close();
    }
    bot = await startTestBot({ dataDir });
  }, 120_000);
  afterAll(async () => {
    for (const client of clients) client.close();
    await bot?.dispose();
  });

  it("tells a citizen the tenant's own hours when its service centre is closed", async () => {
    const grafing = await citizen('grafing');
    const closed = visibleText(await grafing.ask('Ich möchte mit einem Menschen sprechen'));
    const [day] = hours.split(' ');
    const german = { mo: 'Mo', tu: 'Di', we: 'Mi', th: 'Do', fr: 'Fr', sa: 'Sa', su: 'So' }[day as 'mo'];
    expect(closed).toContain(`${german} 08:00–09:00`);
    // The installation's centre (GOVBOT_SERVICE_HOURS=always in tests) is open; nobody is online there.
    const other = visibleText(await (await citizen('default')).ask('Ich möchte mit einem Menschen sprechen'));
    expect(other).not.toContain('08:00–09:00');
  });

  it('offers in the chat only the form dialogs the tenant offers', async () => {
    const grafing = await citizen('grafing');
    const elsewhere = await citizen('default');
    const trade = 'Gewerbeanmeldung';
    expect(buttons(await elsewhere.ask(trade))).toContain('Jetzt im Chat beantragen');
    const answer = await grafing.ask(trade);
    expect(visibleText(answer)).toContain('Gewerbe');
    expect(buttons(answer)).not.toContain('Jetzt im Chat beantragen');
    // Asked to apply, it answers from the catalogue rather than starting the form, as it does elsewhere.
    const apply = 'Ich möchte ein Gewerbe anmelden';
    expect(visibleText(await (await citizen('default')).ask(apply))).toContain(
      'Gern melde ich Ihr Gewerbe hier im Chat',
    );
    const answered = visibleText(await grafing.ask(apply));
    expect(answered).toContain('Gewerbe');
    expect(answered).not.toContain('hier im Chat');
    // The dialog it offers starts.
    expect(visibleText(await grafing.ask('Hund anmelden'))).toContain('melde ich Ihren Hund hier im Chat');
  });

  it('drops a draft of a dialog the tenant stopped offering at the citizen’s next message', async () => {
    const grafing = await citizen('grafing');
    expect(visibleText(await grafing.ask('Hund anmelden'))).toContain('melde ich Ihren Hund hier im Chat');
    // While it is offered, the name is the form's answer and the breed comes next.
    const other = await citizen('grafing');
    await other.ask('Hund anmelden');
    expect(visibleText(await other.ask('Bello'))).toContain('Rasse');
    const { storage, tenants } = running();
    const settings = (await storage.tenants.findTenant('grafing'))?.settings ?? {};
    await storage.tenants.saveTenant('grafing', { ...settings, dialogs: [] });
    await tenants.refresh();
    try {
      // The dog's name is no longer an answer to the form (which would ask for the breed next): there is no form.
      expect(visibleText(await grafing.ask('Bello'))).not.toContain('Rasse');
    } finally {
      await storage.tenants.saveTenant('grafing', settings);
      await tenants.refresh();
    }
  });

  it("says a hidden shared service is another authority's, names 115, and leaves it out of the tenant's list", async () => {
    const grafing = await citizen('grafing');
    const question = 'Was kostet ein Bewohnerparkausweis?';
    const told = visibleText(await grafing.ask(question));
    expect(told).toContain('„Bewohnerparkausweis beantragen“ bietet die Stadt Grafing nicht an');
    expect(told).toContain('115');
    expect(visibleText(await (await citizen('default')).ask(question))).not.toContain('nicht an');
    const page = async (path: string) => (await fetch(`${running().url}${path}`)).text();
    expect(await page('/leistungen?tenant=grafing&q=parkausweis')).not.toContain('Bewohnerparkausweis');
    expect(await page('/leistungen?q=parkausweis')).toContain('Bewohnerparkausweis');
  });

  it("files a question the bot could not answer, and the turn's figures, under the citizen's tenant", async () => {
    const grafing = await citizen('grafing');
    await grafing.ask('Wie hoch ist der Grafinger Maibaum?');
    const { storage } = running();
    await vi.waitFor(async () =>
      expect((await storage.inbox.listInbox({ tenants: ['grafing'] })).map((entry) => entry.text)).toContain(
        'Wie hoch ist der Grafinger Maibaum?',
      ),
    );
    const today = new Date(new Date().toISOString().slice(0, 10));
    const tomorrow = new Date(today.getTime() + 86_400_000);
    const [day] = await storage.analytics.dailyCounts(today, tomorrow, ['grafing']);
    expect(day?.outOfScope).toBeGreaterThanOrEqual(1);
    expect((await storage.inbox.listInbox({ tenants: ['default'] })).map((entry) => entry.text)).not.toContain(
      'Wie hoch ist der Grafinger Maibaum?',
    );
  });
});
