import { describe, expect, it } from 'vitest';
import type { InboxEntry, NewInboxEntry } from '../../../src/editor/types.js';
import type { Storage } from '../../../src/storage/repositories.js';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms).toISOString();

/** A question about a dog licence the bot did not know, already scrubbed. */
function newEntry(n: number, overrides: Partial<NewInboxEntry> = {}): NewInboxEntry {
  return {
    at: at(n * 60_000),
    conversationId: `c${n}`,
    lang: 'de',
    text: `Wo melde ich meinen Hund an? (${n}) Ich heiße [NAME].`,
    reason: 'out_of_scope',
    intent: 'None',
    score: 0.21,
    ...overrides,
  };
}

/** How an entry reads back: without the conversation id, which only counts citizens. */
function asStored(entry: NewInboxEntry, id: string): InboxEntry {
  const { conversationId: _, ...rest } = entry;
  return {
    ...rest,
    id,
    status: 'open',
    resolvedIntent: undefined,
    resolvedBy: undefined,
    resolvedAt: undefined,
  };
}

export function inboxContract(storage: () => Storage): void {
  describe('inbox', () => {
    it('adds open entries as given, without handing back the conversation id', async () => {
      const { inbox } = storage();
      expect(await inbox.listInbox()).toEqual([]);
      const added = await inbox.addInboxEntry(newEntry(0));
      expect(added).toEqual(asStored(newEntry(0), added.id));
      expect(added).not.toHaveProperty('conversationId');
      const anonymous = await inbox.addInboxEntry(
        newEntry(1, { conversationId: undefined, lang: 'en', reason: 'ambiguous', intent: 'service.a', score: 0.55 }),
      );
      expect(anonymous).toMatchObject({ lang: 'en', reason: 'ambiguous', intent: 'service.a', score: 0.55 });
      expect(await inbox.findInboxEntries([added.id])).toEqual([added]);
    });

    it('lists newest first, by status, limited', async () => {
      const { inbox } = storage();
      const added: InboxEntry[] = [];
      for (const n of [2, 0, 1, 3]) added.push(await inbox.addInboxEntry(newEntry(n)));
      const [two, zero, one, three] = added.map((entry) => entry.id);
      expect(ids(await inbox.listInbox())).toEqual([three, two, one, zero]);
      await inbox.resolveInboxEntries([one ?? ''], { status: 'ignored', by: 'editor', at: at(600_000) });
      expect(ids(await inbox.listInbox({ status: 'open' }))).toEqual([three, two, zero]);
      expect(ids(await inbox.listInbox({ status: 'ignored' }))).toEqual([one]);
      expect(await inbox.listInbox({ status: 'assigned' })).toEqual([]);
      expect(ids(await inbox.listInbox({ limit: 2 }))).toEqual([three, two]);
    });

    it('finds entries by id, ignoring unknown ids; none for no ids', async () => {
      const { inbox } = storage();
      const a = await inbox.addInboxEntry(newEntry(0));
      const b = await inbox.addInboxEntry(newEntry(1));
      await inbox.addInboxEntry(newEntry(2));
      expect(await inbox.findInboxEntries([a.id, 'unknown', b.id, a.id])).toEqual([b, a]);
      expect(await inbox.findInboxEntries([])).toEqual([]);
    });

    it('resolves only entries that are still open, and says how many', async () => {
      const { inbox } = storage();
      const [a, b, c] = [
        await inbox.addInboxEntry(newEntry(0)),
        await inbox.addInboxEntry(newEntry(1)),
        await inbox.addInboxEntry(newEntry(2)),
      ];
      const assigned = await inbox.resolveInboxEntries([a.id, b.id, 'unknown'], {
        status: 'assigned',
        intent: 'service.hundesteuer',
        by: 'Redakteurin Schulz',
        at: at(600_000),
      });
      expect(assigned).toBe(2);
      // A second decision on the same entries (another editor, a double click) changes nothing.
      const again = await inbox.resolveInboxEntries([a.id, b.id, c.id], {
        status: 'new_service',
        by: 'Redakteur Weber',
        at: at(700_000),
      });
      expect(again).toBe(1);
      expect(await inbox.findInboxEntries([a.id, b.id, c.id])).toEqual([
        { ...c, status: 'new_service', resolvedBy: 'Redakteur Weber', resolvedAt: at(700_000) },
        {
          ...b,
          status: 'assigned',
          resolvedIntent: 'service.hundesteuer',
          resolvedBy: 'Redakteurin Schulz',
          resolvedAt: at(600_000),
        },
        {
          ...a,
          status: 'assigned',
          resolvedIntent: 'service.hundesteuer',
          resolvedBy: 'Redakteurin Schulz',
          resolvedAt: at(600_000),
        },
      ]);
      expect(await inbox.resolveInboxEntries([], { status: 'ignored', by: 'x', at: at(0) })).toBe(0);
    });

    it('deletes the entries of one conversation, open or resolved, and says how many', async () => {
      const { inbox } = storage();
      const open = await inbox.addInboxEntry(newEntry(0, { conversationId: 'erased' }));
      const resolved = await inbox.addInboxEntry(newEntry(1, { conversationId: 'erased' }));
      await inbox.resolveInboxEntries([resolved.id], { status: 'ignored', by: 'editor', at: at(600_000) });
      const other = await inbox.addInboxEntry(newEntry(2, { conversationId: 'other' }));
      const anonymous = await inbox.addInboxEntry(newEntry(3, { conversationId: undefined }));

      expect(await inbox.deleteInboxEntriesOfConversation('erased')).toBe(2);
      expect(await inbox.findInboxEntries([open.id, resolved.id])).toEqual([]);
      expect(ids(await inbox.listInbox())).toEqual([anonymous.id, other.id]);
      expect(await inbox.deleteInboxEntriesOfConversation('erased')).toBe(0);
      expect(await inbox.deleteInboxEntriesOfConversation('unknown')).toBe(0);
    });

    it('keeps to the tenants given: lists, finds and resolves only their entries', async () => {
      const { inbox } = storage();
      const own = await inbox.addInboxEntry(newEntry(1, { tenantId: 'musterdorf' }));
      const other = await inbox.addInboxEntry(newEntry(2, { tenantId: 'beispielstadt' }));
      const shared = await inbox.addInboxEntry(newEntry(3));
      const ids = [own.id, other.id, shared.id];
      const idsOf = (entries: InboxEntry[]) => entries.map((entry) => entry.id).sort();

      expect(idsOf(await inbox.listInbox({ tenants: ['musterdorf'] }))).toEqual([own.id]);
      expect(idsOf(await inbox.listInbox({ tenants: ['musterdorf', 'default'] }))).toEqual([own.id, shared.id].sort());
      expect(idsOf(await inbox.listInbox({ tenants: [] }))).toEqual([]);
      expect(idsOf(await inbox.listInbox())).toEqual([...ids].sort());
      expect(idsOf(await inbox.findInboxEntries(ids, ['beispielstadt']))).toEqual([other.id]);

      const decision = { status: 'ignored' as const, by: 'dora', at: at(0) };
      expect(await inbox.resolveInboxEntries(ids, decision, ['musterdorf'])).toBe(1);
      expect(idsOf(await inbox.listInbox({ status: 'open' }))).toEqual([other.id, shared.id].sort());
      expect(await inbox.resolveInboxEntries(ids, decision)).toBe(2);
    });

    it('handles groups bigger than SQLite’s limit on bound parameters', async () => {
      const { inbox } = storage();
      const added: InboxEntry[] = [];
      for (let n = 0; n < 40; n += 1) added.push(await inbox.addInboxEntry(newEntry(n)));
      const many = [...added.map((entry) => entry.id), ...Array.from({ length: 40_000 }, (_, n) => `x${n}`)];
      expect(await inbox.findInboxEntries(many)).toHaveLength(40);
      expect(await inbox.resolveInboxEntries(many, { status: 'ignored', by: 'editor', at: at(0) })).toBe(40);
    });
  });
}

function ids(entries: InboxEntry[]): string[] {
  return entries.map((entry) => entry.id);
}
