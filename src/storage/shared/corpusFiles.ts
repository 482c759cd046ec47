import { z } from 'zod';
import { Corpus } from '../../nlu/corpus.js';
import type { CorpusFile } from '../repositories.js';
import type { RowParsers } from './rowParsers.js';

/**
 * What every implementation of `IntentRepository` (SQLite, PostgreSQL) checks and computes the same way, whatever it
 * stores in: the paths of corpus files and the paths corpora get when saved without them.
 */

/** A row of `corpora` as a corpus file; `rows` names the backend in errors. */
export function toCorpusFile(raw: unknown, rows: RowParsers): CorpusFile {
  const { position, name, path, json } = rows.parseRow(CorpusRow, raw, 'corpora');
  return { path, corpus: rows.parseJsonColumn(Corpus, json, `corpus ${position} (${name})`) };
}

const CorpusRow = z.object({ position: z.number(), name: z.string(), path: z.string(), json: z.string() });

/**
 * A corpus file's path under `intents/`: relative, `/`-separated, ending in `.json`. Export writes to it, so nothing
 * that could leave the directory (`..`, absolute paths, backslashes) is stored.
 */
const CorpusPath = z
  .string()
  .regex(/^[^/\\]+(\/[^/\\]+)*\.json$/, 'a relative path like de/services.json')
  .refine((path) => path.split('/').every((segment) => segment !== '.' && segment !== '..'), 'no . or .. segments');

const CorpusFiles = z
  .array(z.object({ path: CorpusPath, corpus: Corpus }))
  .refine((files) => new Set(files.map((file) => file.path)).size === files.length, 'paths must be unique');

/** The files checked (paths safe and unique, corpora valid), or an error naming the storage and the reason. */
export function checkCorpusFiles(files: CorpusFile[], storage: string): CorpusFile[] {
  const checked = CorpusFiles.safeParse(files);
  if (!checked.success) throw new Error(`${storage}: cannot save corpus files: ${z.prettifyError(checked.error)}`);
  return checked.data;
}

/** The corpora checked, or an error naming the storage and the reason. */
export function checkCorpora(corpora: Corpus[], storage: string): Corpus[] {
  const checked = z.array(Corpus).safeParse(corpora);
  if (!checked.success) throw new Error(`${storage}: cannot save corpora: ${z.prettifyError(checked.error)}`);
  return checked.data;
}

/**
 * Gives each corpus the path of the stored corpus with the same locale and name (each stored path once, in order), and
 * the others a fresh `<locale>/<slug>.json`, so saving corpora without paths never moves a file on export.
 */
export function withPaths(corpora: Corpus[], stored: CorpusFile[]): CorpusFile[] {
  const key = (corpus: Corpus) => JSON.stringify([corpus.locale, corpus.name]);
  const available = new Map<string, string[]>();
  for (const file of stored) available.set(key(file.corpus), [...(available.get(key(file.corpus)) ?? []), file.path]);
  const kept = corpora.map((corpus) => available.get(key(corpus))?.shift());
  const taken = new Set(kept.filter((path) => path !== undefined));
  return corpora.map((corpus, index) => {
    const path = kept[index] ?? corpusPath(corpus.locale, corpus.name, taken);
    taken.add(path);
    return { path, corpus };
  });
}

/** `<locale>/<slug of name>.json`, with `-2`, `-3`, … when `taken` already holds it. */
export function corpusPath(locale: string, name: string, taken: ReadonlySet<string>): string {
  const base = `${slug(locale) || 'xx'}/${slug(name) || 'corpus'}`;
  let path = `${base}.json`;
  for (let n = 2; taken.has(path); n += 1) path = `${base}-${n}.json`;
  return path;
}

/** Lower-case ASCII letters, digits and dashes; German umlauts spelt out as a German would type them. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
