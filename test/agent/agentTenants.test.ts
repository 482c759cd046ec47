import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient } from '../support/agentClient.js';
import { CitizenClient } from '../support/citizenClient.js';
import { startTestBot, type TestBot } from '../support/startTestBot.js';

const PASSWORD = 'correct horse battery';

/**
 * Staff per tenant in the service centre (docs/tenants.md): a municipality's agents see and work only its chats, a
 * district's service centre those of each municipality it serves, the platform's admins all. The test tries to read
 * and work across tenants with every request that names a chat.
 */
describe('agents of several municipalities on one installation', { timeout: 60_000 }, () => {
  let bot: TestBot;
  const clients: { close(): void }[] = [];
  let dora: AgentClient; // Musterdorf's agent
  let bea: AgentClient; // Beispielstadt's agent
  let kreis: AgentClient; // the district's service centre: both
  let zoe: AgentClient; // the platform's admin
  let musterdorfChat: string;
  let beispielstadtChat: string;

  const login = async (name: string) => {
    const agent = await AgentClient.login(bot.url, name, PASSWORD);
    clients.push(agent);
    await agent.overview((overview) => overview.me.status === 'online');
    return agent;
  };
  const askForPerson = async (tenant: string) => {
    const citizen = await CitizenClient.connect(bot.url, { tenant });
    clients.push(citizen);
    await citizen.nextMessage();
    await citizen.ask('Ich möchte mit einem Menschen sprechen');
    return citizen;
  };
  const queueOf = async (agent: AgentClient, size: number) =>
    (await agent.overview((overview) => overview.queue.length === size)).queue.map((entry) => entry.handover.tenantId);

  beforeAll(async () => {
    bot = await startTestBot();
    await bot.storage.tenants.saveTenant('musterdorf', { name: 'Musterdorf' });
    await bot.storage.tenants.saveTenant('beispielstadt', { name: 'Beispielstadt' });
    await bot.tenants.refresh();
    await AgentClient.createUser(bot.storage, 'dora', 'agent', PASSWORD, ['musterdorf']);
    await AgentClient.createUser(bot.storage, 'bea', 'agent', PASSWORD, ['beispielstadt']);
    await AgentClient.createUser(bot.storage, 'kreis', 'agent', PASSWORD, ['musterdorf', 'beispielstadt']);
    await AgentClient.createUser(bot.storage, 'zoe', 'admin', PASSWORD, []);
    dora = await login('dora');
    bea = await login('bea');
    kreis = await login('kreis');
    zoe = await login('zoe');
    await askForPerson('musterdorf');
    await askForPerson('beispielstadt');
    const all = await zoe.overview((overview) => overview.queue.length === 2);
    const idOf = (tenant: string) => all.queue.find((entry) => entry.handover.tenantId === tenant)?.handover.id ?? '';
    musterdorfChat = idOf('musterdorf');
    beispielstadtChat = idOf('beispielstadt');
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await bot?.dispose();
  });

  it('shows each agent the queue of the tenants they work for, and the admin every tenant’s', async () => {
    expect(musterdorfChat).not.toBe('');
    expect(beispielstadtChat).not.toBe('');
    expect(await queueOf(dora, 1)).toEqual(['musterdorf']);
    expect(await queueOf(bea, 1)).toEqual(['beispielstadt']);
    expect((await queueOf(kreis, 2)).sort()).toEqual(['beispielstadt', 'musterdorf']);
    expect((await queueOf(zoe, 2)).sort()).toEqual(['beispielstadt', 'musterdorf']);
    // The `queued` notification (sound, browser notification) too.
    expect(dora.received('queued').map((entry) => entry.handover.tenantId)).toEqual(['musterdorf']);
    expect(bea.received('queued').map((entry) => entry.handover.tenantId)).toEqual(['beispielstadt']);
  });

  it('answers every request naming another tenant’s chat as if it did not exist', async () => {
    const other = { handoverId: beispielstadtChat };
    for (const [name, payload] of [
      ['open', other],
      ['accept', other],
      ['message', { ...other, text: 'Hallo' }],
      ['note', { ...other, text: 'Notiz' }],
      ['transfer', { ...other, agentId: 'x' }],
      ['end', { ...other, outcome: 'resolved' }],
      ['correctField', { ...other, path: 'name', value: 'x' }],
    ] as const) {
      expect(await dora.request(name, payload), name).toEqual({ ok: false, error: 'not_found' });
    }
    // The chat is still waiting for Beispielstadt.
    expect(await queueOf(bea, 1)).toEqual(['beispielstadt']);
  });

  it('lists and changes only the contact requests of the agent’s tenants, and counts those for each console', async () => {
    const ticket = (tenantId: string, name: string) =>
      bot.storage.tickets.createTicket({
        tenantId,
        conversationId: undefined,
        name,
        email: `${name.toLowerCase()}@example.de`,
        phone: undefined,
        question: 'Bitte rufen Sie mich zurück.',
        lang: 'de',
        topic: undefined,
        consentAt: new Date().toISOString(),
      });
    const fromMusterdorf = await ticket('musterdorf', 'Erika');
    const fromBeispielstadt = await ticket('beispielstadt', 'Max');
    const call = async (agent: AgentClient, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${bot.url}${path}`, {
        method,
        headers: { Cookie: agent.cookie, 'X-CSRF-Token': agent.csrfToken, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as { tickets?: { id: string }[] } };
    };
    const listed = async (agent: AgentClient) =>
      ((await call(agent, 'GET', '/api/agent/tickets')).json.tickets ?? []).map((listedTicket) => listedTicket.id);

    expect(await listed(dora)).toEqual([fromMusterdorf.id]);
    expect(await listed(bea)).toEqual([fromBeispielstadt.id]);
    expect((await listed(kreis)).sort()).toEqual([fromMusterdorf.id, fromBeispielstadt.id].sort());
    expect((await listed(zoe)).sort()).toEqual([fromMusterdorf.id, fromBeispielstadt.id].sort());
    const across = await call(bea, 'PATCH', `/api/agent/tickets/${fromMusterdorf.id}`, { assignToMe: true });
    expect(across.status).toBe(404);
    expect((await bot.storage.tickets.findTicket(fromMusterdorf.id))?.assignedTo).toBeUndefined();

    // A change tells every console how many open requests of its own tenants there are.
    expect((await call(dora, 'PATCH', `/api/agent/tickets/${fromMusterdorf.id}`, { assignToMe: true })).status).toBe(
      200,
    );
    expect(await dora.waitFor('tickets')).toEqual({ open: 1 });
    expect(await bea.waitFor('tickets')).toEqual({ open: 1 });
    expect(await kreis.waitFor('tickets')).toEqual({ open: 2 });
    expect((await dora.overview((overview) => overview.openTickets === 1)).openTickets).toBe(1);
  });

  it('counts in the handover figures only the agent’s tenants', async () => {
    const figures = async (agent: AgentClient) => {
      const response = await fetch(`${bot.url}/api/agent/stats`, { headers: { Cookie: agent.cookie } });
      return (await response.json()) as { conversations: number; handovers: number };
    };
    expect(await figures(dora)).toMatchObject({ conversations: 1, handovers: 1 });
    expect(await figures(kreis)).toMatchObject({ conversations: 2, handovers: 2 });
    expect(await figures(zoe)).toMatchObject({ conversations: 2, handovers: 2 });
  });

  it('transfers a chat only to an agent who works for its tenant', async () => {
    const accepted = await dora.request('accept', { handoverId: musterdorfChat });
    expect(accepted).toMatchObject({ ok: true, conversation: { handover: { tenantId: 'musterdorf' } } });
    // The audit log files it under Musterdorf, as an admin filtering by tenant reads it.
    const audited = await bot.storage.audit.listAudit({ action: 'handover.accepted', tenants: ['musterdorf'] });
    expect(audited.map((entry) => entry.actorName)).toEqual(['dora']);
    expect(await bot.storage.audit.listAudit({ action: 'handover.accepted', tenants: ['beispielstadt'] })).toEqual([]);
    const read = await fetch(`${bot.url}/api/agent/audit?tenant=musterdorf&action=handover.accepted`, {
      headers: { Cookie: zoe.cookie },
    });
    const { entries } = (await read.json()) as { entries: { tenantId: string; actorName: string }[] };
    expect(entries).toEqual([expect.objectContaining({ tenantId: 'musterdorf', actorName: 'dora' })]);
    const beaId = (await bot.storage.users.findUserByName('bea'))?.id;
    const kreisId = (await bot.storage.users.findUserByName('kreis'))?.id;
    expect(await dora.request('transfer', { handoverId: musterdorfChat, agentId: beaId })).toEqual({
      ok: false,
      error: 'not_their_tenant',
    });
    expect(await dora.request('transfer', { handoverId: musterdorfChat, agentId: kreisId })).toEqual({ ok: true });
    await kreis.overview((overview) => overview.chats.some((chat) => chat.id === musterdorfChat));
    // Beispielstadt's agent heard nothing of Musterdorf's chat being taken and passed on.
    expect(bea.received('handover').map((handover) => handover.tenantId)).not.toContain('musterdorf');
    expect(dora.received('handover').map((handover) => handover.tenantId)).toContain('musterdorf');
  });
});

/**
 * A bot with the tenants Musterdorf and Beispielstadt; `stateOf(tenant)` has a citizen of the tenant ask for a person
 * and says what became of it (`queued`, `unavailable`).
 */
async function withTwoTenants(
  work: (setup: {
    bot: TestBot;
    clients: { close(): void }[];
    stateOf: (tenant: string) => Promise<unknown>;
  }) => Promise<void>,
): Promise<void> {
  const bot = await startTestBot();
  const clients: { close(): void }[] = [];
  const stateOf = async (tenant: string) => {
    const citizen = await CitizenClient.connect(bot.url, { tenant });
    clients.push(citizen);
    await citizen.nextMessage();
    const reply = await citizen.ask('Ich will mit einem echten Menschen reden');
    return reply.channelData?.govbot?.handover?.state;
  };
  try {
    await bot.storage.tenants.saveTenant('musterdorf', { name: 'Musterdorf' });
    await bot.storage.tenants.saveTenant('beispielstadt', { name: 'Beispielstadt' });
    await bot.tenants.refresh();
    await work({ bot, clients, stateOf });
  } finally {
    for (const client of clients) client.close();
    await bot.dispose();
  }
}

describe('whether a person can take a municipality’s chat', { timeout: 60_000 }, () => {
  it('counts only the agents who work for the chat’s tenant, and lists the colleagues who share one', async () => {
    await withTwoTenants(async ({ bot, clients, stateOf }) => {
      await AgentClient.createUser(bot.storage, 'dora', 'agent', PASSWORD, ['musterdorf']);
      await AgentClient.createUser(bot.storage, 'bea', 'agent', PASSWORD, ['beispielstadt']);
      const bea = await AgentClient.login(bot.url, 'bea', PASSWORD);
      clients.push(bea);
      await bea.overview((overview) => overview.me.status === 'online');

      // Only Beispielstadt's agent is online: Musterdorf's citizen is told so (115, a contact request) at once,
      // rather than waiting in a queue nobody of Musterdorf's serves.
      expect(await stateOf('musterdorf')).toBe('unavailable');
      expect(await stateOf('beispielstadt')).toBe('queued');

      const dora = await AgentClient.login(bot.url, 'dora', PASSWORD);
      clients.push(dora);
      const overview = await dora.overview((view) => view.me.status === 'online');
      expect(overview.agents.map((agent) => agent.name)).toEqual(['dora']);
      expect(await stateOf('musterdorf')).toBe('queued');
    });
  });

  it('applies a change of an agent’s tenants to her open console', async () => {
    await withTwoTenants(async ({ bot, clients, stateOf }) => {
      const { id } = await AgentClient.createUser(bot.storage, 'bea', 'agent', PASSWORD, ['beispielstadt']);
      const bea = await AgentClient.login(bot.url, 'bea', PASSWORD);
      clients.push(bea);
      await bea.overview((overview) => overview.me.status === 'online');
      expect(await stateOf('musterdorf')).toBe('unavailable');

      // `govbot user tenants bea --tenant beispielstadt --tenant musterdorf` while her console is open: once the
      // server reads the users again (every 30 s; here at once), she counts for Musterdorf and sees its chats.
      await bot.storage.users.setUserTenants(id, ['beispielstadt', 'musterdorf']);
      await bot.refreshStaff();
      expect(await stateOf('musterdorf')).toBe('queued');
      const widened = await bea.overview((view) => view.queue.length === 1);
      const chat = widened.queue[0]?.handover.id ?? '';
      expect(widened.queue[0]?.handover.tenantId).toBe('musterdorf');
      expect(await bea.request('accept', { handoverId: chat })).toMatchObject({ ok: true });

      // Back to Beispielstadt alone: Musterdorf's citizens are told nobody can come, but the chat she took stays
      // hers to finish.
      await bot.storage.users.setUserTenants(id, ['beispielstadt']);
      await bot.refreshStaff();
      expect(await stateOf('musterdorf')).toBe('unavailable');
      expect(await bea.request('message', { handoverId: chat, text: 'Ich bin gleich für Sie da.' })).toEqual({
        ok: true,
      });
      expect(await bea.request('end', { handoverId: chat, outcome: 'resolved' })).toEqual({ ok: true });
    });
  });
});
