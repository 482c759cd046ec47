import { describe, expect, it } from 'vitest';
import type { CorpusFile, Storage } from '../../../src/storage/repositories.js';
import { corpus } from './fixtures.js';

/** The files with intent `intent` added to the corpus at `path` (changed in place, as a change may). */
function addIntent(files: CorpusFile[], path: string, intent: string): CorpusFile[] {
  const file = files.find((candidate) => candidate.path === path);
  if (!file) throw new Error(`no corpus file ${path}`);
  file.corpus.data.push({ intent, utterances: [`Ich brauche ${intent}`], answers: [] });
  return files;
}

function intentsOf(files: CorpusFile[]): string[] {
  return files.flatMap((file) => file.corpus.data.map((intent) => `${file.path}:${intent.intent}`));
}

/** The default corpus as `intents/` holds it. */
function defaultFiles(): CorpusFile[] {
  return [
    { path: 'de/conversation.json', corpus: corpus('Gesprächsführung', 'de', 'smalltalk.greeting') },
    { path: 'de/services.json', corpus: corpus('Dienstleistungen', 'de', 'service.reisepass') },
    { path: 'en/services.json', corpus: corpus('Services', 'en', 'service.reisepass') },
  ];
}

export function corpusFileContract(storage: () => Storage): void {
  describe('corpus files', () => {
    it('come back with their paths in the order saved, and as corpora', async () => {
      const { intents } = storage();
      expect(await intents.listCorpusFiles()).toEqual([]);
      await intents.saveCorpusFiles(defaultFiles());
      expect(await intents.listCorpusFiles()).toEqual(defaultFiles());
      expect(await intents.listCorpora()).toEqual(defaultFiles().map((file) => file.corpus));
      expect(await intents.isEmpty()).toBe(false);
    });

    it('saving files replaces all stored corpora and paths', async () => {
      const { intents } = storage();
      await intents.saveCorpusFiles(defaultFiles());
      const moved = [{ path: 'de/dienste/alle.json', corpus: corpus('Dienstleistungen', 'de', 'service.a') }];
      await intents.saveCorpusFiles(moved);
      expect(await intents.listCorpusFiles()).toEqual(moved);
      await intents.saveCorpusFiles([]);
      expect(await intents.isEmpty()).toBe(true);
    });

    it('refuses duplicate paths and paths that leave the directory, keeping what was stored', async () => {
      const { intents } = storage();
      await intents.saveCorpusFiles(defaultFiles());
      const twice = [...defaultFiles(), { path: 'de/services.json', corpus: corpus('Mehr', 'de', 'service.b') }];
      await expect(intents.saveCorpusFiles(twice)).rejects.toThrow(/unique/);
      for (const path of ['../etc/passwd.json', '/abs/de.json', 'de/../../x.json', 'de\\x.json', 'de/x.txt', '']) {
        await expect(intents.saveCorpusFiles([{ path, corpus: corpus('X', 'de', 'x.y') }])).rejects.toThrow();
      }
      expect(await intents.listCorpusFiles()).toEqual(defaultFiles());
    });

    it('saving corpora keeps each corpus’s path by locale and name, wherever it moved in the order', async () => {
      const { intents } = storage();
      await intents.saveCorpusFiles(defaultFiles());
      const conversation = corpus('Gesprächsführung', 'de', 'smalltalk.greeting');
      const servicesEn = corpus('Services', 'en', 'service.reisepass');
      const edited = corpus('Dienstleistungen', 'de', 'service.personalausweis');
      await intents.saveCorpora([servicesEn, edited, conversation]);
      expect(await intents.listCorpusFiles()).toEqual([
        { path: 'en/services.json', corpus: servicesEn },
        { path: 'de/services.json', corpus: edited },
        { path: 'de/conversation.json', corpus: conversation },
      ]);
    });

    it('saving corpora gives new ones <locale>/<slug>.json, never a path already in use', async () => {
      const { intents } = storage();
      await intents.saveCorpusFiles([
        { path: 'de/fuehrerschein.json', corpus: corpus('Kfz', 'de', 'service.kfz') },
        ...defaultFiles(),
      ]);
      await intents.saveCorpora([
        corpus('Gesprächsführung', 'de', 'smalltalk.greeting'),
        corpus('Kfz', 'de', 'service.kfz'),
        corpus('Führerschein', 'de', 'service.fuehrerschein'),
        corpus('Führerschein', 'de', 'service.fuehrerschein-2'),
        corpus('Out of scope', 'en', 'None'),
        corpus('Gesprächsführung', 'de', 'smalltalk.thanks'),
        corpus('???', 'en', 'misc.x'),
      ]);
      expect((await intents.listCorpusFiles()).map((file) => file.path)).toEqual([
        'de/conversation.json',
        'de/fuehrerschein.json',
        'de/fuehrerschein-2.json',
        'de/fuehrerschein-3.json',
        'en/out-of-scope.json',
        'de/gespraechsfuehrung.json',
        'en/corpus.json',
      ]);
    });

    it('an update reads the stored files, writes those its change returns and resolves with its result', async () => {
      const { intents } = storage();
      await intents.saveCorpusFiles(defaultFiles());
      const extra = { path: 'de/out-of-scope.json', corpus: corpus('Außerhalb', 'de', 'None') };
      const seen = await intents.updateCorpusFiles((files) => ({
        files: [...addIntent(files, 'de/services.json', 'service.a'), extra],
        result: files.map((file) => file.path),
      }));
      expect(seen).toEqual(defaultFiles().map((file) => file.path));
      const expected = [...addIntent(defaultFiles(), 'de/services.json', 'service.a'), extra];
      expect(await intents.listCorpusFiles()).toEqual(expected);
      // Without files the change stores nothing, even when it changed its copy in place.
      const result = await intents.updateCorpusFiles((files) => {
        addIntent(files, 'de/services.json', 'service.b');
        return { result: 'unchanged' };
      });
      expect(result).toBe('unchanged');
      expect(await intents.listCorpusFiles()).toEqual(expected);
    });

    it('concurrent updates each see the others’ writes, so none is lost', async () => {
      const { intents } = storage();
      await intents.saveCorpusFiles(defaultFiles());
      const names = ['service.a', 'service.b', 'service.c', 'service.d', 'service.e'];
      // Started together (with a plain read among them): a read, then a write, without atomicity loses some.
      const results = await Promise.all([
        ...names.map((name, index) =>
          intents.updateCorpusFiles((files) => ({
            files: addIntent(files, index % 2 === 0 ? 'de/services.json' : 'en/services.json', name),
            result: name,
          })),
        ),
        intents.listCorpusFiles(),
      ]);
      expect(results.slice(0, names.length)).toEqual(names);
      const stored = intentsOf(await intents.listCorpusFiles());
      expect(stored).toEqual([
        'de/conversation.json:smalltalk.greeting',
        'de/services.json:service.reisepass',
        'de/services.json:service.a',
        'de/services.json:service.c',
        'de/services.json:service.e',
        'en/services.json:service.reisepass',
        'en/services.json:service.b',
        'en/services.json:service.d',
      ]);
    });

    it('an update whose change throws writes nothing and rejects with that error', async () => {
      const { intents } = storage();
      await intents.saveCorpusFiles(defaultFiles());
      const refused = new Error('refused by the change');
      await expect(
        intents.updateCorpusFiles((files) => {
          addIntent(files, 'de/services.json', 'service.a');
          throw refused;
        }),
      ).rejects.toBe(refused);
      expect(await intents.listCorpusFiles()).toEqual(defaultFiles());
      // The update after it is not blocked by it.
      await intents.updateCorpusFiles((files) => ({
        files: addIntent(files, 'de/services.json', 'service.b'),
        result: 1,
      }));
      expect(intentsOf(await intents.listCorpusFiles())).toContain('de/services.json:service.b');
    });

    it('an update whose files are refused writes nothing', async () => {
      const { intents } = storage();
      await intents.saveCorpusFiles(defaultFiles());
      const twice = { path: 'de/services.json', corpus: corpus('Mehr', 'de', 'service.b') };
      await expect(intents.updateCorpusFiles((files) => ({ files: [...files, twice], result: 1 }))).rejects.toThrow(
        /unique/,
      );
      const outside = { path: '../x.json', corpus: corpus('X', 'de', 'x.y') };
      await expect(intents.updateCorpusFiles(() => ({ files: [outside], result: 1 }))).rejects.toThrow();
      expect(await intents.listCorpusFiles()).toEqual(defaultFiles());
    });

    it('saving the same corpora twice keeps every path', async () => {
      const { intents } = storage();
      const corpora = [corpus('Services', 'en', 'service.a'), corpus('Services', 'en', 'service.b')];
      await intents.saveCorpora(corpora);
      const first = await intents.listCorpusFiles();
      expect(first.map((file) => file.path)).toEqual(['en/services.json', 'en/services-2.json']);
      await intents.saveCorpora(corpora);
      expect(await intents.listCorpusFiles()).toEqual(first);
    });
  });
}
