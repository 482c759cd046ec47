import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DialogEvent, TurnEvent } from '../../../src/editor/types.js';
import type { Storage } from '../../../src/storage/repositories.js';
import { newHandover } from './fixtures.js';

/** The period 2 to 5 March 2026 (UTC), [from, to). */
const FROM = new Date('2026-03-02T00:00:00.000Z');
const TO = new Date('2026-03-06T00:00:00.000Z');

function turn(at: string, conversationId: string, outcome: TurnEvent['outcome'], serviceId?: string): TurnEvent {
  return { at, conversationId, lang: 'de', outcome, intent: serviceId ? `service.${serviceId}` : 'None', serviceId };
}

function dialog(at: string, conversationId: string, kind: DialogEvent['kind'], field?: string): DialogEvent {
  return { at, conversationId, dialogId: 'bewohnerparkausweis', kind, field };
}

/** Conversations start at the faked clock's time, as they do in the bot. */
async function startConversation(storage: Storage, id: string, at: string, tenantId?: string): Promise<void> {
  vi.setSystemTime(new Date(at));
  await storage.conversations.createConversation({ id, channel: 'socketio', locale: 'de', tenantId });
}

async function requestHandover(storage: Storage, conversationId: string, requestedAt: string): Promise<void> {
  await storage.handovers.createHandover(newHandover(conversationId, requestedAt));
}

export function analyticsContract(storage: () => Storage): void {
  describe('analytics', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('reports nothing for a period without events', async () => {
      const { analytics } = storage();
      expect(await analytics.dailyCounts(FROM, TO)).toEqual([]);
      expect(await analytics.topServices(FROM, TO, 10)).toEqual([]);
      expect(await analytics.dialogFunnels(FROM, TO)).toEqual([]);
    });

    it('counts per UTC day: conversations started, turns by outcome and handovers requested, only in [from, to)', async () => {
      const s = storage();
      const { analytics } = s;
      // Before the period: the last millisecond of 1 March.
      await startConversation(s, 'c0', '2026-03-01T23:59:59.999Z');
      await analytics.recordTurn(turn('2026-03-01T23:59:59.999Z', 'c0', 'answered', 'reisepass'));
      await requestHandover(s, 'c0', '2026-03-01T23:59:59.999Z');
      // 2 March, from its first to its last millisecond.
      await startConversation(s, 'c1', '2026-03-02T00:00:00.000Z');
      // Another municipality's: the statistics count every tenant's conversations.
      await startConversation(s, 'c2', '2026-03-02T23:59:59.999Z', 'musterdorf');
      await analytics.recordTurn(turn('2026-03-02T00:00:00.000Z', 'c1', 'answered', 'reisepass'));
      await analytics.recordTurn(turn('2026-03-02T08:00:00.000Z', 'c1', 'form', 'bewohnerparkausweis'));
      await analytics.recordTurn(turn('2026-03-02T12:00:00.000Z', 'c2', 'out_of_scope'));
      await analytics.recordTurn(turn('2026-03-02T12:01:00.000Z', 'c2', 'ambiguous'));
      // Half past midnight in Berlin is still 2 March in UTC.
      await analytics.recordTurn(turn('2026-03-03T00:30:00.000+01:00', 'c2', 'answered', 'reisepass'));
      await requestHandover(s, 'c2', '2026-03-02T23:59:59.999Z');
      // 3 March: c1 goes on from the day before; c3 starts and asks for a person.
      await startConversation(s, 'c3', '2026-03-03T00:00:00.000Z');
      await analytics.recordTurn(turn('2026-03-03T00:00:00.000Z', 'c1', 'answered', 'reisepass'));
      await analytics.recordTurn(turn('2026-03-03T10:00:00.000Z', 'c3', 'handover'));
      await requestHandover(s, 'c3', '2026-03-03T10:00:00.000Z');
      // 4 March: nothing. 5 March: a turn of a conversation stored elsewhere (a Bot Framework channel, say).
      await analytics.recordTurn(turn('2026-03-05T18:00:00.000Z', 'c9', 'out_of_scope'));
      // The end of the period is not in it.
      await startConversation(s, 'c10', '2026-03-06T00:00:00.000Z');
      await analytics.recordTurn(turn('2026-03-06T00:00:00.000Z', 'c10', 'answered', 'wohngeld'));

      expect(await analytics.dailyCounts(FROM, TO)).toEqual([
        { day: '2026-03-02', conversations: 2, answered: 3, outOfScope: 1, ambiguous: 1, handovers: 1 },
        { day: '2026-03-03', conversations: 1, answered: 1, outOfScope: 0, ambiguous: 0, handovers: 1 },
        { day: '2026-03-05', conversations: 0, answered: 0, outOfScope: 1, ambiguous: 0, handovers: 0 },
      ]);
      expect(await analytics.dailyCounts(new Date('2026-03-03T00:00:00.000Z'), TO)).toEqual([
        { day: '2026-03-03', conversations: 1, answered: 1, outOfScope: 0, ambiguous: 0, handovers: 1 },
        { day: '2026-03-05', conversations: 0, answered: 0, outOfScope: 1, ambiguous: 0, handovers: 0 },
      ]);
    });

    it('ranks the services answered in the period, most first, ties by id, limited', async () => {
      const { analytics } = storage();
      for (const at of ['2026-03-02T09:00:00.000Z', '2026-03-03T09:00:00.000Z', '2026-03-05T23:59:59.999Z']) {
        await analytics.recordTurn(turn(at, 'c1', 'answered', 'reisepass'));
      }
      await analytics.recordTurn(turn('2026-03-02T10:00:00.000Z', 'c2', 'form', 'bewohnerparkausweis'));
      await analytics.recordTurn(turn('2026-03-02T10:00:00.000Z', 'c2', 'answered', 'anmeldung'));
      await analytics.recordTurn(turn('2026-03-02T11:00:00.000Z', 'c2', 'out_of_scope'));
      for (const at of ['2026-03-01T12:00:00.000Z', '2026-03-06T00:00:00.000Z', '2026-03-07T00:00:00.000Z']) {
        await analytics.recordTurn(turn(at, 'c3', 'answered', 'wohngeld'));
        await analytics.recordTurn(turn(at, 'c3', 'answered', 'wohngeld'));
      }
      expect(await analytics.topServices(FROM, TO, 10)).toEqual([
        { serviceId: 'reisepass', count: 3 },
        { serviceId: 'anmeldung', count: 1 },
        { serviceId: 'bewohnerparkausweis', count: 1 },
      ]);
      expect(await analytics.topServices(FROM, TO, 1)).toEqual([{ serviceId: 'reisepass', count: 3 }]);
    });

    it('funnels count distinct conversations per dialog; steps in the order first asked', async () => {
      const { analytics } = storage();
      const events: DialogEvent[] = [
        // c1 goes through, the licence plate asked twice (the first answer was invalid).
        dialog('2026-03-02T09:00:00.000Z', 'c1', 'started'),
        dialog('2026-03-02T09:00:01.000Z', 'c1', 'asked', 'kennzeichen'),
        dialog('2026-03-02T09:00:30.000Z', 'c1', 'asked', 'kennzeichen'),
        dialog('2026-03-02T09:01:00.000Z', 'c1', 'asked', 'anschrift'),
        dialog('2026-03-02T09:02:00.000Z', 'c1', 'submitted'),
        // c2 gives up at the licence plate.
        dialog('2026-03-03T09:00:00.000Z', 'c2', 'started'),
        dialog('2026-03-03T09:00:01.000Z', 'c2', 'asked', 'kennzeichen'),
        dialog('2026-03-03T09:00:20.000Z', 'c2', 'cancelled'),
        // c3 starts twice and is asked the plate twice: still one conversation.
        dialog('2026-03-04T09:00:00.000Z', 'c3', 'started'),
        dialog('2026-03-04T09:00:01.000Z', 'c3', 'asked', 'kennzeichen'),
        dialog('2026-03-04T10:00:00.000Z', 'c3', 'started'),
        dialog('2026-03-04T10:00:01.000Z', 'c3', 'asked', 'kennzeichen'),
        // Another dialog, only started.
        { ...dialog('2026-03-05T09:00:00.000Z', 'c4', 'started'), dialogId: 'zweitwohnsitz' },
        { ...dialog('2026-03-05T09:00:01.000Z', 'c5', 'started'), dialogId: 'zweitwohnsitz' },
        // Outside the period.
        dialog('2026-03-01T23:59:59.999Z', 'c0', 'started'),
        dialog('2026-03-01T23:59:59.999Z', 'c0', 'asked', 'anschrift'),
        dialog('2026-03-06T00:00:00.000Z', 'c9', 'submitted'),
        { ...dialog('2026-03-06T00:00:00.000Z', 'c9', 'started'), dialogId: 'hundesteuer' },
      ];
      for (const event of events) await analytics.recordDialogEvent(event);
      expect(await analytics.dialogFunnels(FROM, TO)).toEqual([
        {
          dialogId: 'bewohnerparkausweis',
          started: 3,
          submitted: 1,
          cancelled: 1,
          steps: [
            { field: 'kennzeichen', reached: 3 },
            { field: 'anschrift', reached: 1 },
          ],
        },
        { dialogId: 'zweitwohnsitz', started: 2, submitted: 0, cancelled: 0, steps: [] },
      ]);
    });

    it("counts the tenants asked for, or every tenant's", async () => {
      const s = storage();
      const { analytics } = s;
      await s.tenants.saveTenant('musterdorf', {});
      await startConversation(s, 'd1', '2026-03-02T09:00:00.000Z');
      await startConversation(s, 'm1', '2026-03-02T10:00:00.000Z', 'musterdorf');
      await analytics.recordTurn(turn('2026-03-02T09:00:01.000Z', 'd1', 'answered', 'reisepass'));
      const musterdorf = { tenantId: 'musterdorf' };
      await analytics.recordTurn({ ...turn('2026-03-02T10:00:01.000Z', 'm1', 'answered', 'hund'), ...musterdorf });
      await analytics.recordTurn({ ...turn('2026-03-02T10:00:02.000Z', 'm1', 'out_of_scope'), ...musterdorf });
      await analytics.recordDialogEvent(dialog('2026-03-02T09:00:02.000Z', 'd1', 'started'));
      await analytics.recordDialogEvent({ ...dialog('2026-03-02T10:00:03.000Z', 'm1', 'started'), ...musterdorf });
      await analytics.recordDialogEvent({ ...dialog('2026-03-02T10:00:04.000Z', 'm1', 'submitted'), ...musterdorf });
      await s.handovers.createHandover({ ...newHandover('m1', '2026-03-02T10:00:05.000Z'), ...musterdorf });
      await requestHandover(s, 'd1', '2026-03-02T09:00:03.000Z');

      expect(await analytics.dailyCounts(FROM, TO, ['musterdorf'])).toEqual([
        { day: '2026-03-02', conversations: 1, answered: 1, outOfScope: 1, ambiguous: 0, handovers: 1 },
      ]);
      expect(await analytics.topServices(FROM, TO, 10, ['musterdorf'])).toEqual([{ serviceId: 'hund', count: 1 }]);
      expect(await analytics.dialogFunnels(FROM, TO, ['musterdorf'])).toEqual([
        { dialogId: 'bewohnerparkausweis', started: 1, submitted: 1, cancelled: 0, steps: [] },
      ]);
      expect(await analytics.dailyCounts(FROM, TO, ['default'])).toEqual([
        { day: '2026-03-02', conversations: 1, answered: 1, outOfScope: 0, ambiguous: 0, handovers: 1 },
      ]);
      expect(await analytics.dailyCounts(FROM, TO)).toEqual([
        { day: '2026-03-02', conversations: 2, answered: 2, outOfScope: 1, ambiguous: 0, handovers: 2 },
      ]);
      expect(await analytics.dailyCounts(FROM, TO, [])).toEqual([]);
      expect(await analytics.topServices(FROM, TO, 10, ['beispielstadt'])).toEqual([]);
    });

    it('refuses an event with an invalid time instead of storing it where no period finds it', async () => {
      const { analytics } = storage();
      await expect(analytics.recordTurn(turn('gestern', 'c1', 'answered'))).rejects.toThrow(/gestern/);
      await expect(analytics.recordDialogEvent(dialog('', 'c1', 'started'))).rejects.toThrow();
    });
  });
}
