import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CannedResponse, CannedResponseInput } from '../../../src/handover/types.js';
import type { Storage } from '../../../src/storage/repositories.js';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms).toISOString();

function input(title: string, lang: CannedResponseInput['lang'] = 'de'): CannedResponseInput {
  return { title, text: `Antwort zu ${title}`, lang };
}

export function cannedResponseContract(storage: () => Storage): void {
  describe('canned responses', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(T0);
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('creates responses and lists them by language, then by title regardless of case', async () => {
      const { cannedResponses } = storage();
      expect(await cannedResponses.listCannedResponses()).toEqual([]);
      const created = await cannedResponses.createCannedResponse(input('Zulassung'), 'admin-1');
      expect(created).toEqual({
        ...input('Zulassung'),
        id: expect.any(String),
        updatedAt: at(0),
        updatedBy: 'admin-1',
      });
      for (const [title, lang] of [
        ['passport', 'en'],
        ['ausweis verloren', 'de'],
        ['Appointment', 'en'],
        ['Bürgeramt', 'de'],
      ] as const) {
        await cannedResponses.createCannedResponse(input(title, lang), 'admin-1');
      }
      const listed = await cannedResponses.listCannedResponses();
      expect(titles(listed)).toEqual([
        'de ausweis verloren',
        'de Bürgeramt',
        'de Zulassung',
        'en Appointment',
        'en passport',
      ]);
      expect(listed.find((response) => response.id === created.id)).toEqual(created);
    });

    it('an update replaces title, text and language and records who changed it when', async () => {
      const { cannedResponses } = storage();
      const created = await cannedResponses.createCannedResponse(input('Öffnungszeiten'), 'admin-1');
      const other = await cannedResponses.createCannedResponse(input('Termin'), 'admin-1');
      vi.setSystemTime(new Date(at(60_000)));
      const changed: CannedResponseInput = { title: 'Opening hours', text: 'Mo–Fr 8–12 Uhr', lang: 'en' };
      const updated = await cannedResponses.updateCannedResponse(created.id, changed, 'admin-2');
      expect(updated).toEqual({ ...changed, id: created.id, updatedAt: at(60_000), updatedBy: 'admin-2' });
      expect(await cannedResponses.listCannedResponses()).toEqual([other, updated]);
    });

    it('updating an unknown response changes nothing and returns undefined', async () => {
      const { cannedResponses } = storage();
      const created = await cannedResponses.createCannedResponse(input('Termin'), 'admin-1');
      expect(await cannedResponses.updateCannedResponse('unknown', input('Anders'), 'admin-2')).toBeUndefined();
      expect(await cannedResponses.listCannedResponses()).toEqual([created]);
    });

    it('deletes a response once; deleting it again or an unknown one reports false', async () => {
      const { cannedResponses } = storage();
      const gone = await cannedResponses.createCannedResponse(input('Termin'), 'admin-1');
      const kept = await cannedResponses.createCannedResponse(input('Gebühren'), 'admin-1');
      expect(await cannedResponses.deleteCannedResponse(gone.id)).toBe(true);
      expect(await cannedResponses.listCannedResponses()).toEqual([kept]);
      expect(await cannedResponses.deleteCannedResponse(gone.id)).toBe(false);
      expect(await cannedResponses.deleteCannedResponse('unknown')).toBe(false);
      expect(await cannedResponses.listCannedResponses()).toEqual([kept]);
    });
  });
}

function titles(responses: CannedResponse[]): string[] {
  return responses.map((response) => `${response.lang} ${response.title}`);
}
