import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { importDldb } from '../src/catalogue/dldb.js';
import { DEFAULT_CATALOGUE_DIR, loadCatalogueDir } from '../src/catalogue/loadCatalogueDir.js';
import { Language, type Service } from '../src/catalogue/schema.js';
import type { Corpus } from '../src/nlu/corpus.js';
import { loadCorporaDir } from '../src/nlu/loadCorporaDir.js';
import { packageRoot } from '../src/packageRoot.js';
import { DEFAULT_INTENTS_DIR } from '../src/storage/openDataDir.js';

export type CatalogueName = 'default' | 'munich' | 'berlin';

/** A question asked in the benchmarks; `acceptable` lists the right catalogue ids when it is labelled. */
export interface Question {
  text: string;
  lang: Language;
  acceptable: string[];
}

/** One catalogue under test: what both engines are trained from and what they are asked. */
export interface BenchCatalogue {
  name: CatalogueName;
  label: string;
  corpora: Corpus[];
  services: Service[];
  /** Questions with their right answers, for top-1 accuracy; empty when there is no labelled set. */
  labelled: Question[];
  /** In-scope questions mixed into the throughput and latency run (the labelled ones, or borrowed ones). */
  inScope: Question[];
}

/** A line of the MASSIVE German sample: out-of-scope traffic, and a public intent benchmark. */
export const MassiveLine = z.object({ utt: z.string().min(1), intent: z.string().min(1) });
export type MassiveLine = z.infer<typeof MassiveLine>;

/** `../shared/` beside the repository: real data nobody on the team wrote, read-only. */
export const SHARED_DIR = join(packageRoot(), '..', 'shared');

export function loadCatalogue(name: CatalogueName): BenchCatalogue {
  const corpora = loadCorporaDir(DEFAULT_INTENTS_DIR);
  switch (name) {
    case 'default': {
      const labelled = readTsv('eval/default-catalogue-dev.tsv', 'lang-question-ids');
      const services = loadCatalogueDir(DEFAULT_CATALOGUE_DIR).services;
      return { name, label: 'Default (Musterstadt)', corpora, services, labelled, inScope: labelled };
    }
    case 'munich': {
      const labelled = readTsv('eval/munich-dev.tsv', 'question-ids');
      const { catalogue } = importDldb(
        readJson('data/munich-dldb/services_de.json'),
        readJson('data/munich-dldb/locations_de.json'),
      );
      return {
        name,
        label: 'Munich DLDB',
        // As after `govbot import --replace`: the hand-written service intents train the entries of their name.
        corpora,
        services: catalogue.services,
        labelled,
        inScope: labelled,
      };
    }
    case 'berlin': {
      // No labelled Berlin set exists; Munich's questions are generic German service questions, used unlabelled.
      const inScope = readTsv('eval/munich-dev.tsv', 'question-ids').map((q) => ({ ...q, acceptable: [] }));
      const { catalogue } = importDldb(readJson('data/berlin-dldb-2016/services_de.json'));
      return {
        name,
        label: 'Berlin DLDB 2016',
        corpora,
        services: catalogue.services,
        labelled: [],
        inScope,
      };
    }
  }
}

export function loadMassive(): MassiveLine[] {
  return readFileSync(join(SHARED_DIR, 'data', 'massive-de-DE-dev-even.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = MassiveLine.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`massive-de-DE-dev-even.jsonl line ${index + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

/** `lang<TAB>question<TAB>ids` or `question<TAB>ids` (German); `#` starts a comment line. */
function readTsv(path: string, columns: 'lang-question-ids' | 'question-ids'): Question[] {
  return readFileSync(join(SHARED_DIR, path), 'utf8')
    .split('\n')
    .flatMap((line, index) => {
      if (line.trim() === '' || line.startsWith('#')) return [];
      const cells = line.split('\t').map((cell) => cell.trim());
      const [lang, text, ids] = columns === 'lang-question-ids' ? cells : ['de', ...cells];
      const language = Language.safeParse(lang);
      if (!language.success || !text || !ids) throw new Error(`${path} line ${index + 1}: expected ${columns}`);
      return [{ text, lang: language.data, acceptable: ids.split(',').map((id) => id.trim().toLowerCase()) }];
    });
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(join(SHARED_DIR, path), 'utf8'));
}
