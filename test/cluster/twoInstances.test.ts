import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AuthService } from '../../src/auth/AuthService.js';
import { ChannelSink } from '../../src/conversationTests/ChannelSink.js';
import { testDatabaseUrl } from '../storage/postgresTestDatabase.js';
import { AgentClient } from '../support/agentClient.js';
import { botFrameworkMessage } from '../support/botFrameworkMessage.js';
import { CitizenClient, visibleText } from '../support/citizenClient.js';
import { loginStaff, staffRequest } from '../support/staffApi.js';
import { testRedisUrl } from './redisTestServer.js';
import { startCluster, type TestCluster } from './startCluster.js';

const RunStatus = z.object({ status: z.string() });
const databaseUrl = testDatabaseUrl();
const redisUrl = testRedisUrl();
const ready = databaseUrl !== undefined && redisUrl !== undefined;
const urls = { databaseUrl: databaseUrl ?? '', redisUrl: redisUrl ?? '' };

describe.skipIf(!ready)('two GovBot instances on one PostgreSQL and one Redis', { timeout: 60_000 }, () => {
  let cluster: TestCluster;
  let sink: ChannelSink;
  const clients: { close(): void }[] = [];
  const a = () => cluster.instances[0] as NonNullable<TestCluster['instances'][0]>;
  const b = () => cluster.instances[1] as NonNullable<TestCluster['instances'][0]>;

  beforeAll(async () => {
    [cluster, sink] = await Promise.all([startCluster(urls), ChannelSink.start()]);
  }, 120_000);
  afterAll(async () => {
    for (const client of clients) client.close();
    await cluster?.dispose();
    await sink?.close();
  });

  it('answers a citizen in every tab, whichever instance each tab is connected to', async () => {
    const first = await CitizenClient.connect(a().url);
    clients.push(first);
    await first.nextMessage();
    const second = await CitizenClient.connect(b().url, { token: first.session.token });
    clients.push(second);
    expect(second.session).toMatchObject({ conversationId: first.session.conversationId, resumed: true });

    const answer = await first.ask('Was kostet ein Reisepass?');
    expect(visibleText(answer)).toMatch(/Reisepass/);
    // The other tab, on the other instance, hears the question's answer through the Redis adapter.
    await expect
      .poll(() => second.received.some((activity) => activity.id === answer.id), { timeout: 5_000 })
      .toBe(true);
    const history = await second.history();
    expect(history.ok && history.activities.map((activity) => activity.text)).toContain('Was kostet ein Reisepass?');
  });

  it("runs one conversation's turns one after another when its messages reach both instances at once", async () => {
    const conversationId = `conv-${crypto.randomUUID()}`;
    const from = { id: 'user-cluster', name: 'Citizen', role: 'user' };
    const post = (url: string, text: string) => {
      const message = botFrameworkMessage({ serviceUrl: sink.url, conversationId, from, text });
      return fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message),
      }).then((response) => ({ id: message.id, status: response.status }));
    };
    const questions = ['Was kostet ein Reisepass?', 'Wo beantrage ich einen Personalausweis?', 'Hallo'];
    // Twelve messages at once, every other one to the other instance: without a lock across instances, two turns
    // read the same state and the second save fails on its eTag.
    const sent = await Promise.all(
      Array.from({ length: 12 }, (_, index) => post(index % 2 ? b().url : a().url, questions[index % 3] ?? '')),
    );
    expect(sent.map((result) => result.status)).toEqual(sent.map(() => 200));
    const replies = sink.activities(conversationId) as { replyToId?: string; type?: string }[];
    for (const { id } of sent) {
      expect(
        replies.some((reply) => reply.replyToId === id && reply.type === 'message'),
        `an answer to ${id}`,
      ).toBe(true);
    }
    // Every turn ended well (a lost state update would have thrown at the save), and each counted itself in the
    // conversation's state: twelve turns, none of them lost to another that read the same state.
    for (const instance of [a(), b()]) expect(await turnErrors(instance.url)).toBe(0);
    const state = await a().storage.state.readState([`emulator/conversations/${conversationId}/`]);
    expect(Object.values(state)[0]?.value).toMatchObject({ govbot: { turns: 12 } });
    const stored = await a().storage.transcripts.listActivities(conversationId, 500);
    const incoming = stored.filter((entry) => (entry.activity as { from?: { role?: string } }).from?.role === 'user');
    expect(incoming).toHaveLength(12);
  });

  it('lets a citizen on one instance and an agent on the other talk as on one server', async () => {
    await AgentClient.createUser(a().storage, 'anna');
    const anna = await AgentClient.login(b().url, 'anna');
    clients.push(anna);
    await anna.overview((overview) => overview.me.status === 'online');
    const maria = await CitizenClient.connect(a().url);
    clients.push(maria);
    await maria.nextMessage();

    // Instance A knows an agent is online on B: the handover is offered, not refused for want of agents.
    const queued = await maria.ask('Ich möchte mit einem Menschen sprechen');
    expect(queued.channelData?.govbot?.handover).toMatchObject({ state: 'queued', position: 1 });
    const entry = await anna.waitFor(
      'queued',
      (event) => event.handover.conversationId === maria.session.conversationId,
    );

    const accepted = await anna.request('accept', { handoverId: entry.handover.id });
    expect(accepted.ok).toBe(true);
    const connected = await maria.nextMessage();
    expect(connected.channelData?.govbot?.handover).toMatchObject({ state: 'connected', agentName: 'anna' });

    expect((await anna.request('message', { handoverId: entry.handover.id, text: 'Guten Tag aus B' })).ok).toBe(true);
    expect((await maria.nextMessage()).text).toBe('Guten Tag aus B');
    expect((await maria.send({ text: 'Grüße aus A' })).ok).toBe(true);
    await anna.waitFor('activity', (event) => event.activity.text === 'Grüße aus A');
    // The bot on A stays silent while the agent on B has the chat.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      maria.received.filter((activity) => activity.from?.role === 'bot' && activity.text?.includes('Grüße')),
    ).toEqual([]);

    expect((await anna.request('end', { handoverId: entry.handover.id, outcome: 'resolved' })).ok).toBe(true);
    expect((await maria.nextMessage()).channelData?.govbot?.handover?.state).toBe('ended');
    await expect.poll(() => a().storage.handovers.findActiveHandover(maria.session.conversationId)).toBeUndefined();
  });
});

/** `govbot_turn_errors_total` over all channels, from the instance's `/metrics`. */
async function turnErrors(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return [...text.matchAll(/^govbot_turn_errors_total\{[^}]*\} (\d+)/gm)].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );
}

describe.skipIf(!ready)('training and publishing with two instances', { timeout: 240_000 }, () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    // No model in the database: both instances start at once, and one of them trains.
    cluster = await startCluster({
      ...urls,
      seedModel: false,
      env: { GOVBOT_GATE_FOLDS: '2', GOVBOT_GATE_CONVERSATIONS: 'off' },
    });
  }, 240_000);
  afterAll(async () => {
    await cluster?.dispose();
  });

  it('trains the first model once and both instances answer with its version', async () => {
    const [a, b] = cluster.instances;
    if (!a || !b) throw new Error('two instances expected');
    const admin = new pg.Pool({ connectionString: cluster.databaseUrl, max: 1 });
    try {
      const count = async (table: string) =>
        z.object({ n: z.number() }).parse((await admin.query(`SELECT count(*)::integer AS n FROM ${table}`)).rows[0]).n;
      expect(await count('models')).toBe(1);
      expect(await count('model_versions')).toBe(1);
    } finally {
      await admin.end();
    }
    for (const instance of [a, b]) {
      const citizen = await CitizenClient.connect(instance.url);
      try {
        await citizen.nextMessage();
        expect(visibleText(await citizen.ask('Was kostet ein Reisepass?'))).toMatch(/Reisepass/);
      } finally {
        citizen.close();
      }
    }
  });

  it('runs one training at a time across instances, and every instance answers with the version published', async () => {
    const [a, b] = cluster.instances;
    if (!a || !b) throw new Error('two instances expected');
    const staff = await loginStaff(a.storage, new AuthService(a.storage.users), { eddi: 'editor', ada: 'admin' });
    const on = (url: string) => (who: 'eddi' | 'ada', method: string, path: string, body?: unknown) =>
      staffRequest(`${url}${path}`, staff(who), method, body);

    const started = await on(a.url)('eddi', 'POST', '/api/editor/training');
    expect(started.status).toBe(202);
    const runId = z.object({ id: z.string() }).parse(started.json).id;
    const elsewhere = await on(b.url)('eddi', 'POST', '/api/editor/training');
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.json).toMatchObject({ error: 'training_running' });
    await expect
      .poll(
        async () => RunStatus.parse((await on(b.url)('eddi', 'GET', `/api/editor/training/${runId}`)).json).status,
        {
          timeout: 180_000,
          interval: 500,
        },
      )
      .toBe('succeeded');

    // Published on B: A answers with it too. Identity only: comparing two models deeply would take seconds.
    const beforeA = a.knowledge();
    const published = await on(b.url)('ada', 'POST', '/api/editor/versions', {
      runId,
      overrideReason: 'Test mehrerer Instanzen',
    });
    expect(published.status).toBe(201);
    await expect.poll(() => a.knowledge() !== beforeA, { timeout: 10_000 }).toBe(true);

    // Rolled back on A: B follows.
    const beforeB = b.knowledge();
    expect((await on(a.url)('ada', 'POST', '/api/editor/versions/1/rollback')).status).toBe(201);
    await expect.poll(() => b.knowledge() !== beforeB, { timeout: 10_000 }).toBe(true);
  });
});
