import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxEntry, InboxGroup, MustPassQuestion, NewInboxEntry } from '../../../src/editor/types.js';
import { type EditorApiHarness, startEditorApi } from './harness.js';

describe('editor API: inbox and must-pass questions', () => {
  let h: EditorApiHarness;
  let entries: InboxEntry[];
  beforeAll(async () => {
    h = await startEditorApi();
    const asked = (text: string, lang: 'de' | 'en', conversationId: string): NewInboxEntry => ({
      at: new Date().toISOString(),
      lang,
      text,
      reason: 'out_of_scope',
      intent: 'None',
      score: 0.2,
      conversationId,
    });
    entries = [];
    for (const entry of [
      asked('Wo kann ich meinen Reisepass verlängern lassen?', 'de', 'c1'),
      asked('Reisepass verlängern wo?', 'de', 'c2'),
      asked('Darf ich im Stadtpark grillen?', 'de', 'c3'),
      asked('Can I have a barbecue in the park?', 'en', 'c4'),
    ]) {
      entries.push(await h.storage.inbox.addInboxEntry(entry));
    }
  });
  afterAll(async () => {
    await h.close();
  });

  const groups = async (query = '') => {
    const reply = await h.call('eddi', 'GET', `/api/editor/inbox${query}`);
    expect(reply.status).toBe(200);
    return (reply.json as { groups: InboxGroup[] }).groups;
  };
  const idOf = (index: number) => entries[index]?.id ?? '';

  it('shows the open questions in groups, filtered by language', async () => {
    const all = await groups();
    expect(all.flatMap((group) => group.entryIds).sort()).toEqual(entries.map((entry) => entry.id).sort());
    const english = await groups('?lang=en');
    expect(english).toEqual([expect.objectContaining({ lang: 'en', entryIds: [idOf(3)], count: 1 })]);
  });

  it('assigns questions to an intent: they become its utterances in the draft and leave the inbox', async () => {
    const reply = await h.call('eddi', 'POST', '/api/editor/inbox/assign', {
      entryIds: [idOf(0), idOf(1)],
      intent: 'service.reisepass',
    });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ resolved: 2 });
    const intent = await h.call('eddi', 'GET', '/api/editor/intents/service.reisepass');
    expect((intent.json as { utterances: { de: string[] } }).utterances.de).toEqual(
      expect.arrayContaining(['Wo kann ich meinen Reisepass verlängern lassen?', 'Reisepass verlängern wo?']),
    );
    expect((await groups()).flatMap((group) => group.entryIds)).not.toContain(idOf(0));
    const [entry] = await h.storage.audit.listAudit({ action: 'editor.inbox.assigned' });
    expect(entry).toMatchObject({ actorName: 'eddi', details: { intent: 'service.reisepass' } });
  });

  it('refuses an intent that is neither in the draft nor a catalogue entry, and malformed requests', async () => {
    const unknown = await h.call('eddi', 'POST', '/api/editor/inbox/assign', {
      entryIds: [idOf(2)],
      intent: 'service.gibtesnicht',
    });
    expect(unknown.status).toBe(409);
    expect(unknown.json).toMatchObject({ error: 'unknown_intent' });
    const noEntries = await h.call('eddi', 'POST', '/api/editor/inbox/assign', { entryIds: [], intent: 'greeting' });
    expect(noEntries.status).toBe(400);
    expect(noEntries.json).toMatchObject({ issues: [expect.objectContaining({ path: ['entryIds'] })] });
    const badStatus = await h.call('eddi', 'POST', '/api/editor/inbox/mark', { entryIds: [idOf(2)], status: 'open' });
    expect(badStatus.status).toBe(400);
  });

  it('marks questions as needing a new service or as nothing to do', async () => {
    const marked = await h.call('eddi', 'POST', '/api/editor/inbox/mark', {
      entryIds: [idOf(2), idOf(3)],
      status: 'new_service',
    });
    expect(marked.json).toEqual({ resolved: 2 });
    expect(await groups()).toEqual([]);
    const again = await h.call('eddi', 'POST', '/api/editor/inbox/mark', { entryIds: [idOf(2)], status: 'ignored' });
    expect(again.json).toEqual({ resolved: 0 });
  });

  it('adds, lists and deletes must-pass questions, auditing who did', async () => {
    const added = await h.call('eddi', 'POST', '/api/editor/must-pass', {
      text: '  Wo beantrage ich einen Reisepass?  ',
      lang: 'de',
      intent: 'service.reisepass',
    });
    expect(added.status).toBe(201);
    const question = added.json as MustPassQuestion;
    expect(question).toMatchObject({
      text: 'Wo beantrage ich einen Reisepass?',
      lang: 'de',
      intent: 'service.reisepass',
      createdBy: 'eddi',
    });
    const declined = await h.call('pia', 'POST', '/api/editor/must-pass', {
      text: 'Wie wird das Wetter morgen?',
      lang: 'de',
      intent: 'None',
    });
    expect(declined.status).toBe(201);
    const list = await h.call('eddi', 'GET', '/api/editor/must-pass');
    expect((list.json as { questions: MustPassQuestion[] }).questions).toHaveLength(2);

    const unknown = await h.call('eddi', 'POST', '/api/editor/must-pass', {
      text: 'Was auch immer',
      lang: 'de',
      intent: 'service.gibtesnicht',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ issues: [expect.objectContaining({ path: ['intent'] })] });
    expect(
      (await h.call('eddi', 'POST', '/api/editor/must-pass', { text: 'x', lang: 'fr', intent: 'None' })).status,
    ).toBe(400);

    expect((await h.call('eddi', 'DELETE', `/api/editor/must-pass/${question.id}`)).status).toBe(204);
    expect((await h.call('eddi', 'DELETE', `/api/editor/must-pass/${question.id}`)).status).toBe(404);
    const [addedEntry] = await h.storage.audit.listAudit({ action: 'editor.must_pass.added' });
    expect(addedEntry).toMatchObject({ actorName: 'pia', details: { intent: 'None', lang: 'de' } });
    const [deletedEntry] = await h.storage.audit.listAudit({ action: 'editor.must_pass.deleted' });
    expect(deletedEntry).toMatchObject({ actorId: h.userId('eddi'), details: { id: question.id } });
  });

  it('shows an editor of one municipality its questions and figures only, and lets her decide on those alone', async () => {
    await h.storage.tenants.saveTenant('musterdorf', { name: 'Musterdorf' });
    await h.storage.conversations.createConversation({
      id: 'm1',
      channel: 'govbot-web',
      locale: 'de',
      tenantId: 'musterdorf',
    });
    const now = new Date().toISOString();
    const own = await h.storage.inbox.addInboxEntry({
      at: now,
      lang: 'de',
      text: 'Wann ist in Musterdorf der Wertstoffhof offen?',
      reason: 'out_of_scope',
      intent: 'None',
      score: 0.1,
      conversationId: 'm1',
      tenantId: 'musterdorf',
    });
    await h.storage.analytics.recordTurn({
      at: now,
      conversationId: 'm1',
      tenantId: 'musterdorf',
      lang: 'de',
      outcome: 'out_of_scope',
      intent: 'None',
    });
    const shared = await h.storage.inbox.addInboxEntry({ ...own, conversationId: 'c9', tenantId: undefined });
    await h.storage.users.setUserTenants(h.userId('eddi'), ['musterdorf']);
    try {
      expect((await groups()).flatMap((group) => group.entryIds)).toEqual([own.id]);
      // The default tenant's open question is not hers to decide on.
      const marked = await h.call('eddi', 'POST', '/api/editor/inbox/mark', {
        entryIds: [shared.id],
        status: 'ignored',
      });
      expect(marked.json).toEqual({ resolved: 0 });
      const figures = await h.call('eddi', 'GET', '/api/editor/analytics');
      const days = (figures.json as { days: { conversations: number; outOfScope: number }[] }).days;
      expect(days).toEqual([expect.objectContaining({ conversations: 1, outOfScope: 1 })]);
      // The shared draft every municipality answers with is not hers to change: neither by assigning questions, nor
      // by editing, training or publishing.
      const refused = { error: 'not_their_tenant' };
      const assign = await h.call('eddi', 'POST', '/api/editor/inbox/assign', {
        entryIds: [own.id],
        intent: 'greeting',
      });
      expect([assign.status, assign.json]).toEqual([403, expect.objectContaining(refused)]);
      const edit = await h.call('eddi', 'DELETE', '/api/editor/intents/greeting');
      expect([edit.status, edit.json]).toEqual([403, expect.objectContaining(refused)]);
      const train = await h.call('eddi', 'POST', '/api/editor/training', {});
      expect([train.status, train.json]).toEqual([403, expect.objectContaining(refused)]);
      // Reading it is fine.
      expect((await h.call('eddi', 'GET', '/api/editor/intents/greeting')).status).toBe(200);
      // An admin sees every tenant's.
      const everything = await h.call('ada', 'GET', '/api/editor/inbox');
      expect((everything.json as { groups: InboxGroup[] }).groups.flatMap((group) => group.entryIds)).toEqual(
        expect.arrayContaining([own.id, shared.id]),
      );
    } finally {
      await h.storage.users.setUserTenants(h.userId('eddi'), ['default']);
    }
  });
});
