import { describe, expect, it } from 'vitest';
import type { Storage } from '../../../src/storage/repositories.js';

const KEY = 'webchat/conversations/c1/';

export function stateContract(storage: () => Storage): void {
  describe('state', () => {
    it('reads nothing for keys never written', async () => {
      const { state } = storage();
      expect(await state.readState([KEY, 'other'])).toEqual({});
      expect(await state.readState([])).toEqual({});
    });

    it('reads back what was written, with an eTag', async () => {
      const { state } = storage();
      const value = { dialogStack: [{ id: 'reisepass', state: { step: 1, values: { name: 'Müller' } } }], flag: true };
      await state.writeState({ [KEY]: { value }, other: { value: { n: 1 } } });
      const read = await state.readState([KEY, 'missing']);
      expect(Object.keys(read)).toEqual([KEY]);
      expect(read[KEY]?.value).toEqual(value);
      expect(read[KEY]?.eTag).toEqual(expect.any(String));
      expect(read[KEY]?.eTag).not.toBe('');
    });

    it('every write gives a new eTag', async () => {
      const { state } = storage();
      const eTags = new Set<string | undefined>();
      for (let n = 0; n < 3; n++) {
        await state.writeState({ [KEY]: { value: { n: 1 } } });
        eTags.add((await state.readState([KEY]))[KEY]?.eTag);
      }
      expect(eTags.size).toBe(3);
    });

    it('a write with the current eTag succeeds; with a stale one it throws an eTag conflict and changes nothing', async () => {
      const { state } = storage();
      await state.writeState({ [KEY]: { value: { n: 1 } } });
      const stale = (await state.readState([KEY]))[KEY]?.eTag;
      await state.writeState({ [KEY]: { value: { n: 2 }, eTag: stale } });
      await expect(state.writeState({ [KEY]: { value: { n: 3 }, eTag: stale } })).rejects.toThrow(/eTag conflict/);
      expect((await state.readState([KEY]))[KEY]?.value).toEqual({ n: 2 });
    });

    it('a write with eTag * or without an eTag always succeeds', async () => {
      const { state } = storage();
      await state.writeState({ [KEY]: { value: { n: 1 } } });
      await state.writeState({ [KEY]: { value: { n: 2 }, eTag: '*' } });
      expect((await state.readState([KEY]))[KEY]?.value).toEqual({ n: 2 });
      await state.writeState({ [KEY]: { value: { n: 3 } } });
      expect((await state.readState([KEY]))[KEY]?.value).toEqual({ n: 3 });
      await state.writeState({ fresh: { value: { n: 1 }, eTag: '*' } });
      expect((await state.readState(['fresh'])).fresh?.value).toEqual({ n: 1 });
    });

    it('a write with an eTag for an item deleted meanwhile is a conflict', async () => {
      const { state } = storage();
      await state.writeState({ [KEY]: { value: { n: 1 } } });
      const eTag = (await state.readState([KEY]))[KEY]?.eTag;
      await state.deleteState([KEY]);
      await expect(state.writeState({ [KEY]: { value: { n: 2 }, eTag } })).rejects.toThrow(/eTag conflict/);
      expect(await state.readState([KEY])).toEqual({});
    });

    it('a batch with one conflict writes none of its items', async () => {
      const { state } = storage();
      await state.writeState({ [KEY]: { value: { n: 1 } } });
      await expect(
        state.writeState({ other: { value: { n: 1 } }, [KEY]: { value: { n: 2 }, eTag: 'not-the-current-etag' } }),
      ).rejects.toThrow(/eTag conflict/);
      expect(await state.readState(['other'])).toEqual({});
      expect((await state.readState([KEY]))[KEY]?.value).toEqual({ n: 1 });
    });

    it('deletes the given keys only, and ignores unknown ones', async () => {
      const { state } = storage();
      await state.writeState({ a: { value: { n: 1 } }, b: { value: { n: 2 } } });
      await state.deleteState(['a', 'unknown']);
      expect(Object.keys(await state.readState(['a', 'b']))).toEqual(['b']);
    });

    it('keeps keys with unusual characters apart', async () => {
      const { state } = storage();
      const keys = ['a/b', "it's", '__proto__', 'ümlaut/🙂', 'x%_'];
      await state.writeState(Object.fromEntries(keys.map((key, n) => [key, { value: { n } }])));
      const read = await state.readState(keys);
      expect(keys.map((key) => Object.hasOwn(read, key) && read[key]?.value)).toEqual(keys.map((_, n) => ({ n })));
      expect(await state.readState(['x'])).toEqual({});
    });
  });
}
