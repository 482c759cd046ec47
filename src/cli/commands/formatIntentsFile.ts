import type { Language } from '../../catalogue/schema.js';
import { type Corpus, serviceIdOf } from '../../nlu/corpus.js';

/**
 * The locale a corpus file is tagged with. The draft keeps only the language (`Corpus` reads `de-DE` as `de`); these
 * are the tags of GovBot's own files in `intents/`, so that an export of an unchanged draft changes no byte.
 */
export const CORPUS_FILE_LOCALE: Record<Language, string> = { de: 'de-DE', en: 'en-GB' };

/** Where Biome, which formats the repository's JSON, breaks a line. */
const LINE_WIDTH = 120;

/**
 * A corpus as an NLP.js corpus file, exactly as the files in `intents/` are written: two-space indentation, an array
 * on one line when it fits in 120 columns (as Biome formats them), and a trailing newline. Service intents answer from
 * the catalogue, so their entries carry no `answers` unless they have some. Named `entities` follow `data` when the
 * corpus has them.
 */
export function formatIntentsFile(corpus: Corpus): string {
  const file: Json = {
    version: corpus.version,
    name: corpus.name,
    locale: CORPUS_FILE_LOCALE[corpus.locale],
    data: corpus.data.map(({ intent, utterances, answers }) => {
      const entry: { [key: string]: Json } = { intent, utterances };
      if (answers.length > 0 || serviceIdOf(intent) === undefined) entry.answers = answers;
      return entry;
    }),
  };
  if (corpus.entities !== undefined) file.entities = corpus.entities;
  return `${printJson(file, '', '', '')}\n`;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** `prefix` is what stands before the value on its line (a key), `suffix` what follows it (a comma). */
function printJson(value: Json, indent: string, prefix: string, suffix: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const flat = `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
    const scalars = value.every((item) => item === null || typeof item !== 'object');
    if (scalars && indent.length + prefix.length + flat.length + suffix.length <= LINE_WIDTH) return flat;
    const inner = `${indent}  `;
    const items = value.map((item, index) => {
      const comma = index < value.length - 1 ? ',' : '';
      return `${inner}${printJson(item, inner, '', comma)}${comma}`;
    });
    return `[\n${items.join('\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    const lines = entries.map(([key, item], index) => {
      const comma = index < entries.length - 1 ? ',' : '';
      const keyText = `${JSON.stringify(key)}: `;
      return `${inner}${keyText}${printJson(item, inner, keyText, comma)}${comma}`;
    });
    return `{\n${lines.join('\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
