import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Language, type Service } from '../../catalogue/schema.js';
import type { Corpus } from '../../nlu/corpus.js';
import { crossValidate } from '../../nlu/evaluation/crossValidate.js';
import { EvalReport } from '../../nlu/evaluation/evalReport.js';
import { formatReport } from '../../nlu/evaluation/formatReport.js';
import { readQuestionFile } from '../../nlu/evaluation/readQuestionFile.js';
import { scoreQuestions } from '../../nlu/evaluation/scoreQuestions.js';
import { buildTrainingSet } from '../../nlu/trainingSet.js';
import { loadUnderstanding } from '../loadUnderstanding.js';
import { openCommandStorage } from '../openCommandStorage.js';

/** The options as commander hands them over (numbers as strings). */
const EvalOptions = z.object({
  dataDir: z.string().min(1),
  questions: z.string().min(1).optional(),
  folds: z.coerce.number().int().min(2),
  lang: Language.optional(),
  seed: z.coerce.number().int(),
  top: z.coerce.number().int().min(1),
  json: z.boolean().default(false),
});
type EvalOptions = z.infer<typeof EvalOptions>;

/**
 * `govbot eval`: cross-validates the data dir's corpus and catalogue, or with `--questions` scores a labelled question
 * file against the current model. Tables on stdout, or one `EvalReport` JSON document with `--json`; progress on stderr.
 */
export async function evalCommand(rawOptions: unknown): Promise<void> {
  const parsed = EvalOptions.safeParse(rawOptions);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; '));
  }
  const options = parsed.data;
  const started = Date.now();
  const report = EvalReport.parse(
    options.questions ? await questionReport(options.questions, options) : await crossValidationReport(options),
  );
  process.stderr.write(`evaluated in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, options));
}

async function crossValidationReport(options: EvalOptions) {
  const { storage } = await openCommandStorage(options.dataDir);
  let corpora: Corpus[];
  let services: Service[];
  try {
    [corpora, services] = await Promise.all([storage.intents.listCorpora(), storage.catalogue.listServices()]);
  } finally {
    await storage.close();
  }
  return crossValidate(buildTrainingSet(corpora, services), services, {
    folds: options.folds,
    seed: options.seed,
    languages: options.lang ? [options.lang] : Language.options,
    onFold: (fold, folds) => process.stderr.write(`fold ${fold}/${folds}: training and testing\n`),
  });
}

async function questionReport(file: string, options: EvalOptions) {
  // Read the file first, so that a broken file fails before any training.
  const questions = readQuestionFile(readFileSync(file, 'utf8'), file);
  return scoreQuestions(await loadUnderstanding(options.dataDir), questions, file);
}
