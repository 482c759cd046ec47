import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CorpusFile } from '../storage/repositories.js';
import { Corpus } from './corpus.js';

/**
 * Reads the NLP.js corpus files under `intents/<lang>/*.json`. A broken file fails with its name, the path inside it
 * and the reason.
 */
export function loadCorporaDir(dir: string): Corpus[] {
  return loadCorpusFiles(dir).map((file) => file.corpus);
}

/**
 * The corpus files under `intents/<lang>/*.json` with their paths relative to `dir` (`de/services.json`, always with
 * `/`), so that export can write each corpus back to its file. Sorted by language, then file name, on every platform.
 */
export function loadCorpusFiles(dir: string): CorpusFile[] {
  const files: CorpusFile[] = [];
  const langs = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  for (const lang of langs) {
    for (const name of readdirSync(join(dir, lang))
      .filter((file) => file.endsWith('.json'))
      .sort()) {
      files.push({ path: `${lang}/${name}`, corpus: readCorpusFile(join(dir, lang, name), lang) });
    }
  }
  return files;
}

function readCorpusFile(file: string, lang: string): Corpus {
  const where = relative(process.cwd(), file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${where}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = Corpus.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`${where}: invalid corpus\n  ${issues.join('\n  ')}`);
  }
  if (parsed.data.locale !== lang) {
    throw new Error(`${where}: locale ${parsed.data.locale} does not match the folder ${lang}`);
  }
  return parsed.data;
}
