import { type Activity, type ConversationReference, TestAdapter, TurnContext } from 'botbuilder';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyedQueue } from '../../src/bot/KeyedQueue.js';
import { createBotFrameworkChannel } from '../../src/channels/botframework/createBotFrameworkChannel.js';
import { cloudProactive } from '../../src/channels/ChannelRelay.js';
import { createLogger } from '../../src/logger.js';
import type { NewConversation, Storage } from '../../src/storage/repositories.js';
import { openSqliteStorage } from '../../src/storage/sqlite/openSqliteStorage.js';
import { type EffectiveTenant, TenantDirectory } from '../../src/tenants/TenantDirectory.js';
import { TenantMiddleware, type TenantMiddlewareOptions, tenantOf } from '../../src/tenants/TenantMiddleware.js';

const DEFAULTS = {
  city: 'Musterstadt',
  privacyUrl: '/datenschutz',
  searchUrl: 'https://www.musterstadt.example/leistungen',
  allowedOrigins: [],
};

let storage: Storage;
let directory: TenantDirectory;
const logger = createLogger('silent');

beforeEach(async () => {
  storage = openSqliteStorage(':memory:');
  await storage.tenants.saveTenant('ebersberg', { name: 'Ebersberg', botIds: ['bot-ebersberg'] });
  await storage.tenants.saveTenant('grafing', { name: 'Grafing', botIds: ['bot-grafing', 'bot-grafing-2'] });
  directory = new TenantDirectory({ tenants: storage.tenants, defaults: DEFAULTS, logger });
  await directory.refresh();
});
afterEach(async () => {
  await storage.close();
});

function middleware(options: Partial<TenantMiddlewareOptions> = {}) {
  return new TenantMiddleware({ directory, conversations: storage.conversations, logger, ...options });
}

/** An activity of a Bot Framework channel (Teams, Web Chat, the Emulator) addressed to `botId`. */
function botFramework(conversationId: string, botId: string | undefined): Partial<Activity> {
  return {
    type: 'message',
    channelId: 'msteams',
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: 'citizen', name: 'Citizen' },
    recipient: botId === undefined ? undefined : { id: botId, name: 'GovBot' },
    locale: 'de-DE',
    text: 'Hallo',
  };
}

function widget(conversationId: string): Partial<Activity> {
  return {
    type: 'message',
    channelId: 'govbot-web',
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: 'citizen', name: 'Citizen' },
    recipient: { id: 'govbot', name: 'GovBot' },
    text: 'Hallo',
  };
}

/** The storage's conversations with the middleware's two queries counted (not the storage's own inner calls). */
function spiedConversations() {
  const find = vi.fn((id: string) => storage.conversations.findConversation(id));
  const ensure = vi.fn((conversation: NewConversation) => storage.conversations.ensureConversation(conversation));
  return { conversations: { findConversation: find, ensureConversation: ensure }, find, ensure };
}

/** Runs one turn through the middleware and returns the tenant the bot would see. */
async function turn(tenants: TenantMiddleware, activity: Partial<Activity>): Promise<EffectiveTenant> {
  const context = new TurnContext(new TestAdapter(), activity);
  let seen: EffectiveTenant | undefined;
  await tenants.onTurn(context, async () => {
    seen = tenantOf(context, directory);
  });
  if (!seen) throw new Error('the middleware did not call next');
  return seen;
}

describe('TenantMiddleware', () => {
  it('creates a Bot Framework conversation with the tenant of the bot it is addressed to', async () => {
    const tenant = await turn(middleware(), botFramework('teams-1', 'bot-grafing-2'));
    expect(tenant).toMatchObject({ id: 'grafing', name: 'Grafing' });
    expect(await storage.conversations.findConversation('teams-1')).toMatchObject({
      tenantId: 'grafing',
      channel: 'msteams',
    });
  });

  it('keeps a conversation with its tenant when a later activity names another bot', async () => {
    await turn(middleware(), botFramework('teams-2', 'bot-ebersberg'));
    // A fresh middleware (another instance, or a restart): only the stored conversation says which tenant.
    expect((await turn(middleware(), botFramework('teams-2', 'bot-grafing'))).id).toBe('ebersberg');
    expect((await storage.conversations.findConversation('teams-2'))?.tenantId).toBe('ebersberg');
  });

  it('gives a bot id that no tenant claims, or none, the default tenant', async () => {
    expect(await turn(middleware(), botFramework('teams-3', 'some-other-bot'))).toMatchObject({
      id: 'default',
      name: 'Musterstadt',
    });
    expect((await turn(middleware(), botFramework('teams-4', undefined))).id).toBe('default');
    expect((await storage.conversations.findConversation('teams-4'))?.tenantId).toBe('default');
  });

  it("reads a widget conversation's tenant from storage, whatever the activity's recipient", async () => {
    await storage.conversations.createConversation({
      id: 'web-1',
      channel: 'govbot-web',
      locale: 'de',
      tenantId: 'ebersberg',
    });
    expect((await turn(middleware(), { ...widget('web-1'), recipient: { id: 'bot-grafing', name: '' } })).id).toBe(
      'ebersberg',
    );
    // A widget conversation the channel did not create (gone) is not created here.
    expect((await turn(middleware(), widget('web-gone'))).id).toBe('default');
    expect(await storage.conversations.findConversation('web-gone')).toBeUndefined();
  });

  it('asks storage once per conversation: later turns are answered from memory', async () => {
    await storage.conversations.createConversation({
      id: 'web-2',
      channel: 'govbot-web',
      locale: 'de',
      tenantId: 'grafing',
    });
    const { conversations, find, ensure } = spiedConversations();
    const tenants = middleware({ conversations });
    for (let i = 0; i < 3; i++) {
      expect((await turn(tenants, widget('web-2'))).id).toBe('grafing');
      expect((await turn(tenants, botFramework('teams-5', 'bot-ebersberg'))).id).toBe('ebersberg');
    }
    expect(find).toHaveBeenCalledTimes(1);
    expect(ensure).toHaveBeenCalledTimes(1);
  });

  it('keeps a bounded number of conversations, and forgets one unused for long', async () => {
    let now = 1_000_000;
    const { conversations, ensure } = spiedConversations();
    const tenants = middleware({ conversations, cacheSize: 2, maxIdleMs: 1000, now: () => now });
    await turn(tenants, botFramework('a', 'bot-ebersberg'));
    await turn(tenants, botFramework('b', 'bot-ebersberg'));
    await turn(tenants, botFramework('a', 'bot-ebersberg'));
    await turn(tenants, botFramework('c', 'bot-ebersberg'));
    expect(ensure).toHaveBeenCalledTimes(3);
    // `b` was the least recently used of three: dropped. `a` is still known.
    await turn(tenants, botFramework('a', 'bot-ebersberg'));
    expect(ensure).toHaveBeenCalledTimes(3);
    await turn(tenants, botFramework('b', 'bot-ebersberg'));
    expect(ensure).toHaveBeenCalledTimes(4);
    // Unused longer than maxIdleMs: the conversation may have been deleted meanwhile, so storage is asked again.
    now += 1001;
    await turn(tenants, botFramework('a', 'bot-ebersberg'));
    expect(ensure).toHaveBeenCalledTimes(5);
  });

  it('creates a deleted Bot Framework conversation anew with its tenant once forgotten', async () => {
    const tenants = middleware();
    await turn(tenants, botFramework('teams-6', 'bot-grafing'));
    await storage.conversations.deleteConversation('teams-6');
    tenants.forget('teams-6');
    await turn(tenants, botFramework('teams-6', 'bot-grafing'));
    expect((await storage.conversations.findConversation('teams-6'))?.tenantId).toBe('grafing');
  });

  it('answers a conversation of a tenant the directory does not know as the default, warning once', async () => {
    await storage.tenants.saveTenant('neu', { name: 'Neudorf', botIds: ['bot-neu'] });
    // The directory has not read `neu` (as for a tenant removed since the conversation began).
    await storage.conversations.createConversation({
      id: 'web-3',
      channel: 'govbot-web',
      locale: 'de',
      tenantId: 'neu',
    });
    await storage.conversations.createConversation({
      id: 'web-4',
      channel: 'govbot-web',
      locale: 'de',
      tenantId: 'neu',
    });
    const warn = vi.spyOn(logger, 'warn');
    const tenants = middleware();
    expect((await turn(tenants, widget('web-3'))).id).toBe('default');
    expect((await turn(tenants, widget('web-4'))).id).toBe('default');
    expect((await turn(tenants, widget('web-3'))).id).toBe('default');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toEqual({ tenantId: 'neu' });
    warn.mockRestore();
    // Once the directory knows it, the same conversations are its.
    await directory.refresh();
    expect((await turn(tenants, widget('web-3'))).name).toBe('Neudorf');
  });

  it('gives proactive turns (the service centre relaying to the citizen) their conversation’s tenant', async () => {
    await storage.conversations.createConversation({
      id: 'web-5',
      channel: 'govbot-web',
      locale: 'de',
      tenantId: 'grafing',
    });
    await turn(middleware(), botFramework('teams-7', 'bot-ebersberg'));
    // The relay's adapter for Bot Framework channels, as main.ts makes it: a continuation runs the middleware too. The
    // widget's adapter makes the same continuation activity from a widget reference (channel `govbot-web`).
    const channel = createBotFrameworkChannel({
      credentials: {},
      bot: { run: async () => undefined },
      configureAdapter: (adapter) => adapter.use(middleware()),
      turns: new KeyedQueue(),
      logger,
    });
    const adapter = cloudProactive(channel.adapter, undefined);
    const proactive = async (reference: Partial<ConversationReference>) => {
      let seen: EffectiveTenant | undefined;
      await adapter.continueConversation(reference, async (context) => {
        seen = tenantOf(context, directory);
      });
      return seen?.id;
    };
    const address = { serviceUrl: 'https://smba.example', user: { id: 'citizen', name: '' } };
    expect(
      await proactive({
        ...address,
        channelId: 'govbot-web',
        conversation: { id: 'web-5', isGroup: false, conversationType: 'personal', name: '' },
        bot: { id: 'govbot', name: '' },
      }),
    ).toBe('grafing');
    expect(
      await proactive({
        ...address,
        channelId: 'msteams',
        conversation: { id: 'teams-7', isGroup: false, conversationType: 'personal', name: '' },
        bot: { id: 'bot-ebersberg', name: '' },
      }),
    ).toBe('ebersberg');
  });

  it('falls back to the default tenant in a turn that did not pass the middleware', () => {
    const context = new TurnContext(new TestAdapter(), widget('web-6'));
    expect(tenantOf(context, directory)).toBe(directory.fallback);
  });
});
