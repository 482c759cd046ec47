import { describe, expect, it } from 'vitest';
import type { Storage } from '../../../src/storage/repositories.js';
import { corpus } from './fixtures.js';

export function intentAndModelContract(storage: () => Storage): void {
  describe('corpora', () => {
    it('start empty', async () => {
      const { intents } = storage();
      expect(await intents.isEmpty()).toBe(true);
      expect(await intents.listCorpora()).toEqual([]);
    });

    it('come back as saved, in the order saved, even with the same name in two languages', async () => {
      const { intents } = storage();
      const corpora = [
        corpus('services', 'de-DE', 'service.reisepass'),
        corpus('smalltalk', 'de', 'smalltalk.greeting'),
        corpus('services', 'en', 'service.reisepass'),
      ];
      await intents.saveCorpora(corpora);
      expect(await intents.listCorpora()).toEqual(corpora);
      expect((await intents.listCorpora())[0]?.locale).toBe('de');
      expect(await intents.isEmpty()).toBe(false);
    });

    it('saving replaces all stored corpora', async () => {
      const { intents } = storage();
      await intents.saveCorpora([corpus('services', 'de', 'service.a'), corpus('smalltalk', 'de', 'smalltalk.b')]);
      await intents.saveCorpora([corpus('services', 'de', 'service.c')]);
      expect(await intents.listCorpora()).toEqual([corpus('services', 'de', 'service.c')]);
      await intents.saveCorpora([]);
      expect(await intents.isEmpty()).toBe(true);
    });
  });

  describe('models', () => {
    const older = { fingerprint: 'fp-older', createdAt: '2025-03-01T10:00:00.000Z', data: '{"nlp":"older"}' };
    const newer = { fingerprint: 'fp-newer', createdAt: '2025-03-02T10:00:00.000Z', data: '{"nlp":"newer"}' };

    it('finds nothing before a model is saved', async () => {
      const { models } = storage();
      expect(await models.findLatestModel()).toBeUndefined();
      expect(await models.findModel('fp-older')).toBeUndefined();
    });

    it('finds each model by fingerprint', async () => {
      const { models } = storage();
      await models.saveModel(older);
      await models.saveModel(newer);
      expect(await models.findModel('fp-older')).toEqual(older);
      expect(await models.findModel('fp-newer')).toEqual(newer);
      expect(await models.findModel('fp-unknown')).toBeUndefined();
    });

    it('the latest model is the newest by creation time, not by save order', async () => {
      const { models } = storage();
      await models.saveModel(newer);
      await models.saveModel(older);
      expect(await models.findLatestModel()).toEqual(newer);
    });

    it('saving a fingerprint again replaces that model', async () => {
      const { models } = storage();
      await models.saveModel(older);
      const retrained = { ...older, createdAt: '2025-03-05T10:00:00.000Z', data: '{"nlp":"retrained"}' };
      await models.saveModel(retrained);
      expect(await models.findModel('fp-older')).toEqual(retrained);
      expect(await models.findLatestModel()).toEqual(retrained);
    });

    it('keeps large models intact', async () => {
      const { models } = storage();
      const large = { fingerprint: 'fp-large', createdAt: older.createdAt, data: 'ä€'.repeat(2_000_000) };
      await models.saveModel(large);
      expect(await models.findModel('fp-large')).toEqual(large);
    });
  });
}
