import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { exportIntentsCommand } from '../../src/cli/commands/exportIntentsCommand.js';
import { formatIntentsFile } from '../../src/cli/commands/formatIntentsFile.js';
import { importIntentsCommand } from '../../src/cli/commands/importIntentsCommand.js';
import { Corpus } from '../../src/nlu/corpus.js';
import { openDataDir } from '../../src/storage/openDataDir.js';

const intentsDir = fileURLToPath(new URL('../../intents', import.meta.url));

const ENTITIES = {
  dokument: {
    options: { Reisepass: ['Reisepass', 'Pass'], Personalausweis: ['Personalausweis', 'Perso', 'Ausweis'] },
  },
  aktenzeichen: { regex: '/AZ-\\d{4}/i' },
};

describe('export-intents and import-intents with named entities', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'govbot-cli-entities-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('formats entities after data, as Biome would, and reads them back', () => {
    const corpus = Corpus.parse({
      name: 'Gespräch',
      locale: 'de-DE',
      data: [{ intent: 'neu', utterances: ['Ich brauche einen neuen @dokument'], answers: ['Gern.'] }],
      entities: ENTITIES,
    });
    const text = formatIntentsFile(corpus);
    expect(text).toContain(
      '  "entities": {\n    "dokument": {\n      "options": {\n        "Reisepass": ["Reisepass", "Pass"],',
    );
    expect(text).toContain('"aktenzeichen": {\n      "regex": "/AZ-\\\\d{4}/i"\n    }');
    expect(Corpus.parse(JSON.parse(text))).toEqual(corpus);
    const { entities: _entities, ...without } = corpus;
    expect(formatIntentsFile(without)).not.toContain('entities');
  });

  it('imports corpus files with entities into the draft and exports them back byte for byte', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const dataDir = newDir();
      cpSync(inject('templateDataDir'), dataDir, { recursive: true });
      const dir = newDir();
      cpSync(intentsDir, dir, { recursive: true });
      const file = join(dir, 'de', 'conversation.json');
      const corpus = Corpus.parse(JSON.parse(readFileSync(file, 'utf8')));
      corpus.data.push({
        intent: 'dokument.neu',
        utterances: ['Ich brauche einen neuen @dokument'],
        answers: ['Gern.'],
      });
      const edited = formatIntentsFile({ ...corpus, entities: ENTITIES });
      writeFileSync(file, edited);

      await importIntentsCommand({ dataDir, dir });
      const { storage } = await openDataDir(dataDir);
      try {
        const stored = (await storage.intents.listCorpusFiles()).find((f) => f.path === 'de/conversation.json');
        expect(stored?.corpus.entities).toEqual(ENTITIES);
      } finally {
        await storage.close();
      }

      const out = newDir();
      cpSync(intentsDir, out, { recursive: true });
      await exportIntentsCommand({ dataDir, dir: out });
      expect(readFileSync(join(out, 'de', 'conversation.json'), 'utf8')).toBe(edited);
      // Files without entities are untouched.
      for (const path of ['de/services.json', 'en/conversation.json']) {
        expect(readFileSync(join(out, path), 'utf8')).toBe(readFileSync(join(intentsDir, path), 'utf8'));
      }
    } finally {
      write.mockRestore();
    }
  });
});
