import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { Corpus } from '../../nlu/corpus.js';
import type { CorpusFile, IntentRepository } from '../repositories.js';
import { parseJsonColumn, parseRow } from './parseRow.js';

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

/** Training corpora in the order they were saved (the order feeds training), each with the file it is exported to. */
export class SqliteIntentRepository implements IntentRepository {
  constructor(
    private readonly db: Database,
    private readonly tenantId = 'default',
  ) {}

  async listCorpora(): Promise<Corpus[]> {
    return (await this.listCorpusFiles()).map((file) => file.corpus);
  }

  async saveCorpora(corpora: Corpus[]): Promise<void> {
    const checked = z.array(Corpus).safeParse(corpora);
    if (!checked.success) throw new Error(`sqlite: cannot save corpora: ${z.prettifyError(checked.error)}`);
    this.db
      .transaction(() => {
        const files = withPaths(checked.data, this.readCorpusFiles());
        this.replaceCorpusFiles(files);
      })
      .immediate();
  }

  async listCorpusFiles(): Promise<CorpusFile[]> {
    return this.readCorpusFiles();
  }

  async saveCorpusFiles(files: CorpusFile[]): Promise<void> {
    const checked = checkCorpusFiles(files);
    this.db.transaction(() => this.replaceCorpusFiles(checked))();
  }

  /**
   * One IMMEDIATE transaction: it takes the database's write lock before reading, so a writer on another connection
   * (another process) waits for it (up to the busy timeout) instead of changing the corpora between read and write.
   */
  async updateCorpusFiles<T>(change: (files: CorpusFile[]) => { files?: CorpusFile[]; result: T }): Promise<T> {
    // A change that wrote the corpora itself would be nested in this transaction and then overwritten by it.
    if (this.db.inTransaction) throw new Error('sqlite: updateCorpusFiles cannot run inside another transaction');
    const { result } = this.db
      .transaction(() => {
        const outcome: unknown = change(this.readCorpusFiles());
        if (outcome instanceof Promise) throw new Error('sqlite: updateCorpusFiles needs a synchronous change');
        const { files, result } = outcome as { files?: CorpusFile[]; result: T };
        if (files !== undefined) this.replaceCorpusFiles(checkCorpusFiles(files));
        // Boxed: better-sqlite3 refuses a transaction function that returns a promise, and `result` may be one.
        return { result };
      })
      .immediate();
    return result;
  }

  async isEmpty(): Promise<boolean> {
    const row = this.db.prepare('SELECT count(*) AS count FROM corpora WHERE tenant_id = ?').get(this.tenantId);
    return parseRow(z.object({ count: z.number() }), row, 'corpora').count === 0;
  }

  private readCorpusFiles(): CorpusFile[] {
    return this.db
      .prepare('SELECT position, name, path, json FROM corpora WHERE tenant_id = ? ORDER BY position')
      .all(this.tenantId)
      .map((row) => {
        const { position, name, path, json } = parseRow(CorpusRow, row, 'corpora');
        return { path, corpus: parseJsonColumn(Corpus, json, `corpus ${position} (${name})`) };
      });
  }

  /** Call inside a transaction. */
  private replaceCorpusFiles(files: CorpusFile[]): void {
    const insert = this.db.prepare(
      'INSERT INTO corpora (tenant_id, position, name, locale, path, json) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.db.prepare('DELETE FROM corpora WHERE tenant_id = ?').run(this.tenantId);
    files.forEach(({ path, corpus }, position) => {
      insert.run(this.tenantId, position, corpus.name, corpus.locale, path, JSON.stringify(corpus));
    });
  }
}

function checkCorpusFiles(files: CorpusFile[]): CorpusFile[] {
  const checked = CorpusFiles.safeParse(files);
  if (!checked.success) throw new Error(`sqlite: cannot save corpus files: ${z.prettifyError(checked.error)}`);
  return checked.data;
}

/**
 * Gives each corpus the path of the stored corpus with the same locale and name (each stored path once, in order), and
 * the others a fresh `<locale>/<slug>.json`, so saving corpora without paths never moves a file on export.
 */
function withPaths(corpora: Corpus[], stored: CorpusFile[]): CorpusFile[] {
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
