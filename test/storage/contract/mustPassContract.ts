import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NewMustPassQuestion } from '../../../src/editor/types.js';
import type { Storage } from '../../../src/storage/repositories.js';

const T0 = new Date('2026-03-02T09:00:00.000Z');

function question(text: string, lang: 'de' | 'en', intent: string): NewMustPassQuestion {
  return { text, lang, intent, createdBy: 'Redakteurin Schulz' };
}

export function mustPassContract(storage: () => Storage): void {
  describe('must-pass questions', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(T0);
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('adds questions with an id and the time, listed by language, then text', async () => {
      const { mustPass } = storage();
      expect(await mustPass.listMustPass()).toEqual([]);
      const wohngeld = await mustPass.addMustPass(question('Wo beantrage ich Wohngeld?', 'de', 'service.wohngeld'));
      expect(wohngeld).toEqual({
        ...question('Wo beantrage ich Wohngeld?', 'de', 'service.wohngeld'),
        id: expect.any(String),
        createdAt: T0.toISOString(),
      });
      const passport = await mustPass.addMustPass(question('I lost my passport', 'en', 'service.reisepass'));
      const weather = await mustPass.addMustPass(question('Wie wird das Wetter?', 'de', 'None'));
      const ausweis = await mustPass.addMustPass(question('Ausweis verloren', 'de', 'service.personalausweis'));
      expect(await mustPass.listMustPass()).toEqual([ausweis, weather, wohngeld, passport]);
    });

    it('refuses the same text in the same language twice, but not in another language', async () => {
      const { mustPass } = storage();
      const first = await mustPass.addMustPass(question('Hallo', 'de', 'smalltalk.greeting'));
      await expect(mustPass.addMustPass(question('Hallo', 'de', 'None'))).rejects.toThrow(/Hallo/);
      const english = await mustPass.addMustPass(question('Hallo', 'en', 'smalltalk.greeting'));
      expect(await mustPass.listMustPass()).toEqual([first, english]);
    });

    it('deletes a question once; deleting an unknown one returns false', async () => {
      const { mustPass } = storage();
      const kept = await mustPass.addMustPass(question('Reisepass beantragen', 'de', 'service.reisepass'));
      const deleted = await mustPass.addMustPass(question('Wohngeld', 'de', 'service.wohngeld'));
      expect(await mustPass.deleteMustPass(deleted.id)).toBe(true);
      expect(await mustPass.deleteMustPass(deleted.id)).toBe(false);
      expect(await mustPass.deleteMustPass('unknown')).toBe(false);
      expect(await mustPass.listMustPass()).toEqual([kept]);
      // The text is free again once its question is deleted.
      await mustPass.addMustPass(question('Wohngeld', 'de', 'service.wohngeld'));
      expect(await mustPass.listMustPass()).toHaveLength(2);
    });
  });
}
