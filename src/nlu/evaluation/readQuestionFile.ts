import { z } from 'zod';
import { Language } from '../../catalogue/schema.js';
import { NONE_INTENT } from '../trainingSet.js';

/** One labelled question of an evaluation file. */
export const Question = z.strictObject({
  /** 1-based line in the file. */
  line: z.number().int().min(1),
  /** The language the file states, or null when it states none (the bot detects it). */
  lang: Language.nullable(),
  text: z.string().min(1),
  /** Acceptable catalogue ids; empty for a question the bot should reject as out of scope. */
  expected: z.array(z.string().min(1)),
});
export type Question = z.infer<typeof Question>;

/**
 * Parses a labelled question file; `name` picks the format by its extension and names the file in errors.
 * - TSV (../shared/eval/*.tsv): a `#` header, then `lang<TAB>question<TAB>ids` when the header's first column is
 *   `lang`, else `question<TAB>ids`; ids comma-separated; `None` or no ids marks an out-of-scope question.
 *   Further `#` lines and blank lines are skipped.
 * - `.jsonl` (Amazon MASSIVE): one object per line with `utt` (and `locale`); every line is out of scope.
 * Fails with every bad line at once.
 */
export function readQuestionFile(content: string, name: string): Question[] {
  const issues: string[] = [];
  const questions: Question[] = [];
  const lines = content.split(/\r?\n/);
  const parseLine = name.toLowerCase().endsWith('.jsonl') ? parseJsonLine : tsvLineParser(lines);
  lines.forEach((text, index) => {
    if (text.trim() === '' || text.startsWith('#')) return;
    const parsed = parseLine(text);
    const question = typeof parsed === 'string' ? parsed : Question.safeParse({ line: index + 1, ...parsed });
    if (typeof question === 'string') issues.push(`line ${index + 1}: ${question}`);
    else if (!question.success)
      issues.push(`line ${index + 1}: ${question.error.issues.map((i) => i.message).join('; ')}`);
    else questions.push(question.data);
  });
  if (issues.length === 0 && questions.length === 0) issues.push('no questions');
  if (issues.length > 0) throw new Error(`${name}: invalid question file\n  ${issues.join('\n  ')}`);
  return questions;
}

type LineParser = (line: string) => Omit<Question, 'line'> | string;

const MassiveLine = z.object({ utt: z.string().min(1), locale: z.string().optional() });

function parseJsonLine(line: string): Omit<Question, 'line'> | string {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return `not valid JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  const parsed = MassiveLine.safeParse(json);
  if (!parsed.success) return `expected an object with a non-empty "utt" string`;
  const lang = Language.safeParse(parsed.data.locale?.slice(0, 2).toLowerCase());
  return { lang: lang.success ? lang.data : null, text: parsed.data.utt, expected: [] };
}

/** The parser for the file's layout: from the header's first column, or without a header from the first line. */
function tsvLineParser(lines: readonly string[]): LineParser {
  const header = lines.find((line) => line.startsWith('#'));
  const first = lines.find((line) => line.trim() !== '' && !line.startsWith('#'));
  const withLang = header
    ? header.slice(1).split('\t')[0]?.trim().toLowerCase() === 'lang'
    : (first?.split('\t').length ?? 0) === 3 && Language.safeParse(first?.split('\t')[0]).success;
  return (line) => {
    const columns = line.split('\t');
    const [lang, text, ids] = withLang ? columns : [undefined, ...columns];
    if (columns.length > (withLang ? 3 : 2)) {
      return `expected ${withLang ? 'lang, question and ids' : 'question and ids'} separated by tabs, got ${columns.length} columns`;
    }
    const language = lang === undefined ? { success: true as const, data: null } : Language.safeParse(lang.trim());
    if (!language.success) return `unknown language "${lang}" (de or en)`;
    if (!text?.trim()) return 'the question is empty';
    const expected = expectedIds(ids ?? '');
    if (typeof expected === 'string') return expected;
    return { lang: language.data, text: text.trim(), expected };
  };
}

function expectedIds(column: string): string[] | string {
  const ids = column
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const none = ids.filter((id) => id.toLowerCase() === NONE_INTENT.toLowerCase());
  if (none.length === 0) return ids;
  return ids.length === none.length ? [] : `${NONE_INTENT} cannot be combined with catalogue ids`;
}
