import type { Language } from '../../catalogue/schema.js';
import type { CorpusIntent } from '../../nlu/corpus.js';
import type { CorpusFile } from '../../storage/repositories.js';
import type { IntentKind } from './schemas.js';

/** Where a new intent of each kind goes: the corpus files `intents/` ships with. */
const KIND_FILES: Record<IntentKind, { file: string; name: Record<Language, string> }> = {
  service: { file: 'services.json', name: { de: 'Dienstleistungen', en: 'Services' } },
  none: { file: 'out-of-scope.json', name: { de: 'Außerhalb des Themenbereichs', en: 'Out of scope' } },
  conversation: { file: 'conversation.json', name: { de: 'Gesprächsführung', en: 'Conversation' } },
};

export function kindOf(name: string): IntentKind {
  if (name.startsWith('service.')) return 'service';
  return name === 'None' ? 'none' : 'conversation';
}

/**
 * The corpus files with intent `name` set to `content` in language `lang`: an intent that exists stays where it is
 * (at its position, in its file), a new one is appended to the corpus file of its kind, and empty content removes it
 * from that language. Returns new arrays; `files` is not changed.
 */
export function placeIntent(
  files: readonly CorpusFile[],
  lang: Language,
  name: string,
  content: { utterances: string[]; answers: string[] },
): CorpusFile[] {
  const empty = content.utterances.length === 0 && content.answers.length === 0;
  const entry: CorpusIntent = { intent: name, utterances: content.utterances, answers: content.answers };
  let placed = false;
  const updated = files.map((file): CorpusFile => {
    if (file.corpus.locale !== lang || !file.corpus.data.some((intent) => intent.intent === name)) return file;
    // A name found twice (in two files, or twice in one) is merged into its first place.
    const data = file.corpus.data.flatMap((intent) => {
      if (intent.intent !== name) return [intent];
      if (placed || empty) return [];
      placed = true;
      return [entry];
    });
    return { path: file.path, corpus: { ...file.corpus, data } };
  });
  if (placed || empty) return updated;
  const kind = kindOf(name);
  const target = targetFile(updated, lang, kind);
  if (target === undefined) {
    const { file, name: corpusName } = KIND_FILES[kind];
    return [
      ...updated,
      { path: `${lang}/${file}`, corpus: { version: 1, name: corpusName[lang], locale: lang, data: [entry] } },
    ];
  }
  return updated.map((file, index) =>
    index === target ? { path: file.path, corpus: { ...file.corpus, data: [...file.corpus.data, entry] } } : file,
  );
}

/** Intent `name`'s utterances and answers in language `lang`, from each of its places in order; empty when it has none. */
export function contentOf(
  files: readonly CorpusFile[],
  lang: Language,
  name: string,
): { utterances: string[]; answers: string[] } {
  const places = files
    .filter((file) => file.corpus.locale === lang)
    .flatMap((file) => file.corpus.data.filter((intent) => intent.intent === name));
  return {
    utterances: places.flatMap((intent) => intent.utterances),
    answers: places.flatMap((intent) => intent.answers),
  };
}

/**
 * The corpus files and the index of the one that things of `kind` go to in `lang` (see `targetFile`), made (empty)
 * and appended when the language has none.
 */
export function kindFile(
  files: readonly CorpusFile[],
  lang: Language,
  kind: IntentKind,
): { files: CorpusFile[]; index: number } {
  const target = targetFile(files, lang, kind);
  if (target !== undefined) return { files: [...files], index: target };
  const { file, name } = KIND_FILES[kind];
  const created: CorpusFile = {
    path: `${lang}/${file}`,
    corpus: { version: 1, name: name[lang], locale: lang, data: [] },
  };
  return { files: [...files, created], index: files.length };
}

/**
 * The index of the file a new intent of `kind` goes to: the kind's usual file (`de/services.json`, …), else the
 * language's corpus holding most intents of that kind, else none (a new file is made).
 */
function targetFile(files: readonly CorpusFile[], lang: Language, kind: IntentKind): number | undefined {
  const usual = files.findIndex((file) => file.path === `${lang}/${KIND_FILES[kind].file}`);
  if (usual >= 0) return usual;
  let best: { index: number; count: number } | undefined;
  files.forEach((file, index) => {
    if (file.corpus.locale !== lang) return;
    const count = file.corpus.data.filter((intent) => kindOf(intent.intent) === kind).length;
    if (count > 0 && (best === undefined || count > best.count)) best = { index, count };
  });
  return best?.index;
}
