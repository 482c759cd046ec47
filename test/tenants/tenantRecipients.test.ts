import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationPayload } from '../../src/applications/outbox/ApplicationPayload.js';
import { DEFAULT_DIALOGS_DIR } from '../../src/dialogs/loadDialogsDir.js';
import { CitizenClient, visibleText } from '../support/citizenClient.js';
import { freshDataDir, startTestBot, type TestBot } from '../support/startTestBot.js';

/** The installation's recipients, and Musterdorf's own utility company in place of the Stadtwerke. */
const RECIPIENTS = `${readFileSync(join(DEFAULT_DIALOGS_DIR, 'recipients.yaml'), 'utf8')}
tenants:
  musterdorf:
    recipients:
      stadtwerke:
        name: { de: Gemeindewerke Musterdorf }
        delivery: { type: folder, path: gemeindewerke-musterdorf }
`;

/** The payloads delivered into an outbox folder so far, by file name. */
function delivered(outbox: string, folder: string): ApplicationPayload[] {
  const dir = join(outbox, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ApplicationPayload.parse(JSON.parse(readFileSync(join(dir, file), 'utf8'))));
}

async function waitFor<T>(read: () => T[], count: number): Promise<T[]> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const found = read();
    if (found.length >= count) return found;
    await sleep(50);
  }
  throw new Error(`expected ${count} deliveries within 10 s`);
}

/** Applications per tenant (docs/tenants.md): a municipality's citizens' applications reach its own departments. */
describe("a tenant's applications", () => {
  const dataDir = freshDataDir();
  const recipientsFile = join(dataDir, 'recipients.yaml');
  let bot: TestBot;
  const clients: CitizenClient[] = [];

  beforeAll(async () => {
    writeFileSync(recipientsFile, RECIPIENTS);
    bot = await startTestBot({ dataDir, env: { GOVBOT_RECIPIENTS_FILE: recipientsFile } });
    await bot.storage.tenants.saveTenant('musterdorf', { name: 'Musterdorf' });
    await bot.tenants.refresh();
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await bot?.dispose();
  });

  /** Reports a water meter reading in the chat of the tenant; the bot's last answer (the confirmation). */
  async function reportMeter(tenant: string): Promise<{ summary: string; confirmation: string }> {
    const citizen = await CitizenClient.connect(bot.url, { tenant });
    clients.push(citizen);
    await citizen.nextMessage();
    for (const text of [
      'Ich möchte meinen Wasserzähler melden, Zählernummer 12345678',
      'Meine Kundennummer lautet 4001234567',
      '873',
      'gestern',
      'die Jahresablesung',
      'überspringen',
    ]) {
      await citizen.ask(text);
    }
    const summary = visibleText(await citizen.ask('überspringen'));
    const confirmation = visibleText(await citizen.ask('Ja, abschicken'));
    return { summary, confirmation };
  }

  it("delivers to the tenant's own recipient, named so in the summary, and others' to the installation's", async () => {
    const outbox = join(dataDir, 'outbox');
    const own = await reportMeter('musterdorf');
    expect(own.summary).toContain('Ihr Antrag geht an: Gemeindewerke Musterdorf.');
    expect(own.confirmation).toContain('ZS-');
    const [payload] = await waitFor(() => delivered(outbox, 'gemeindewerke-musterdorf'), 1);
    expect(payload).toMatchObject({
      tenant: 'musterdorf',
      recipient: { id: 'musterdorf/stadtwerke', name: 'Gemeindewerke Musterdorf', copy: false },
      values: { meterType: 'water', meterNumber: '12345678' },
    });
    expect(delivered(outbox, 'stadtwerke')).toEqual([]);
    const stored = await bot.storage.applications.findApplication(payload?.reference ?? '');
    expect(stored?.tenantId).toBe('musterdorf');

    const shared = await reportMeter('default');
    expect(shared.summary).toContain('Ihr Antrag geht an: Stadtwerke Musterstadt.');
    const [other] = await waitFor(() => delivered(outbox, 'stadtwerke'), 1);
    expect(other).toMatchObject({ tenant: 'default', recipient: { id: 'stadtwerke' } });
    // Musterdorf's folder still holds its one application.
    expect(delivered(outbox, 'gemeindewerke-musterdorf')).toHaveLength(1);
  });
});
