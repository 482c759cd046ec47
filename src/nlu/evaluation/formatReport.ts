import type {
  CrossValidationReport,
  EvalReport,
  Metrics,
  QuestionFigures,
  QuestionReport,
  Rate,
  ScoreDistribution,
} from './evalReport.js';
import { formatTable } from './formatTable.js';

/** The readable form of an evaluation report; `top` limits the per-intent table and the list of misses. */
export function formatReport(report: EvalReport, options: { top: number }): string {
  const sections =
    report.kind === 'cross-validation' ? crossValidation(report, options.top) : questions(report, options.top);
  return `${sections.join('\n\n')}\n`;
}

function crossValidation(report: CrossValidationReport, top: number): string[] {
  const groups = report.byLanguage.map(({ lang, metrics }): [string, Metrics] => [lang, metrics]);
  if (groups.length > 1) groups.unshift(['all', report.overall]);
  const tested = report.overall.examples;
  const intents = report.byLanguage
    .flatMap(({ lang, metrics }) => metrics.perIntent.map((row) => ({ lang, ...row })))
    .sort((a, b) => (a.f1 ?? 2) - (b.f1 ?? 2) || b.support - a.support || a.intent.localeCompare(b.intent));
  const sections = [
    `Cross-validation: ${report.folds} folds, seed ${report.seed}, ${report.languages.join(' + ')}; ` +
      `${report.examples} examples, ${tested} tested`,
    table(
      ['', 'accuracy', 'macro F1', 'micro F1', 'out-of-scope rejected', 'in-scope rejected'],
      groups.map(([name, m]) => [
        name,
        percent(m.accuracy),
        decimal(m.macroF1),
        decimal(m.microF1),
        percent(m.outOfScopeRejection),
        percent(m.falseRejection),
      ]),
    ),
    `Scores of correct in-scope answers and of None examples (for the rejection threshold):\n${table(
      ['', 'examples', 'n', 'mean', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95'],
      groups.flatMap(([name, m]) => [
        scoreRow(name, 'correct in-scope', m.scores.correctInScope),
        scoreRow(name, 'None', m.scores.outOfScope),
        scoreRow(name, 'None, answered', m.scores.outOfScopeAnswered),
      ]),
      2,
    )}`,
    `Intents, worst F1 first (${Math.min(top, intents.length)} of ${intents.length}):\n${table(
      ['lang', 'intent', 'support', 'predicted', 'precision', 'recall', 'F1'],
      intents
        .slice(0, top)
        .map((row) => [
          row.lang,
          row.intent,
          String(row.support),
          String(row.predicted),
          decimal(row.precision),
          decimal(row.recall),
          decimal(row.f1),
        ]),
      2,
    )}`,
    `Most confused (label → predicted; None = rejected):\n${
      report.overall.confusions.length === 0
        ? '  none'
        : table(
            ['count', 'label', 'predicted', 'example'],
            report.overall.confusions.map((c) => [String(c.count), c.label, c.predicted, `${c.lang}: ${c.example}`]),
            [true, false, false, false],
          )
    }`,
  ];
  if (report.untestable.length > 0) {
    const list = report.untestable.map((u) => `${u.lang} ${u.intent} (${u.examples})`).join(', ');
    sections.push(`Untestable (too few examples to hold one out): ${list}`);
  }
  return sections;
}

function questions(report: QuestionReport, top: number): string[] {
  const { overall } = report;
  const groups: [string, QuestionFigures][] = [
    ['all', overall],
    ...report.byLanguage.map(({ lang, figures }): [string, QuestionFigures] => [lang, figures]),
  ];
  const sections = [
    `Questions: ${report.source}; ${overall.questions} questions, ${overall.inScope} in scope, ${overall.outOfScope} out of scope`,
    table(
      ['', 'questions', 'top-1', 'top-3', 'in-scope rejected', 'out-of-scope rejected', 'accuracy'],
      groups.map(([name, f]) => [
        name,
        String(f.questions),
        percent(f.top1),
        percent(f.top3),
        percent(f.falseRejection),
        percent(f.outOfScopeRejection),
        percent(f.accuracy),
      ]),
    ),
  ];
  if (report.languageMismatches > 0) {
    sections.push(`Language detected differently from the file's: ${report.languageMismatches} questions`);
  }
  if (report.unknownIds.length > 0) sections.push(`Expected ids not in the catalogue: ${report.unknownIds.join(', ')}`);
  const misses = report.misses.slice(0, top);
  sections.push(
    report.misses.length === 0
      ? 'Misses: none'
      : `Misses (${misses.length} of ${report.misses.length}${misses.length < report.misses.length ? '; --top or --json for all' : ''}):\n${table(
          ['line', 'lang', 'question', 'expected', 'got', 'score', 'candidates'],
          misses.map((m) => [
            String(m.line),
            m.lang !== null && m.lang !== m.detectedLang ? `${m.lang}→${m.detectedLang}` : m.detectedLang,
            m.question,
            m.expected.join(',') || 'None',
            m.got,
            m.score.toFixed(3),
            m.candidates.map((c) => `${c.id} ${c.score.toFixed(2)}`).join(', '),
          ]),
          [true, false, false, false, false, true, false],
        )}`,
  );
  return sections;
}

/**
 * A table indented under its section title: the first `textColumns` columns are text (left-aligned), the others
 * numbers (right-aligned); or, as an array, which columns are right-aligned.
 */
function table(header: string[], rows: string[][], textColumns: number | boolean[] = 1): string {
  const right = Array.isArray(textColumns) ? textColumns : header.map((_, column) => column >= textColumns);
  return formatTable(header, rows, right)
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

function scoreRow(group: string, examples: string, d: ScoreDistribution): string[] {
  const quantiles = [d.mean, d.p5, d.p10, d.p25, d.p50, d.p75, d.p90, d.p95];
  return [group, examples, String(d.count), ...quantiles.map((q) => (q === null ? '–' : q.toFixed(3)))];
}

function percent(share: Rate): string {
  return share.rate === null ? '–' : `${(share.rate * 100).toFixed(1)} % (${share.count}/${share.total})`;
}

function decimal(value: number | null): string {
  return value === null ? '–' : value.toFixed(3);
}
