import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsReport } from '../../../src/editor/ports.js';
import type { TurnEvent } from '../../../src/editor/types.js';
import type { AuditEntry } from '../../../src/handover/types.js';
import { type EditorApiHarness, startEditorApi } from './harness.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');

describe('editor API: analytics and the workbench audit log', () => {
  let h: EditorApiHarness;
  beforeAll(async () => {
    h = await startEditorApi({}, { now: () => NOW });
    const turn = (at: string, conversationId: string, serviceId: string): TurnEvent => ({
      at,
      conversationId,
      lang: 'de',
      outcome: 'answered',
      intent: `service.${serviceId}`,
      serviceId,
    });
    await h.storage.analytics.recordTurn(turn('2026-03-02T09:00:00.000Z', 'c1', 'reisepass'));
    await h.storage.analytics.recordTurn(turn('2026-03-09T09:00:00.000Z', 'c2', 'reisepass'));
    await h.storage.analytics.recordTurn(turn('2026-03-09T10:00:00.000Z', 'c3', 'bewohnerparkausweis'));
  });
  afterAll(async () => {
    await h.close();
  });

  const report = async (query: string) => {
    const reply = await h.call('eddi', 'GET', `/api/editor/analytics${query}`);
    expect(reply.status, JSON.stringify(reply.json)).toBe(200);
    return reply.json as AnalyticsReport;
  };

  it('reports the last 30 days up to today by default', async () => {
    const { from, to, days, topServices } = await report('');
    expect({ from, to }).toEqual({ from: '2026-02-09', to: '2026-03-10' });
    expect(days.map((day) => day.day)).toEqual(['2026-03-02', '2026-03-09']);
    expect(topServices[0]).toMatchObject({ serviceId: 'reisepass', count: 2, title: expect.any(String) });
  });

  it('reports the days asked for, both included', async () => {
    const { from, to, days } = await report('?from=2026-03-03&to=2026-03-09');
    expect({ from, to }).toEqual({ from: '2026-03-03', to: '2026-03-09' });
    expect(days).toEqual([expect.objectContaining({ day: '2026-03-09', answered: 2 })]);
  });

  it('refuses malformed and reversed periods', async () => {
    expect((await h.call('eddi', 'GET', '/api/editor/analytics?from=2026-3-1')).status).toBe(400);
    const reversed = await h.call('eddi', 'GET', '/api/editor/analytics?from=2026-03-09&to=2026-03-01');
    expect(reversed.status).toBe(400);
    expect(reversed.json).toMatchObject({ issues: [expect.objectContaining({ path: ['query', 'from'] })] });
    expect((await h.call('eddi', 'GET', '/api/editor/analytics?from=2020-01-01&to=2026-01-01')).status).toBe(400);
  });

  it("lists only the workbench's audit entries, newest first, paging back", async () => {
    for (const text of ['Erste Frage', 'Zweite Frage', 'Dritte Frage']) {
      await h.call('eddi', 'POST', '/api/editor/must-pass', { text, lang: 'de', intent: 'None' });
      await h.storage.audit.appendAudit({
        at: NOW.toISOString(),
        actorId: undefined,
        actorName: 'anna',
        action: 'ticket.updated',
        conversationId: undefined,
        details: {},
      });
    }
    const first = await h.call('pia', 'GET', '/api/editor/audit?limit=2');
    expect(first.status).toBe(200);
    const page = (first.json as { entries: AuditEntry[] }).entries;
    expect(page.map((entry) => entry.details.text)).toEqual(['Dritte Frage', 'Zweite Frage']);
    expect(page[0]).toMatchObject({ action: 'editor.must_pass.added', actorName: 'eddi', at: NOW.toISOString() });
    const next = await h.call('pia', 'GET', `/api/editor/audit?limit=2&before=${page[1]?.id}`);
    // Before the questions: the first version, published by the system when the data directory had none.
    expect((next.json as { entries: AuditEntry[] }).entries).toEqual([
      expect.objectContaining({
        action: 'editor.must_pass.added',
        details: expect.objectContaining({ text: 'Erste Frage' }),
      }),
      expect.objectContaining({ action: 'editor.version.published', actorName: 'system' }),
    ]);
    expect((await h.call('anna', 'GET', '/api/editor/audit')).status).toBe(403);
    expect((await h.call('eddi', 'GET', '/api/editor/audit?limit=1000')).status).toBe(400);
  });
});
