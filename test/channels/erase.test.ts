import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EraseAck } from '../../src/channels/socketio/protocol.js';
import { submission, tokenHash } from '../applications/fixtures.js';
import { useCitizenBot } from '../support/citizenBot.js';
import type { CitizenClient } from '../support/citizenClient.js';
import { useHandoverSession } from '../support/handoverSession.js';
import type { TestBot } from '../support/startTestBot.js';
import { startStubChannel } from '../support/stubChannel.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const pngFile = (name: string) => ({
  contentType: 'image/png',
  name,
  contentUrl: `data:image/png;base64,${PNG.toString('base64')}`,
});

/** The tables that hold something of a conversation, and how many rows of it each holds. */
const TABLES = ['conversations', 'transcript', 'state', 'uploads', 'inbox', 'handovers', 'applications', 'turn_events'];
type Counts = Record<(typeof TABLES)[number], number>;

/** Reads the bot's database file beside it (WAL lets a second connection read while the bot writes). */
function rowsOf(bot: TestBot, conversationId: string): Counts {
  const db = new Database(join(bot.dataDir, 'govbot.sqlite'), { readonly: true });
  try {
    const count = (table: string) => {
      const column = table === 'conversations' ? 'id' : 'conversation_id';
      const row: unknown = db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`).get(conversationId);
      return row && typeof row === 'object' && 'n' in row && typeof row.n === 'number' ? row.n : -1;
    };
    return Object.fromEntries(TABLES.map((table) => [table, count(table)]));
  } finally {
    db.close();
  }
}

function uploadsOf(bot: TestBot, conversationId: string): { id: string; name: string; size: number; sha256: string }[] {
  const db = new Database(join(bot.dataDir, 'govbot.sqlite'), { readonly: true });
  try {
    return db
      .prepare('SELECT id, name, size, sha256 FROM uploads WHERE conversation_id = ? ORDER BY name')
      .all(conversationId)
      .flatMap((row) =>
        row && typeof row === 'object' && 'id' in row && 'name' in row && 'size' in row && 'sha256' in row
          ? [{ id: String(row.id), name: String(row.name), size: Number(row.size), sha256: String(row.sha256) }]
          : [],
      );
  } finally {
    db.close();
  }
}

const erase = (citizen: CitizenClient, payload: unknown = {}): Promise<EraseAck> =>
  citizen.socket.timeout(10_000).emitWithAck('erase', payload);

/** Resolves with the reason once the server closed the citizen's connection. */
const disconnected = (citizen: CitizenClient) =>
  new Promise<string>((resolve) => citizen.socket.once('disconnect', (reason) => resolve(reason)));
const erased = (citizen: CitizenClient) => new Promise<unknown>((resolve) => citizen.socket.once('erased', resolve));

describe('"Chat löschen": the citizen erases the conversation (real bot, real SQLite)', () => {
  const fixture = useCitizenBot();
  const { connect } = fixture;

  it('deletes transcript, state, files and inbox entries, tells and disconnects every tab; an application stays', async () => {
    const tab = await connect();
    await tab.nextMessage();
    const { conversationId, token } = tab.session;
    const otherTab = await connect({ token });
    expect(otherTab.session).toMatchObject({ conversationId, resumed: true });

    await tab.ask('Wie wird das Wetter morgen?');
    await tab.ask('Was kostet ein Reisepass?');
    const sent = await tab.send({ text: 'Hier sind meine Fotos' });
    expect(sent.ok).toBe(true);
    await tab.nextMessage();
    const withFiles = await tab.socket
      .timeout(10_000)
      .emitWithAck('activity', { type: 'message', text: 'Fotos', attachments: [pngFile('a.png'), pngFile('b.png')] });
    expect(withFiles.ok).toBe(true);
    await tab.nextMessage();
    // A submitted application names one of the files: both stay, as requests to the administration do.
    const [attached, abandoned] = uploadsOf(fixture.bot, conversationId);
    if (!attached || !abandoned) throw new Error('the files were not stored');
    const { reference } = await fixture.bot.storage.applications.submitApplication(
      submission({
        conversationId,
        dialogId: 'zaehlerstand-melden',
        recipients: [{ id: 'stadtwerke', copy: false }],
        attachments: [{ path: 'photo', uploadId: attached.id, contentType: 'image/png', ...attached }],
      }),
      tokenHash(1),
    );
    // The inbox entry of the unanswered question is written in the background.
    await vi.waitFor(() => expect(rowsOf(fixture.bot, conversationId).inbox).toBeGreaterThan(0));
    const before = rowsOf(fixture.bot, conversationId);
    expect(before).toMatchObject({ conversations: 1, uploads: 2, applications: 1 });
    expect(before.transcript).toBeGreaterThan(4);
    expect(before.state).toBeGreaterThan(0);

    const told = [erased(tab), erased(otherTab)];
    const closed = [disconnected(tab), disconnected(otherTab)];
    expect(await erase(tab)).toEqual({ ok: true });
    expect(await Promise.all(told)).toEqual([{}, {}]);
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);

    expect(rowsOf(fixture.bot, conversationId)).toEqual({
      conversations: 0,
      transcript: 0,
      state: 0,
      uploads: 1,
      inbox: 0,
      handovers: 0,
      applications: 1,
      // Counters without any text stay for the analytics.
      turn_events: before.turn_events,
    });
    expect(uploadsOf(fixture.bot, conversationId).map((upload) => upload.id)).toEqual([attached.id]);
    expect(await fixture.bot.storage.applications.findApplication(reference)).toMatchObject({ conversationId });
    const audit = await fixture.bot.storage.audit.listAudit({ conversationId, action: 'conversation.erased' });
    expect(audit).toMatchObject([
      { actorId: undefined, actorName: 'citizen', details: { handover: null, inboxEntries: before.inbox } },
    ]);

    // The old token starts afresh.
    const again = await connect({ token });
    expect(again.session.resumed).toBe(false);
    expect(again.session.conversationId).not.toBe(conversationId);
    expect(again.session.token).not.toBe(token);
    expect((await again.nextMessage()).text).toMatch(/automatisiert/i);
    const history = await again.history();
    expect(history.ok && history.activities.map((activity) => activity.text)).not.toContain('Hier sind meine Fotos');
  });

  it('refuses a payload that is not an object and erases nothing; an absent payload is fine', async () => {
    const citizen = await connect();
    await citizen.nextMessage();
    const { conversationId } = citizen.session;
    for (const bad of ['all', 42, [1]])
      expect(await erase(citizen, bad)).toEqual({ ok: false, error: 'invalid_request' });
    expect(rowsOf(fixture.bot, conversationId).conversations).toBe(1);
    expect(citizen.socket.connected).toBe(true);

    const closed = disconnected(citizen);
    // As `socket.emit('erase', ack)` sends it: the acknowledgement in place of the payload.
    const ack = await new Promise<unknown>((resolve) => {
      const untyped: { emit(event: string, ...args: unknown[]): unknown } = citizen.socket;
      untyped.emit('erase', resolve);
    });
    expect(ack).toEqual({ ok: true });
    await closed;
    expect(rowsOf(fixture.bot, conversationId).conversations).toBe(0);
  });
});

describe('"Chat löschen" during a handover: the service centre learns the chat ended', () => {
  const session = useHandoverSession();
  const { citizen, agent } = session;

  it('a waiting chat leaves the queue', async () => {
    const anna = await agent();
    const maria = await citizen();
    await maria.ask('Ich möchte mit einem Menschen sprechen');
    const { handover } = await anna.waitFor('queued');

    expect(await erase(maria)).toEqual({ ok: true });

    const left = await anna.waitFor('handover', (view) => view.id === handover.id && view.status !== 'queued');
    expect(left.status).toBe('cancelled');
    await anna.overview((overview) => overview.queue.length === 0);
    expect(await anna.request('accept', { handoverId: handover.id })).toEqual({ ok: false, error: 'not_found' });
    expect(rowsOf(session.bot, maria.session.conversationId).handovers).toBe(0);
  });

  it('a chat with an agent ends in the agent’s console', async () => {
    const anna = await agent();
    const maria = await citizen();
    await maria.ask('Ich möchte mit einem Menschen sprechen');
    const { handover } = await anna.waitFor('queued');
    expect((await anna.request('accept', { handoverId: handover.id })).ok).toBe(true);
    await anna.overview((overview) => overview.chats.length === 1);
    await maria.send({ text: 'Mein Name ist Maria Muster' });
    await anna.waitFor('activity', (event) => event.activity.text === 'Mein Name ist Maria Muster');

    expect(await erase(maria)).toEqual({ ok: true });

    const ended = await anna.waitFor('handover', (view) => view.id === handover.id && view.status !== 'connected');
    expect(ended).toMatchObject({ status: 'completed', agentName: 'anna' });
    await anna.overview((overview) => overview.chats.length === 0);
    expect(await anna.request('message', { handoverId: handover.id, text: 'Hallo?' })).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(await anna.request('open', { handoverId: handover.id })).toEqual({ ok: false, error: 'not_found' });
    const audit = await session.bot.storage.audit.listAudit({ conversationId: maria.session.conversationId });
    expect(audit.map((entry) => entry.action).reverse()).toEqual([
      'handover.requested',
      'handover.accepted',
      'handover.ended',
      'conversation.erased',
    ]);
    expect(audit[0]?.details).toEqual({ handover: 'completed', inboxEntries: expect.any(Number) });
  });
});

describe('a channel without erasing', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('answers erase with not_supported and keeps the conversation', async () => {
    const { storage, socket, conversationId } = await startStubChannel({ run: async () => undefined }, cleanups);

    expect(await socket.timeout(5000).emitWithAck('erase', {})).toEqual({ ok: false, error: 'not_supported' });
    expect(await storage.conversations.findConversation(conversationId)).toBeDefined();
    expect(socket.connected).toBe(true);
  });
});
