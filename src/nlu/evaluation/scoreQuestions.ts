import type { Language } from '../../catalogue/schema.js';
import { NONE_INTENT } from '../trainingSet.js';
import type { ParseResult, Understanding } from '../Understanding.js';
import type { QuestionFigures, QuestionReport } from './evalReport.js';
import { rate } from './metrics.js';
import type { Question } from './readQuestionFile.js';

/**
 * Asks `understanding` every question as the bot would (the stated language is only a hint, as the widget's locale
 * is, so a wrongly detected language counts) and compares the decision with the labels. `source` names the file.
 */
export function scoreQuestions(
  understanding: Understanding,
  questions: readonly Question[],
  source: string,
): QuestionReport {
  const known = new Set(understanding.services().map((service) => service.id));
  const judged = questions.map((question) => judge(question, understanding.parse(question.text, hint(question))));
  const languages = [...new Set(judged.map((j) => j.lang))].sort();
  return {
    kind: 'questions',
    source,
    overall: figures(judged),
    byLanguage: languages.map((lang) => ({ lang, figures: figures(judged.filter((j) => j.lang === lang)) })),
    languageMismatches: judged.filter((j) => j.question.lang !== null && j.question.lang !== j.result.lang).length,
    unknownIds: [...new Set(questions.flatMap((q) => q.expected).filter((id) => !known.has(id)))].sort(),
    misses: judged
      .filter((j) => !j.correct)
      .map(({ question, result, got }) => ({
        line: question.line,
        question: question.text,
        lang: question.lang,
        detectedLang: result.lang,
        expected: question.expected,
        got,
        score: result.score,
        candidates: result.candidates,
      })),
  };
}

interface Judged {
  question: Question;
  result: ParseResult;
  /** The stated language, else the detected one: what the per-language figures group by. */
  lang: Language;
  inScope: boolean;
  /** The decided service id, else the decided intent (`None` when rejected). */
  got: string;
  top1: boolean;
  top3: boolean;
  correct: boolean;
}

function hint(question: Question): { langHint?: Language } {
  return question.lang === null ? {} : { langHint: question.lang };
}

function judge(question: Question, result: ParseResult): Judged {
  const inScope = question.expected.length > 0;
  const acceptable = (id: string) => question.expected.includes(id);
  const top1 = inScope && !result.outOfScope && result.service !== null && acceptable(result.service.id);
  return {
    question,
    result,
    lang: question.lang ?? result.lang,
    inScope,
    got: result.outOfScope ? NONE_INTENT : (result.service?.id ?? result.intent),
    top1,
    top3: inScope && result.candidates.some((candidate) => acceptable(candidate.id)),
    correct: inScope ? top1 : result.outOfScope,
  };
}

function figures(judged: readonly Judged[]): QuestionFigures {
  const inScope = judged.filter((j) => j.inScope);
  const outOfScope = judged.filter((j) => !j.inScope);
  const count = (list: readonly Judged[], test: (j: Judged) => boolean) => rate(list.filter(test).length, list.length);
  return {
    questions: judged.length,
    inScope: inScope.length,
    outOfScope: outOfScope.length,
    accuracy: count(judged, (j) => j.correct),
    top1: count(inScope, (j) => j.top1),
    top3: count(inScope, (j) => j.top3),
    falseRejection: count(inScope, (j) => j.result.outOfScope),
    outOfScopeRejection: count(outOfScope, (j) => j.result.outOfScope),
  };
}
