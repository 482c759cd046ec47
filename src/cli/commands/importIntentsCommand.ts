import type { Corpus } from '../../nlu/corpus.js';
import { loadCorpusFiles } from '../../nlu/loadCorporaDir.js';
import { DEFAULT_INTENTS_DIR } from '../../storage/openStorage.js';
import type { CorpusFile } from '../../storage/repositories.js';
import { openCommandStorage } from '../openCommandStorage.js';
import { corpusDir, tenantLayer } from '../tenantLayer.js';

/**
 * `govbot import-intents`: reads the corpus files under `--dir` (default the package's `intents/`) into the draft,
 * replacing its corpora, and prints what changed; with `--tenant`, into the tenant's own corpora (`--dir` required).
 * A broken file fails before anything is stored. The bot answers with it once a training run of the draft is
 * published (`govbot train`, or the workbench).
 */
export async function importIntentsCommand(options: { dataDir: string; dir?: string; tenant?: string }): Promise<void> {
  const dir = corpusDir(options.tenant, options.dir, DEFAULT_INTENTS_DIR);
  const files = loadCorpusFiles(dir);
  const { storage } = await openCommandStorage(options.dataDir);
  try {
    // A tenant's corpora are its own layer, trained on top of the shared ones (docs/tenants.md).
    const { layer } = await tenantLayer(storage, options.tenant);
    const changes = describeChanges(await layer.intents.listCorpusFiles(), files);
    if (changes.length === 0) {
      process.stdout.write(`the draft already matches ${dir}: nothing imported\n`);
      return;
    }
    await layer.intents.saveCorpusFiles(files);
    for (const change of changes) process.stdout.write(`${change}\n`);
    process.stdout.write(
      `imported ${files.length} corpus files from ${dir} into the draft; train and publish it to answer with them\n`,
    );
  } finally {
    await storage.close();
  }
}

/** One line per corpus file that was added, removed or changed, with what changed in it; empty when none. */
export function describeChanges(before: CorpusFile[], after: CorpusFile[]): string[] {
  const old = new Map(before.map((file) => [file.path, file.corpus]));
  const now = new Map(after.map((file) => [file.path, file.corpus]));
  const lines: string[] = [];
  for (const [path, corpus] of now) {
    const previous = old.get(path);
    if (!previous) lines.push(`added ${path}: ${count(corpus.data.length, 'intent')}`);
    else if (JSON.stringify(previous) !== JSON.stringify(corpus))
      lines.push(`changed ${path}: ${changesIn(previous, corpus)}`);
  }
  for (const path of old.keys()) {
    if (!now.has(path)) lines.push(`removed ${path}`);
  }
  const paths = (files: CorpusFile[]) => files.map((file) => file.path).join('\n');
  if (lines.length === 0 && paths(before) !== paths(after)) lines.push('the order of the corpus files changed');
  return lines;
}

function changesIn(before: Corpus, after: Corpus): string {
  const intents = (corpus: Corpus) => new Map(corpus.data.map((entry) => [entry.intent, entry]));
  const old = intents(before);
  const now = intents(after);
  const added = [...now.keys()].filter((intent) => !old.has(intent));
  const removed = [...old.keys()].filter((intent) => !now.has(intent));
  let utterancesAdded = 0;
  let utterancesRemoved = 0;
  let answersChanged = 0;
  for (const [intent, entry] of now) {
    const previous = old.get(intent);
    if (!previous) continue;
    utterancesAdded += entry.utterances.filter((u) => !previous.utterances.includes(u)).length;
    utterancesRemoved += previous.utterances.filter((u) => !entry.utterances.includes(u)).length;
    if (JSON.stringify(entry.answers) !== JSON.stringify(previous.answers)) answersChanged++;
  }
  const parts = [
    added.length > 0 && `intents added: ${added.join(', ')}`,
    removed.length > 0 && `intents removed: ${removed.join(', ')}`,
    utterancesAdded > 0 && `${count(utterancesAdded, 'utterance')} added`,
    utterancesRemoved > 0 && `${count(utterancesRemoved, 'utterance')} removed`,
    answersChanged > 0 && `answers of ${count(answersChanged, 'intent')} changed`,
  ].filter((part) => part !== false);
  return parts.length > 0 ? parts.join('; ') : 'name, locale or order changed';
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
