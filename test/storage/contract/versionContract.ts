import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelVersion, NewModelVersion } from '../../../src/editor/types.js';
import type { Storage } from '../../../src/storage/repositories.js';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms).toISOString();

/** A publication of a training run whose gate passed. */
function newVersion(n: number, overrides: Partial<NewModelVersion> = {}): NewModelVersion {
  return {
    publishedAt: at(n * 60_000),
    publishedBy: 'Redakteurin Schulz',
    fingerprint: `fp-${n}`,
    corporaHash: `corpora-${n}`,
    catalogueHash: `catalogue-${n}`,
    trainingRunId: `run-${n}`,
    gatePassed: true,
    note: `Stand ${n}`,
    ...overrides,
  };
}

export function versionContract(storage: () => Storage): void {
  describe('versions and snapshots', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(T0);
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('stores a snapshot once per hash: saving the hash again keeps the first content', async () => {
      const { versions } = storage();
      expect(await versions.findSnapshot('h1')).toBeUndefined();
      const json = JSON.stringify([{ name: 'Dienstleistungen', locale: 'de', data: [] }]);
      await versions.saveSnapshot('h1', 'corpora', json);
      await versions.saveSnapshot('h1', 'corpora', '"something else"');
      await versions.saveSnapshot('h2', 'catalogue', '{"services":[]}');
      expect(await versions.findSnapshot('h1')).toBe(json);
      expect(await versions.findSnapshot('h2')).toBe('{"services":[]}');
    });

    it('keeps large snapshots intact', async () => {
      const { versions } = storage();
      const json = JSON.stringify({ text: 'Größenänderung €'.repeat(200_000) });
      await versions.saveSnapshot('big', 'catalogue', json);
      expect(await versions.findSnapshot('big')).toBe(json);
    });

    it('numbers versions 1, 2, 3 and keeps every field as given', async () => {
      const { versions } = storage();
      expect(await versions.liveVersion()).toBeUndefined();
      expect(await versions.listVersions()).toEqual([]);
      const first = await versions.publishVersion(
        newVersion(1, { trainingRunId: undefined, gatePassed: undefined, note: undefined, publishedBy: 'cli' }),
      );
      expect(first).toEqual({
        ...newVersion(1, { publishedBy: 'cli' }),
        version: 1,
        trainingRunId: undefined,
        gatePassed: undefined,
        note: undefined,
        override: undefined,
        rollbackOf: undefined,
      });
      const overridden = await versions.publishVersion(
        newVersion(2, { gatePassed: false, override: { reason: 'Gesetzesänderung zum 1.4.', by: 'admin' } }),
      );
      expect(overridden).toEqual({
        ...newVersion(2, { gatePassed: false, override: { reason: 'Gesetzesänderung zum 1.4.', by: 'admin' } }),
        version: 2,
        rollbackOf: undefined,
      });
      const rollback = await versions.publishVersion(newVersion(3, { ...newVersion(1), rollbackOf: 1 }));
      expect(rollback).toMatchObject({ version: 3, rollbackOf: 1, fingerprint: 'fp-1', gatePassed: true });
      expect(await versions.findVersion(2)).toEqual(overridden);
      expect(await versions.findVersion(4)).toBeUndefined();
    });

    it('lists versions newest first; the newest is live', async () => {
      const { versions } = storage();
      const published: ModelVersion[] = [];
      for (const n of [1, 2, 3]) published.push(await versions.publishVersion(newVersion(n)));
      expect(await versions.listVersions()).toEqual([...published].reverse());
      expect(await versions.liveVersion()).toEqual(published[2]);
    });

    it('numbers versions published at the same time without gaps or duplicates', async () => {
      const { versions } = storage();
      const published = await Promise.all(
        Array.from({ length: 10 }, (_, n) => versions.publishVersion(newVersion(n, { publishedAt: at(0) }))),
      );
      expect(published.map((version) => version.version).sort((a, b) => a - b)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
      ]);
      expect((await versions.listVersions()).map((version) => version.version)).toEqual([
        10, 9, 8, 7, 6, 5, 4, 3, 2, 1,
      ]);
    });
  });
}
