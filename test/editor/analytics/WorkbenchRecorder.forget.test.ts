import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UnderstoodTurn } from '../../../src/editor/analytics/TurnObserver.js';
import { WorkbenchRecorder } from '../../../src/editor/analytics/WorkbenchRecorder.js';
import type { Storage } from '../../../src/storage/repositories.js';
import { openSqliteStorage } from '../../../src/storage/sqlite/openSqliteStorage.js';

/** A passport question the bot answered confidently: not in the inbox, but kept as "the question before". */
function passportQuestion(conversationId: string): UnderstoodTurn {
  return {
    at: new Date().toISOString(),
    conversationId,
    result: {
      text: 'Was kostet ein Reisepass für Erika?',
      lang: 'de',
      intent: 'service.reisepass',
      score: 0.95,
      service: { id: 'reisepass', title: 'Reisepass', leika: [] },
      candidates: [{ id: 'reisepass', score: 0.95 }],
      outOfScope: false,
      ambiguous: false,
    },
    outcome: 'answered',
    serviceId: 'reisepass',
  };
}

describe('WorkbenchRecorder.forget (the citizen deleted the chat)', () => {
  let storage: Storage;
  beforeEach(() => {
    storage = openSqliteStorage(':memory:');
  });
  afterEach(async () => {
    await storage.close();
  });

  it('forgets the question before a request for a person, of that conversation only', async () => {
    const recorder = new WorkbenchRecorder({ storage });
    recorder.understood(passportQuestion('erased'));
    recorder.understood(passportQuestion('other'));

    await recorder.forget('erased');
    recorder.handoverRequested({ at: new Date().toISOString(), conversationId: 'erased', lang: 'de' });
    recorder.handoverRequested({ at: new Date().toISOString(), conversationId: 'other', lang: 'de' });
    await recorder.flush();

    const inbox = await storage.inbox.listInbox();
    expect(inbox.map((entry) => entry.reason)).toEqual(['handover']);
    expect(await storage.inbox.deleteInboxEntriesOfConversation('other')).toBe(1);
  });

  it('resolves only once the entries being written are stored, so that deleting them afterwards leaves none', async () => {
    // The inbox write is held until the test lets it through.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const inbox = storage.inbox;
    const slowInbox: Storage['inbox'] = {
      addInboxEntry: async (entry) => {
        await held;
        return inbox.addInboxEntry(entry);
      },
      listInbox: (filter) => inbox.listInbox(filter),
      findInboxEntries: (ids) => inbox.findInboxEntries(ids),
      resolveInboxEntries: (ids, resolution) => inbox.resolveInboxEntries(ids, resolution),
      deleteInboxEntriesOfConversation: (id) => inbox.deleteInboxEntriesOfConversation(id),
    };
    const recorder = new WorkbenchRecorder({ storage: { inbox: slowInbox, analytics: storage.analytics } });
    recorder.understood({ ...passportQuestion('erased'), outcome: 'out_of_scope', serviceId: undefined });

    let forgotten = false;
    const forgetting = recorder.forget('erased').then(() => {
      forgotten = true;
    });
    await Promise.resolve();
    expect(forgotten).toBe(false);
    release();
    await forgetting;

    expect(await storage.inbox.deleteInboxEntriesOfConversation('erased')).toBe(1);
    expect(await storage.inbox.listInbox()).toEqual([]);
  });
});
