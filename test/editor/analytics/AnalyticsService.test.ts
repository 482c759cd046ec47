import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticsService } from '../../../src/editor/analytics/AnalyticsService.js';
import { type TemplateStorage, templateStorage } from '../inbox/templateStorage.js';

let data: TemplateStorage;

beforeAll(async () => {
  data = await templateStorage();
});
afterAll(() => data.dispose());

const address = {
  channelId: 'web',
  serviceUrl: 'http://localhost',
  conversation: { id: 'c1' },
  user: { id: 'u' },
  bot: { id: 'b' },
};

describe('AnalyticsService', () => {
  it('reports daily counts, top services with their titles, handovers and dialog funnels', async () => {
    const { analytics, conversations, handovers } = data.storage;
    for (const id of ['c1', 'c2']) await conversations.createConversation({ id, channel: 'web', locale: 'de-DE' });
    const at = new Date().toISOString();
    const turn = { at, lang: 'de' as const };
    await analytics.recordTurn({
      ...turn,
      conversationId: 'c1',
      outcome: 'answered',
      intent: 'service.reisepass',
      serviceId: 'reisepass',
    });
    await analytics.recordTurn({
      ...turn,
      conversationId: 'c2',
      outcome: 'answered',
      intent: 'service.reisepass',
      serviceId: 'reisepass',
    });
    await analytics.recordTurn({
      ...turn,
      conversationId: 'c2',
      outcome: 'answered',
      intent: 'service.gone',
      serviceId: 'gone',
    });
    await analytics.recordTurn({ ...turn, conversationId: 'c1', outcome: 'out_of_scope', intent: 'None' });
    await analytics.recordDialogEvent({ at, conversationId: 'c1', dialogId: 'hund-anmelden', kind: 'started' });
    await analytics.recordDialogEvent({
      at,
      conversationId: 'c1',
      dialogId: 'hund-anmelden',
      kind: 'asked',
      field: 'dogName',
    });
    await handovers.createHandover({
      conversationId: 'c1',
      channel: 'web',
      reason: 'requested',
      lang: 'de',
      address,
      requestedAt: at,
      topic: undefined,
      dialogId: undefined,
    });

    const from = new Date(Date.now() - 24 * 60 * 60 * 1000);
    const to = new Date(Date.now() + 24 * 60 * 60 * 1000);
    const report = await new AnalyticsService({ storage: data.storage }).report(from, to);

    expect(report.from).toBe(from.toISOString().slice(0, 10));
    expect(report.days).toEqual([
      { day: at.slice(0, 10), conversations: 2, answered: 3, outOfScope: 1, ambiguous: 0, handovers: 1 },
    ]);
    expect(report.topServices).toEqual([
      { serviceId: 'reisepass', count: 2, title: 'Reisepass beantragen' },
      { serviceId: 'gone', count: 1, title: 'gone' },
    ]);
    expect(report.handovers).toEqual({
      requested: 1,
      accepted: 0,
      rate: 0.5,
      waitMs: { mean: null, p50: null, p90: null },
    });
    expect(report.funnels).toEqual([
      { dialogId: 'hund-anmelden', started: 1, submitted: 0, cancelled: 0, steps: [{ field: 'dogName', reached: 1 }] },
    ]);
  });
});
