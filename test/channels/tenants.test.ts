import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CitizenClient } from '../support/citizenClient.js';
import { startTestBot, type TestBot } from '../support/startTestBot.js';

const LANDKREIS = 'https://www.landkreis-ebersberg.example';
const MUENCHEN = 'https://www.muenchen.example';
const GRAFING = 'https://www.grafing.example';
type Auth = Parameters<typeof CitizenClient.connect>[1];
type ConnectOptions = Parameters<typeof CitizenClient.connect>[2];

const MUENCHEN_BRANDING = {
  title: 'Chat der Stadt München',
  color: '#005a9f',
  logo: 'https://www.muenchen.example/logo.svg',
};

/** The widget channel of an installation serving several municipalities (docs/tenants.md), over real Socket.IO. */
describe('tenants on the widget channel', () => {
  let bot: TestBot;
  const clients: CitizenClient[] = [];

  beforeAll(async () => {
    // The data centre's own portal may embed the widget for every tenant; each municipality only for itself.
    bot = await startTestBot({ env: { GOVBOT_ALLOWED_ORIGINS: LANDKREIS } });
    await bot.storage.tenants.saveTenant('muenchen', {
      name: 'München',
      branding: MUENCHEN_BRANDING,
      allowedOrigins: [MUENCHEN],
    });
    await bot.storage.tenants.saveTenant('grafing', { name: 'Grafing', allowedOrigins: [GRAFING] });
    // Saved behind the running bot's back, as `govbot tenant add` does: it reads them again.
    await bot.tenants.refresh();
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await bot?.dispose();
  });

  async function connect(auth?: Auth, options?: ConnectOptions) {
    const client = await CitizenClient.connect(bot.url, auth, options);
    clients.push(client);
    return client;
  }

  /** The code the channel refuses a connection with (`error` event), or `connect_error` for the engine's refusal. */
  function refusal(auth?: Auth, options?: ConnectOptions): Promise<string> {
    return connect(auth, options).then(
      () => 'connected',
      (error: unknown) =>
        error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'connect_error',
    );
  }

  const userTexts = async (client: CitizenClient) => {
    const history = await client.history();
    if (!history.ok) throw new Error(history.error);
    return history.activities.filter((activity) => activity.from?.role === 'user').map((activity) => activity.text);
  };

  it('gives a widget that names no tenant the default tenant', async () => {
    const citizen = await connect();
    expect(citizen.session.tenant).toEqual({ id: 'default', name: bot.tenants.fallback.name, branding: {} });
    const stored = await bot.storage.conversations.findConversation(citizen.session.conversationId);
    expect(stored?.tenantId).toBe('default');
    expect((await citizen.nextMessage()).text).toMatch(/automatisiert/i);
  });

  it('stores a named tenant’s conversation as its own and tells the widget its name and branding', async () => {
    const citizen = await connect({ tenant: 'muenchen' });
    expect(citizen.session.tenant).toEqual({ id: 'muenchen', name: 'München', branding: MUENCHEN_BRANDING });
    const stored = await bot.storage.conversations.findConversation(citizen.session.conversationId);
    expect(stored?.tenantId).toBe('muenchen');
    await citizen.nextMessage();

    // Resumed within the same tenant, as without tenants.
    const again = await connect({ token: citizen.session.token, tenant: 'muenchen' });
    expect(again.session).toMatchObject({ conversationId: citizen.session.conversationId, resumed: true });
  });

  it('refuses a tenant the installation does not have, or what is no tenant id, without falling back', async () => {
    expect(await refusal({ tenant: 'nirgendwo' })).toBe('unknown_tenant');
    expect(await refusal({ tenant: 'München' })).toBe('unknown_tenant');
    expect(await refusal({ tenant: '' })).toBe('unknown_tenant');
  });

  it('opens a new conversation for a token of another tenant, and sends nothing of the other one', async () => {
    const muenchen = await connect({ tenant: 'muenchen' });
    await muenchen.nextMessage();
    await muenchen.ask('Was kostet ein Führungszeugnis in München?');
    muenchen.close();

    const grafing = await connect({ token: muenchen.session.token, tenant: 'grafing' });
    expect(grafing.session.resumed).toBe(false);
    expect(grafing.session.conversationId).not.toBe(muenchen.session.conversationId);
    expect(grafing.session.token).not.toBe(muenchen.session.token);
    expect(grafing.session.tenant.id).toBe('grafing');
    expect((await bot.storage.conversations.findConversation(grafing.session.conversationId))?.tenantId).toBe(
      'grafing',
    );
    await grafing.nextMessage();
    expect(await userTexts(grafing)).toEqual([]);
    expect(JSON.stringify(grafing.received)).not.toContain('München');

    // The same for the default tenant, and the token still resumes its own conversation in its own tenant.
    const fallback = await connect({ token: muenchen.session.token });
    expect(fallback.session).toMatchObject({ resumed: false, tenant: { id: 'default' } });
    expect(fallback.session.conversationId).not.toBe(muenchen.session.conversationId);
    const back = await connect({ token: muenchen.session.token, tenant: 'muenchen' });
    expect(back.session).toMatchObject({ conversationId: muenchen.session.conversationId, resumed: true });
    expect(await userTexts(back)).toEqual(['Was kostet ein Führungszeugnis in München?']);
  });

  it('lets a municipality’s portal connect for its own tenant only', async () => {
    expect(await refusal({ tenant: 'muenchen' }, { origin: MUENCHEN })).toBe('connected');
    expect(await refusal({ tenant: 'grafing' }, { origin: MUENCHEN })).toBe('origin_not_allowed');
    expect(await refusal({}, { origin: MUENCHEN })).toBe('origin_not_allowed');
    expect(await refusal({ tenant: 'grafing' }, { origin: GRAFING })).toBe('connected');
    // The installation's origins may connect for every tenant, and so may the bot's own pages.
    for (const tenant of ['muenchen', 'grafing', undefined]) {
      expect(await refusal({ tenant }, { origin: LANDKREIS })).toBe('connected');
      expect(await refusal({ tenant }, { origin: new URL(bot.url).origin })).toBe('connected');
    }
    // An origin no tenant allows is refused before the handshake, as without tenants.
    expect(await refusal({ tenant: 'muenchen' }, { origin: 'https://evil.example' })).toBe('connect_error');
  });

  it('lets a tenant’s portal read polling responses, and follows tenants added while it runs', async () => {
    const polling = (origin: string) => fetch(`${bot.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } });
    const allowed = await polling(MUENCHEN);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(MUENCHEN);
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();

    const vaterstetten = 'https://www.vaterstetten.example';
    expect((await polling(vaterstetten)).status).toBe(403);
    await bot.storage.tenants.saveTenant('vaterstetten', { name: 'Vaterstetten', allowedOrigins: [vaterstetten] });
    await bot.tenants.refresh();
    const added = await polling(vaterstetten);
    expect(added.status).toBe(200);
    expect(added.headers.get('access-control-allow-origin')).toBe(vaterstetten);
    expect(await refusal({ tenant: 'vaterstetten' }, { origin: vaterstetten })).toBe('connected');
  });
});
