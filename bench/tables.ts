import type { CatalogueFigures, EngineFigures } from './catalogueBench.js';
import type { CrossValidationFigures, FoldFigures } from './massiveCv.js';

/** One line of a comparison: the same figure for both engines. */
export interface Row {
  label: string;
  govbot: number | undefined;
  nlpjs: number | undefined;
}

/** One measurement, GovBot beside NLP.js with the ratio GovBot / NLP.js. */
export interface Table {
  title: string;
  /** What a ratio above 1 means, e.g. "GovBot slower". */
  ratioMeaning: string;
  format: 'seconds' | 'ms' | 'rate' | 'percent' | 'mb';
  rows: Row[];
  note?: string;
}

/** The tables of the report, in reading order; catalogues that were not run are left out. */
export function buildTables(catalogues: CatalogueFigures[], massive: CrossValidationFigures | undefined): Table[] {
  const tables: Table[] = [];
  const per = (label: (c: CatalogueFigures) => string, pick: (e: EngineFigures) => number | undefined) =>
    catalogues.map((c) => ({ label: label(c), govbot: pick(c.govbot), nlpjs: pick(c.nlpjs) }));
  const labelled = catalogues.filter((c) => c.labelled > 0);
  if (catalogues.length > 0) {
    tables.push({
      title: 'Training time (s, wall clock, each engine trained once)',
      ratioMeaning: 'above 1: GovBot slower',
      format: 'seconds',
      rows: per(
        (c) =>
          `${c.label}: ${c.services} services, ${c.intents} intents, ${(c.examples.de + c.examples.en).toLocaleString('en-US')} examples`,
        (e) => e.trainMs / 1000,
      ),
    });
    tables.push({
      title: 'Parse throughput (questions/s, sequential, one thread, after warm-up)',
      ratioMeaning: 'above 1: GovBot faster',
      format: 'rate',
      rows: catalogues.flatMap((c) => [
        {
          label: `${c.label}, all ${c.govbot.calls.toLocaleString('en-US')} calls`,
          govbot: c.govbot.throughput,
          nlpjs: c.nlpjs.throughput,
        },
        ...(c.govbot.firstPassCalls < c.govbot.calls
          ? [
              {
                label: `${c.label}, first pass only (${c.govbot.firstPassCalls.toLocaleString('en-US')} texts, each new)`,
                govbot: c.govbot.throughputFirstPass,
                nlpjs: c.nlpjs.throughputFirstPass,
              },
            ]
          : []),
      ]),
    });
    tables.push({
      title: 'Parse latency per call (ms)',
      ratioMeaning: 'above 1: GovBot slower',
      format: 'ms',
      rows: catalogues.flatMap((c) => [
        { label: `${c.label}, p50`, govbot: c.govbot.p50Ms, nlpjs: c.nlpjs.p50Ms },
        { label: `${c.label}, p99`, govbot: c.govbot.p99Ms, nlpjs: c.nlpjs.p99Ms },
      ]),
    });
  }
  if (labelled.length > 0) {
    tables.push({
      title: 'Top-1 accuracy on the development questions',
      ratioMeaning: 'above 1: GovBot more accurate',
      format: 'percent',
      rows: labelled.flatMap((c) => [
        { label: `${c.label}: answered with a right entry (${c.labelled} questions)`, ...pick(c, 'accuracy') },
        { label: `${c.label}: best service right, ignoring rejection`, ...pick(c, 'bestServiceAccuracy') },
      ]),
      note: 'The answer counts after each engine\u2019s own rejection (GovBot: `parse`; NLP.js: `process` with its 0.5 threshold). One question is worth 100/n points.',
    });
  }
  if (catalogues.length > 0) {
    tables.push({
      title: 'Out-of-scope rejection on MASSIVE (1,017 German smart-assistant requests)',
      ratioMeaning: 'above 1: GovBot rejects more',
      format: 'percent',
      rows: per(
        (c) => c.label,
        (e) => e.rejection,
      ),
      note: 'GovBot: `outOfScope`; NLP.js: intent `None` or score below 0.5.',
    });
  }
  if (massive) tables.push(crossValidationTable(massive));
  if (catalogues.length > 0) {
    tables.push({
      title: 'Memory after loading the saved model into a fresh process (MB)',
      ratioMeaning: 'above 1: GovBot uses more',
      format: 'mb',
      rows: catalogues.flatMap((c) => [
        { label: `${c.label}: RSS`, govbot: c.govbot.memory.rssMb, nlpjs: c.nlpjs.memory.rssMb },
        { label: `${c.label}: heap used`, govbot: c.govbot.memory.heapUsedMb, nlpjs: c.nlpjs.memory.heapUsedMb },
        {
          label: `${c.label}: of which the model`,
          govbot: c.govbot.memory.modelHeapMb,
          nlpjs: c.nlpjs.memory.modelHeapMb,
        },
        { label: `${c.label}: saved model (JSON)`, govbot: c.govbot.memory.savedMb, nlpjs: c.nlpjs.memory.savedMb },
      ]),
      note: 'Each model is saved as JSON (GovBot: `IntentModel.toJSON`, as stored in SQLite; NLP.js: `export`) and loaded into its own Node process that has imported both engines\u2019 code; readings after a full garbage collection. "Of which the model" is heap used after loading minus before.',
    });
  }
  return tables;
}

function pick(c: CatalogueFigures, key: 'accuracy' | 'bestServiceAccuracy'): Omit<Row, 'label'> {
  return { govbot: c.govbot[key], nlpjs: c.nlpjs[key] };
}

function crossValidationTable(cv: CrossValidationFigures): Table {
  const rows = (label: string, f: (figures: FoldFigures) => number): Row => ({
    label,
    govbot: f(cv.govbot),
    nlpjs: f(cv.nlpjs),
  });
  const folds = cv.foldsRun === cv.folds ? `${cv.folds} folds` : `${cv.foldsRun} of ${cv.folds} folds (smoke run)`;
  return {
    title: `MASSIVE German sample, stratified ${cv.folds}-fold cross-validation (${cv.lines} utterances, ${cv.intents} intents, seed ${cv.seed})`,
    ratioMeaning: 'accuracy above 1: GovBot more accurate; training above 1: GovBot slower',
    format: 'percent',
    rows: [
      rows(`accuracy, mean of ${folds}`, (f) => mean(f.accuracy)),
      rows('accuracy, worst fold', (f) => Math.min(...f.accuracy)),
      rows('accuracy, best fold', (f) => Math.max(...f.accuracy)),
    ],
    note: `Top intent, no rejection: GovBot's \`IntentClassifier\` alone, NLP.js's \`classifications[0]\`. Accuracy per fold: GovBot ${foldAccuracies(cv.govbot)}; NLP.js ${foldAccuracies(cv.nlpjs)}. Training per fold: GovBot ${seconds(mean(cv.govbot.trainMs))} s, NLP.js ${seconds(mean(cv.nlpjs.trainMs))} s (ratio ${ratio(mean(cv.govbot.trainMs), mean(cv.nlpjs.trainMs))}).`,
  };
}

function foldAccuracies(figures: FoldFigures): string {
  return figures.accuracy.map((a) => `${(a * 100).toFixed(1)} %`).join(', ');
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function ratio(govbot: number | undefined, nlpjs: number | undefined): string {
  if (govbot === undefined || nlpjs === undefined || nlpjs === 0) return '—';
  return (govbot / nlpjs).toFixed(2);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

/** A figure as the table shows it. */
export function formatValue(value: number | undefined, format: Table['format']): string {
  if (value === undefined || Number.isNaN(value)) return '—';
  switch (format) {
    case 'seconds':
      return value.toFixed(2);
    case 'ms':
      return value.toFixed(3);
    case 'rate':
      return Math.round(value).toLocaleString('en-US');
    case 'percent':
      return `${(value * 100).toFixed(1)} %`;
    case 'mb':
      return value.toFixed(1);
  }
}
