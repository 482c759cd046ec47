import { z } from 'zod';
import { normaliseText } from './normaliseText.js';

/**
 * Named entities as NLP.js corpora define them, at corpus level (`entities`), per language:
 *
 * - enum entities `{ "dokument": { "options": { "Reisepass": ["Reisepass", "Pass"] } } }`: each option is a value and
 *   the synonyms that stand for it;
 * - regex entities `{ "aktenzeichen": { "regex": "AZ-\\d{4}" } }` (or NLP.js's `"/AZ-\\d{4}/i"`).
 *
 * Utterances reference them as `@name`; training expands such an utterance per option (`expandUtterance`), and
 * `NamedEntityRecogniser` finds them in a citizen's text.
 */

/** Letters, digits, `_` and `-`, starting with a letter. */
export const ENTITY_NAME_PATTERN = /^[a-zA-Z][\w-]*$/;
export const EntityName = z.string().max(60).regex(ENTITY_NAME_PATTERN, 'entity names are letters, digits, _ and -');

/** Training variants of one utterance at most: beyond this, a variant per option instead of every combination. */
export const MAX_EXPANSIONS = 32;

/** Flags a regex entity may carry (`g` is implied); `m`, `s`, `y` and `d` change what a match is and are refused. */
const ALLOWED_FLAGS = /^[giu]*$/;
const MAX_PATTERN_LENGTH = 300;

/** A regex entity's pattern, checked; `undefined` and a reason when it is not usable. */
export function checkEntityRegex(source: string): { ok: true; regex: RegExp } | { ok: false; message: string } {
  const { pattern, flags } = splitRegex(source);
  if (pattern.length === 0) return { ok: false, message: 'the pattern is empty' };
  if (source.length > MAX_PATTERN_LENGTH) return { ok: false, message: `at most ${MAX_PATTERN_LENGTH} characters` };
  if (!ALLOWED_FLAGS.test(flags)) return { ok: false, message: `flags "${flags}": only i and u are allowed` };
  // Nested quantifiers ("(a+)+", "(\w*)*") backtrack catastrophically on text that almost matches.
  if (/\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*(?:[+*]|\{\d*,)/.test(pattern)) {
    return { ok: false, message: 'nested quantifiers (like "(a+)+") can take exponential time' };
  }
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, `${flags.replace('g', '')}g`);
  } catch (error) {
    return { ok: false, message: `does not compile: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (regex.test('')) return { ok: false, message: 'the pattern matches the empty text' };
  return { ok: true, regex };
}

/** `/pattern/flags` (NLP.js) or a bare pattern. */
function splitRegex(source: string): { pattern: string; flags: string } {
  const literal = /^\/(.*)\/([a-z]*)$/s.exec(source);
  return literal ? { pattern: literal[1] ?? '', flags: literal[2] ?? '' } : { pattern: source, flags: '' };
}

const Synonym = z.string().trim().min(1).max(100);

export const EnumEntityDefinition = z.strictObject({
  /** Value → synonyms; an option without synonyms is found by its value. */
  options: z.record(Synonym, z.array(Synonym).max(100)),
});
export const RegexEntityDefinition = z.strictObject({
  regex: z
    .string()
    .min(1)
    .superRefine((source, ctx) => {
      const checked = checkEntityRegex(source);
      if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.message });
    }),
});
export const EntityDefinition = z.union([EnumEntityDefinition, RegexEntityDefinition]);
export type EntityDefinition = z.infer<typeof EntityDefinition>;

/** A corpus's `entities`: name → definition. */
export const EntityDefinitions = z.record(EntityName, EntityDefinition);
export type EntityDefinitions = z.infer<typeof EntityDefinitions>;

/** A named entity found in a text: its name, the option's value (the matched text for regex entities), where. */
export interface NamedEntityMatch {
  name: string;
  value: string;
  text: string;
  start: number;
  end: number;
}

/** `@name` not glued to a word before it (so e-mail addresses are no references). */
const REFERENCE = /(?<![\w@.])@([a-zA-Z][\w-]*)/g;

/** The `@names` an utterance references, in order, each once (defined or not). */
export function entityReferences(utterance: string): string[] {
  return [...new Set([...utterance.matchAll(REFERENCE)].map((match) => match[1] ?? ''))];
}

/** The text an option is trained as: its first synonym, else its value. */
function representative(value: string, synonyms: readonly string[]): string {
  return synonyms[0] ?? value;
}

/**
 * The training variants of an utterance: each `@name` of an enum entity replaced by an option's representative (its
 * first synonym, else its value), one variant per combination of options. More than `MAX_EXPANSIONS` combinations
 * give one variant per option instead (the i-th variant takes each entity's i-th option, wrapping around), still at
 * most `MAX_EXPANSIONS`. References to regex entities and to names not defined stay as they are, so the featurizer
 * sees the name as a word ("@aktenzeichen" → "aktenzeichen"). An utterance without references is returned alone.
 */
export function expandUtterance(utterance: string, entities: EntityDefinitions): string[] {
  const names = entityReferences(utterance).filter((name) => {
    const definition = entities[name];
    return definition !== undefined && 'options' in definition && Object.keys(definition.options).length > 0;
  });
  if (names.length === 0) return [utterance];
  const choices = names.map((name) => {
    const definition = entities[name];
    const options = definition && 'options' in definition ? definition.options : {};
    return Object.entries(options).map(([value, synonyms]) => representative(value, synonyms));
  });
  const total = choices.reduce((product, list) => product * list.length, 1);
  const combinations: string[][] = [];
  if (total <= MAX_EXPANSIONS) {
    for (let index = 0; index < total; index++) {
      let rest = index;
      combinations.push(
        choices.map((list) => {
          const choice = list[rest % list.length] ?? '';
          rest = Math.floor(rest / list.length);
          return choice;
        }),
      );
    }
  } else {
    const count = Math.min(MAX_EXPANSIONS, Math.max(...choices.map((list) => list.length)));
    for (let index = 0; index < count; index++)
      combinations.push(choices.map((list) => list[index % list.length] ?? ''));
  }
  return [
    ...new Set(
      combinations.map((combination) =>
        utterance.replace(REFERENCE, (whole, name: string) => {
          const at = names.indexOf(name);
          return at >= 0 ? (combination[at] ?? whole) : whole;
        }),
      ),
    ),
  ];
}

/** The entities of several corpora of one language merged; the first definition of a name wins. */
export function mergeEntities(list: readonly (EntityDefinitions | undefined)[]): EntityDefinitions {
  const merged: EntityDefinitions = {};
  for (const entities of list) {
    for (const [name, definition] of Object.entries(entities ?? {})) {
      if (!(name in merged)) merged[name] = definition;
    }
  }
  return merged;
}

interface Synonymous {
  name: string;
  value: string;
  /** Normalised (`normaliseText`, runs of spaces as one). */
  text: string;
}

/**
 * Finds the named entities of one language in a text. Enum entities match their synonyms (or their value, when an
 * option has none) on the text normalised as the featurizer does it (case, umlauts and ß folded, diacritics
 * dropped), as whole words; regex entities match their pattern on the original text. Where matches overlap, the
 * longest wins (the earlier one of equal length). Offsets are into the original text, end exclusive.
 */
export class NamedEntityRecogniser {
  private readonly synonyms: Synonymous[] = [];
  private readonly regexes: { name: string; regex: RegExp }[] = [];

  constructor(entities: EntityDefinitions) {
    for (const [name, definition] of Object.entries(entities)) {
      if ('options' in definition) {
        for (const [value, synonyms] of Object.entries(definition.options)) {
          for (const synonym of synonyms.length > 0 ? synonyms : [value]) {
            const text = normaliseText(synonym).replace(/\s+/g, ' ').trim();
            if (text) this.synonyms.push({ name, value, text });
          }
        }
      } else {
        const checked = checkEntityRegex(definition.regex);
        if (checked.ok) this.regexes.push({ name, regex: checked.regex });
      }
    }
  }

  recognise(text: string): NamedEntityMatch[] {
    if (this.synonyms.length === 0 && this.regexes.length === 0) return [];
    const candidates: NamedEntityMatch[] = [];
    const { normalised, origin } = normaliseWithOffsets(text);
    for (const synonym of this.synonyms) {
      let from = 0;
      for (;;) {
        const at = normalised.indexOf(synonym.text, from);
        if (at < 0) break;
        from = at + 1;
        const after = at + synonym.text.length;
        if (isWordChar(normalised[at - 1]) || isWordChar(normalised[after])) continue;
        const start = origin[at] ?? 0;
        const end = origin[after] ?? text.length;
        candidates.push({ name: synonym.name, value: synonym.value, text: text.slice(start, end), start, end });
      }
    }
    for (const { name, regex } of this.regexes) {
      for (const match of text.matchAll(regex)) {
        if (match[0].length === 0) continue;
        const start = match.index;
        candidates.push({ name, value: match[0], text: match[0], start, end: start + match[0].length });
      }
    }
    candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const kept: NamedEntityMatch[] = [];
    for (const candidate of candidates) {
      if (kept.every((other) => candidate.end <= other.start || candidate.start >= other.end)) kept.push(candidate);
    }
    return kept.sort((a, b) => a.start - b.start);
  }
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[a-z0-9]/.test(char);
}

/**
 * `normaliseText` of the text, runs of white space as one space, and for every position of the result the offset of
 * the original character it came from (plus one entry for the end).
 */
function normaliseWithOffsets(text: string): { normalised: string; origin: number[] } {
  let normalised = '';
  const origin: number[] = [];
  let index = 0;
  for (const char of text) {
    const folded = /\s/.test(char) ? (normalised.endsWith(' ') ? '' : ' ') : normaliseText(char);
    for (let i = 0; i < folded.length; i++) origin.push(index);
    normalised += folded;
    index += char.length;
  }
  origin.push(text.length);
  return { normalised, origin };
}
