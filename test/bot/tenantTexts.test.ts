import { ConversationState, MemoryStorage, TestAdapter } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecipientDirectory } from '../../src/applications/recipients.js';
import { GovBot } from '../../src/bot/GovBot.js';
import { Service } from '../../src/catalogue/schema.js';
import { FormDialogs } from '../../src/dialogs/FormDialogs.js';
import { createLogger } from '../../src/logger.js';
import { trainModel } from '../../src/nlu/trainModel.js';
import { Understanding } from '../../src/nlu/Understanding.js';
import type { Storage } from '../../src/storage/repositories.js';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';
import { TenantDirectory } from '../../src/tenants/TenantDirectory.js';
import { TenantMiddleware } from '../../src/tenants/TenantMiddleware.js';

const services = [
  Service.parse({
    id: 'reisepass',
    title: { de: 'Reisepass beantragen', en: 'Apply for a passport' },
    summary: { de: 'Den Reisepass beantragen Sie im Bürgerbüro.' },
  }),
];
const model = trainModel(
  [
    {
      version: 1,
      name: 'test',
      locale: 'de',
      data: [{ intent: 'greeting', utterances: ['Hallo', 'Guten Tag'], answers: ['Guten Tag!'] }],
    },
  ],
  services,
);

let storage: Storage;
let tenants: TenantDirectory;

beforeAll(async () => {
  storage = openSqliteStorage(':memory:');
  await storage.tenants.saveTenant('ebersberg', {
    name: 'Ebersberg',
    privacyUrl: '/ebersberg/datenschutz',
    searchUrl: 'https://www.ebersberg.example/buergerservice',
    botIds: ['bot-ebersberg'],
  });
  tenants = new TenantDirectory({
    tenants: storage.tenants,
    defaults: {
      city: 'Musterstadt',
      privacyUrl: '/datenschutz',
      searchUrl: 'https://www.musterstadt.example/leistungen',
      allowedOrigins: [],
    },
    logger: createLogger('silent'),
  });
  await tenants.refresh();
});
afterAll(() => storage.close());

/** GovBot behind the tenant middleware, on a Bot Framework channel, its conversation addressed to `botId`. */
function chatWith(botId: string, conversationId: string) {
  const bot = new GovBot({
    knowledge: () => ({ understanding: new Understanding(model, services), offices: new Map() }),
    conversationState: new ConversationState(new MemoryStorage()),
    tenants,
    publicUrl: () => 'https://bot.example',
    popularServices: ['reisepass'],
    forms: new FormDialogs({
      dialogs: [],
      recipients: new RecipientDirectory({ recipients: {}, tenants: {} }),
      chatTrustLevel: 'low',
      leikaOf: () => [],
      submit: () => Promise.reject(new Error('no forms in this test')),
    }),
    tickets: storage.tickets,
  });
  const adapter = new TestAdapter(async (context) => bot.run(context), {
    channelId: 'msteams',
    locale: 'de-DE',
    recipient: { id: botId, name: 'GovBot' },
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
  });
  adapter.use(
    new TenantMiddleware({ directory: tenants, conversations: storage.conversations, logger: createLogger('silent') }),
  );
  return adapter;
}

const joined = { type: 'conversationUpdate', membersAdded: [{ id: 'citizen', name: '' }] };

describe('GovBot names the tenant of the conversation', () => {
  it("welcomes with the tenant's name and privacy notice (relative to the bot's address), and links its search", async () => {
    await chatWith('bot-ebersberg', 'eb-1')
      .send(joined)
      .assertReply((reply) => {
        expect(reply.text).toContain('digitale Assistent der Stadt Ebersberg');
        expect(reply.text).toContain('[Datenschutzhinweise](https://bot.example/ebersberg/datenschutz)');
        expect(reply.text).not.toContain('Musterstadt');
      })
      .send({ type: 'message', text: 'Nichts davon', value: { action: 'none' } })
      .assertReply((reply) => {
        expect(reply.text).toContain('Leistungen der Stadt Ebersberg');
        expect(reply.text).toContain('(https://www.ebersberg.example/buergerservice)');
      })
      .startTest();
  });

  it("links the tenant's privacy notice when a contact request asks for consent", async () => {
    await chatWith('bot-ebersberg', 'eb-2')
      .send({ type: 'message', text: 'Kontakt', value: { action: 'handover', op: 'contact' } })
      .assertReply(() => undefined)
      .send('Max Mustermann')
      .assertReply(() => undefined)
      .send('max@example.org')
      .assertReply(() => undefined)
      .send('Wann hat das Bürgerbüro geöffnet?')
      .assertReply((reply) => expect(reply.text).toContain('(https://bot.example/ebersberg/datenschutz)'))
      .startTest();
  });

  it('speaks for the installation (the default tenant) to a bot id no tenant claims, as before tenants', async () => {
    await chatWith('govbot', 'default-1')
      .send(joined)
      .assertReply((reply) => {
        expect(reply.text).toContain('digitale Assistent der Stadt Musterstadt');
        expect(reply.text).toContain('[Datenschutzhinweise](https://bot.example/datenschutz)');
      })
      .send({ type: 'message', text: 'Nichts davon', value: { action: 'none' } })
      .assertReply((reply) => expect(reply.text).toContain('(https://www.musterstadt.example/leistungen)'))
      .startTest();
  });
});
