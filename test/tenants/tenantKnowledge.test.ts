import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Service } from '../../src/catalogue/schema.js';
import { trainCommand } from '../../src/cli/commands/trainCommand.js';
import type { Storage } from '../../src/storage/repositories.js';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';
import { CitizenClient, visibleText } from '../support/citizenClient.js';
import { freshDataDir, startTestBot, type TestBot } from '../support/startTestBot.js';

function service(id: string, title: string, summary: string, costs?: string): Service {
  return {
    id,
    leika: [],
    title: { de: title },
    summary: { de: summary },
    ...(costs !== undefined && { costs: { de: costs } }),
    legalBasis: [],
    officeIds: [],
    forms: [],
    links: [],
    synonyms: { de: [], en: [] },
  };
}

/** Musterdorf's own service: no other municipality offers it. */
const HUEHNER = service(
  'huehnerhaltung-musterdorf',
  'Hühnerhaltung anzeigen',
  'Wer in Musterdorf Hühner hält, zeigt das der Gemeinde an.',
  'Die Anzeige ist in Musterdorf gebührenfrei.',
);

/** Musterdorf's version of a shared service, with its own fee. */
const HUND_MUSTERDORF = service(
  'hund-anmelden',
  'Hund anmelden',
  'Hunde werden in Musterdorf bei der Gemeindekasse angemeldet.',
  'Die Hundesteuer in Musterdorf beträgt 48 Euro im Jahr.',
);

const OWN_CORPUS = {
  version: 1 as const,
  name: 'Musterdorf',
  locale: 'de' as const,
  data: [
    {
      intent: `service.${HUEHNER.id}`,
      utterances: [
        'Ich möchte Hühner im Garten halten',
        'Muss ich meine Hühner anmelden?',
        'Hühnerhaltung anzeigen',
        'Hühnerstall anmelden',
        'Ich will Legehennen halten',
      ],
      answers: [],
    },
    // A shared intent refined locally: Musterdorf answers it its own way.
    { intent: 'thanks', utterances: ['Vergelts Gott'], answers: ['Gern geschehen – Ihre Gemeinde Musterdorf.'] },
  ],
};

/** Runs a `govbot` command's handler, returning what it printed. */
async function printed(command: () => Promise<void>): Promise<string> {
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await command();
    return write.mock.calls.map(([chunk]) => String(chunk)).join('');
  } finally {
    write.mockRestore();
  }
}

async function withStorage(dataDir: string, work: (storage: Storage) => Promise<void>): Promise<void> {
  const storage = openSqliteStorage(join(dataDir, 'govbot.sqlite'));
  try {
    await work(storage);
  } finally {
    await storage.close();
  }
}

/**
 * Knowledge per tenant (docs/tenants.md): Musterdorf has a service and answers of its own on top of the shared
 * knowledge, Beispielstadt has none; what one tenant has never reaches another, and a central refresh of the shared
 * content reaches both without touching Musterdorf's own.
 */
describe('knowledge per tenant', () => {
  const dataDir = freshDataDir();
  let bot: TestBot | undefined;
  const clients: CitizenClient[] = [];

  const running = (): TestBot => {
    if (!bot) throw new Error('no bot running');
    return bot;
  };
  /** A citizen of the tenant asks; the bot's visible answer. */
  async function ask(tenant: string, text: string): Promise<string> {
    const citizen = await CitizenClient.connect(running().url, { tenant });
    clients.push(citizen);
    await citizen.nextMessage();
    return visibleText(await citizen.ask(text));
  }

  beforeAll(async () => {
    await withStorage(dataDir, async (storage) => {
      await storage.tenants.saveTenant('musterdorf', { name: 'Musterdorf' });
      await storage.tenants.saveTenant('beispielstadt', { name: 'Beispielstadt' });
      const own = storage.knowledgeOf('musterdorf');
      await own.catalogue.saveCatalogue({ services: [HUEHNER, HUND_MUSTERDORF], offices: [] }, { replace: true });
      await own.intents.saveCorpusFiles([{ path: 'de/musterdorf.json', corpus: OWN_CORPUS }]);
    });
    const out = await printed(() => trainCommand({ dataDir, tenant: 'musterdorf' }));
    expect(out).toMatch(
      /^musterdorf: trained \w+ on \d+ services \(2 services, 1 corpora of its own\) in [\d.]+ s; published as version 1$/m,
    );
    bot = await startTestBot({ dataDir });
  }, 120_000);
  afterAll(async () => {
    for (const client of clients) client.close();
    await bot?.dispose();
  });

  it("answers a tenant's own service for that tenant only", async () => {
    expect(await ask('musterdorf', 'Muss ich meine Hühner im Garten anmelden?')).toContain('Hühnerhaltung anzeigen');
    for (const other of ['beispielstadt', 'default']) {
      expect(await ask(other, 'Muss ich meine Hühner im Garten anmelden?')).not.toContain('Hühnerhaltung');
      expect(running().knowledge(other).understanding.findService(HUEHNER.id)).toBeUndefined();
    }
  });

  it("answers a shared service with the tenant's own entry where it has one", async () => {
    expect(await ask('musterdorf', 'Was kostet es, einen Hund anzumelden?')).toContain('48 Euro');
    expect(await ask('beispielstadt', 'Was kostet es, einen Hund anzumelden?')).not.toContain('48 Euro');
  });

  it("answers a shared intent with the tenant's own answer, trained on its own utterances too", async () => {
    expect(await ask('musterdorf', 'Vergelts Gott')).toContain('Ihre Gemeinde Musterdorf');
    expect(await ask('beispielstadt', 'Danke schön')).not.toContain('Musterdorf');
  });

  it('lets tenants without content of their own share the default tenant’s knowledge, model and all', () => {
    const { knowledge } = running();
    expect(knowledge('beispielstadt')).toBe(knowledge('default'));
    expect(knowledge('musterdorf').understanding.model).not.toBe(knowledge('default').understanding.model);
  });

  it("lists a tenant's own catalogue on /leistungen?tenant=, and names it on /datenschutz?tenant=", async () => {
    const page = async (path: string) => (await fetch(`${running().url}${path}`)).text();
    expect(await page('/leistungen?tenant=musterdorf')).toContain('Hühnerhaltung anzeigen');
    expect(await page('/leistungen')).not.toContain('Hühnerhaltung anzeigen');
    expect(await page('/leistungen?tenant=beispielstadt')).not.toContain('Hühnerhaltung anzeigen');
    expect(await page('/datenschutz?tenant=musterdorf')).toContain('Der Chat-Assistent der Stadt Musterdorf');
    expect(await page('/datenschutz?tenant=nirgendwo')).toContain(`der Stadt ${running().tenants.fallback.name}`);
    // The bot links its tenant's pages.
    const citizen = await CitizenClient.connect(running().url, { tenant: 'musterdorf' });
    clients.push(citizen);
    expect(visibleText(await citizen.nextMessage())).toContain('/datenschutz?tenant=musterdorf');
  });

  it('refuses to publish for a tenant that has nothing of its own, or that does not exist', async () => {
    await expect(printed(() => trainCommand({ dataDir, tenant: 'beispielstadt' }))).rejects.toThrow(
      /beispielstadt has no content of its own/,
    );
    await expect(printed(() => trainCommand({ dataDir, tenant: 'nirgendwo' }))).rejects.toThrow(/no tenant nirgendwo/);
  });

  it("brings a central refresh to every tenant, keeping each tenant's own content", async () => {
    // The data centre imports a new shared service and trains every tenant (`govbot import` and
    // `govbot train --all-tenants`), while the bot runs.
    const streuobst = service('streuobstwiese-pachten', 'Streuobstwiese pachten', 'Gemeindeeigene Obstwiesen pachten.');
    await running().storage.catalogue.saveCatalogue({ services: [streuobst], offices: [] }, { replace: false });
    const out = await printed(() => trainCommand({ dataDir, allTenants: true }));
    expect(out).toMatch(/^default: trained .*; published as version 2$/m);
    expect(out).toMatch(
      /^musterdorf: trained .*\(2 services, 1 corpora of its own\) in [\d.]+ s; published as version 2$/m,
    );
    // Beispielstadt has no version of its own to bring up to date: it answers with the shared one.
    expect(out).not.toMatch(/^beispielstadt/m);

    // Again: nothing changed, nothing is published.
    const again = await printed(() => trainCommand({ dataDir, allTenants: true }));
    expect(again).toMatch(/^musterdorf: version 2 has this content already; nothing published$/m);

    await running().close();
    bot = await startTestBot({ dataDir });
    const { knowledge } = running();
    for (const tenant of ['default', 'beispielstadt', 'musterdorf']) {
      expect(knowledge(tenant).understanding.findService(streuobst.id)?.title.de).toBe('Streuobstwiese pachten');
    }
    expect(knowledge('musterdorf').understanding.findService(HUEHNER.id)).toBeDefined();
    expect(knowledge('musterdorf').understanding.findService('hund-anmelden')?.costs?.de).toContain('48 Euro');
    expect(knowledge('beispielstadt').understanding.findService(HUEHNER.id)).toBeUndefined();
    expect(await ask('musterdorf', 'Ich möchte eine Streuobstwiese pachten')).toContain('Streuobstwiese pachten');
  }, 120_000);
});
