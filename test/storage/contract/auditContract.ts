import { describe, expect, it } from 'vitest';
import type { AuditEntry, NewAuditEntry } from '../../../src/handover/types.js';
import type { Storage } from '../../../src/storage/repositories.js';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms).toISOString();

function entry(n: number, overrides: Partial<NewAuditEntry> = {}): NewAuditEntry {
  return {
    at: at(n * 1_000),
    actorId: 'agent-1',
    actorName: 'Agentin Meyer',
    action: 'handover.accept',
    conversationId: 'c1',
    details: { n },
    ...overrides,
  };
}

export function auditContract(storage: () => Storage): void {
  describe('audit log', () => {
    it('appends entries with increasing ids and gives them back as appended, newest first', async () => {
      const { audit } = storage();
      expect(await audit.listAudit()).toEqual([]);
      const details = {
        from: 'queued',
        to: 'connected',
        waitedMs: 42_000,
        external: false,
        tags: ['Bewohnerparkausweis', 'Rückruf'],
        agent: { id: 'agent-1', team: null },
      };
      const accepted = await audit.appendAudit(entry(0, { details }));
      const bySystem = await audit.appendAudit(
        entry(1, { actorId: undefined, actorName: 'System', action: 'handover.fail', conversationId: undefined }),
      );
      const third = await audit.appendAudit(entry(2));
      expect(accepted).toEqual({ ...entry(0, { details }), tenantId: 'default', id: expect.any(Number) });
      expect(bySystem.id).toBeGreaterThan(accepted.id);
      expect(third.id).toBeGreaterThan(bySystem.id);
      expect(await audit.listAudit()).toEqual([third, bySystem, accepted]);
      expect(bySystem).toMatchObject({ actorId: undefined, conversationId: undefined });
    });

    it('records the tenant an entry concerns and filters by tenants', async () => {
      const { audit } = storage();
      const installation = await audit.appendAudit(entry(0, { conversationId: undefined, action: 'retention.purged' }));
      const musterdorf = await audit.appendAudit(entry(1, { tenantId: 'musterdorf' }));
      const beispielstadt = await audit.appendAudit(entry(2, { tenantId: 'beispielstadt', conversationId: 'c2' }));
      expect(musterdorf.tenantId).toBe('musterdorf');
      expect(await audit.listAudit({ tenants: ['musterdorf'] })).toEqual([musterdorf]);
      expect(ids(await audit.listAudit({ tenants: ['default', 'beispielstadt'] }))).toEqual(
        ids([beispielstadt, installation]),
      );
      expect(await audit.listAudit({ tenants: [] })).toEqual([]);
      expect(await audit.listAudit({ tenants: ['musterdorf'], conversationId: 'c2' })).toEqual([]);
      expect(ids(await audit.listAudit())).toEqual(ids([beispielstadt, musterdorf, installation]));
    });

    it('filters by conversation and by action, both at once, and limits', async () => {
      const { audit } = storage();
      const a = await audit.appendAudit(
        entry(0, { action: 'handover.request', actorId: undefined, actorName: 'Bürger' }),
      );
      const b = await audit.appendAudit(entry(1, { conversationId: 'c2' }));
      const c = await audit.appendAudit(entry(2));
      const d = await audit.appendAudit(entry(3, { action: 'transcript.view' }));
      expect(ids(await audit.listAudit({ conversationId: 'c1' }))).toEqual(ids([d, c, a]));
      expect(ids(await audit.listAudit({ action: 'handover.accept' }))).toEqual(ids([c, b]));
      expect(ids(await audit.listAudit({ conversationId: 'c1', action: 'handover.accept' }))).toEqual(ids([c]));
      expect(await audit.listAudit({ conversationId: 'c3' })).toEqual([]);
      expect(await audit.listAudit({ action: 'ticket.update' })).toEqual([]);
      expect(ids(await audit.listAudit({ limit: 2 }))).toEqual(ids([d, c]));
    });

    it('filters by action prefix, literally and case-sensitively, with the other filters and paging', async () => {
      const { audit } = storage();
      const actions = [
        'editor.intent.saved',
        'editorial.note',
        'Editor.intent.saved',
        'handover.accept',
        'editor.version.published',
        'editor_x.saved',
        'a\\b.c',
        'editor.inbox.assigned',
      ];
      const appended: AuditEntry[] = [];
      for (const [n, action] of actions.entries()) {
        appended.push(await audit.appendAudit(entry(n, { action, conversationId: `c${n % 2}` })));
      }
      const actionsOf = (entries: AuditEntry[]) => entries.map((stored) => stored.action);
      const editor = ['editor.inbox.assigned', 'editor.version.published', 'editor.intent.saved'];
      expect(actionsOf(await audit.listAudit({ actionPrefix: 'editor.' }))).toEqual(editor);
      // `_` and `%` are no wildcards, `\` is no escape; a prefix matches a whole action too.
      expect(actionsOf(await audit.listAudit({ actionPrefix: 'edi_or.' }))).toEqual([]);
      expect(actionsOf(await audit.listAudit({ actionPrefix: 'editor%' }))).toEqual([]);
      expect(actionsOf(await audit.listAudit({ actionPrefix: 'editor_' }))).toEqual(['editor_x.saved']);
      expect(actionsOf(await audit.listAudit({ actionPrefix: 'a\\' }))).toEqual(['a\\b.c']);
      expect(actionsOf(await audit.listAudit({ actionPrefix: 'handover.accept' }))).toEqual(['handover.accept']);
      expect(await audit.listAudit({ actionPrefix: '' })).toHaveLength(actions.length);
      // With paging, a limit and the other filters.
      const [newest, second] = await audit.listAudit({ actionPrefix: 'editor.', limit: 2 });
      expect(actionsOf([newest, second].filter((stored) => stored !== undefined))).toEqual(editor.slice(0, 2));
      expect(actionsOf(await audit.listAudit({ actionPrefix: 'editor.', beforeId: second?.id }))).toEqual(
        editor.slice(2),
      );
      expect(actionsOf(await audit.listAudit({ actionPrefix: 'editor.', conversationId: 'c0' }))).toEqual([
        'editor.version.published',
        'editor.intent.saved',
      ]);
      expect(await audit.listAudit({ actionPrefix: 'editor.', action: 'editor.intent.saved' })).toEqual([appended[0]]);
    });

    it('pages back with beforeId, page by page until nothing is left', async () => {
      const { audit } = storage();
      const appended: AuditEntry[] = [];
      for (let n = 0; n < 7; n += 1) appended.push(await audit.appendAudit(entry(n, { conversationId: `c${n % 2}` })));
      // Bounded, so that a beforeId that does not page back fails instead of looping forever.
      const pages: number[][] = [];
      let beforeId: number | undefined;
      for (let page = 0; page < 4; page += 1) {
        const entries = await audit.listAudit({ limit: 3, beforeId });
        pages.push(ids(entries));
        beforeId = entries.at(-1)?.id;
        if (entries.length === 0) break;
      }
      const newestFirst = ids(appended).reverse();
      expect(pages).toEqual([newestFirst.slice(0, 3), newestFirst.slice(3, 6), newestFirst.slice(6), []]);
      // Entries 0, 2, 4 and 6 are about c0; before entry 4 that leaves 2 and 0.
      const [e0, , e2, , e4] = appended;
      expect(await audit.listAudit({ conversationId: 'c0', beforeId: e4?.id })).toEqual([e2, e0]);
    });

    it('keeps entries about a conversation after it was deleted', async () => {
      const { audit, conversations } = storage();
      await conversations.createConversation({ id: 'c1', channel: 'socketio', locale: 'de' });
      const appended = await audit.appendAudit(entry(0));
      await conversations.deleteConversation('c1');
      expect(await audit.listAudit({ conversationId: 'c1' })).toEqual([appended]);
    });
  });
}

function ids(entries: AuditEntry[]): number[] {
  return entries.map((stored) => stored.id);
}
