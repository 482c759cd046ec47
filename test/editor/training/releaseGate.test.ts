import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCrossValidation } from '../../../src/editor/training/compareCrossValidation.js';
import { TrainingService } from '../../../src/editor/training/TrainingService.js';
import type { LiveFigures } from '../../../src/editor/training/workerProtocol.js';
import type { CrossValidationSummary, GateReport, TrainingRun } from '../../../src/editor/types.js';
import type { CrossValidationReport } from '../../../src/nlu/evaluation/evalReport.js';
import { computeMetrics, type Outcome } from '../../../src/nlu/evaluation/metrics.js';
import { openTemplateCopy, QUICK_GATE, staffUser } from './workbenchData.js';

/** A cross-validation report of `total` in-scope and `none` out-of-scope examples with the given misses. */
function report(options: { total: number; wrong: number; none: number; accepted: number }): CrossValidationReport {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < options.total; i++) {
    const label = i % 2 === 0 ? 'greeting' : 'thanks';
    outcomes.push({ lang: 'de', text: `t${i}`, label, predicted: i < options.wrong ? 'goodbye' : label, score: 0.9 });
  }
  for (let i = 0; i < options.none; i++) {
    outcomes.push({
      lang: 'de',
      text: `n${i}`,
      label: 'None',
      predicted: i < options.accepted ? 'thanks' : 'None',
      score: 0.2,
    });
  }
  const examples = options.total + options.none;
  return {
    kind: 'cross-validation',
    folds: 5,
    seed: 1,
    languages: ['de'],
    examples,
    untestable: [],
    overall: computeMetrics(outcomes),
    byLanguage: [],
  };
}

function liveOf(summary: Partial<CrossValidationSummary>): LiveFigures {
  return {
    version: 3,
    crossValidation: {
      folds: 5,
      seed: 1,
      examples: 1000,
      accuracy: 0.8,
      macroF1: 0.8,
      outOfScopeRejection: 0.95,
      falseRejection: 0.1,
      ...summary,
    },
    perIntent: [
      { intent: 'greeting', support: 10, f1: 0.5 },
      { intent: 'privacy', support: 10, f1: 0.9 },
    ],
    confusions: [{ label: 'greeting', predicted: 'goodbye', count: 7, example: 'x' }],
  };
}

describe('the cross-validation check', () => {
  // 800 in-scope examples, 200 out of scope: accuracy 80 %, rejection 95 %.
  const draft = report({ total: 800, wrong: 0, none: 200, accepted: 10 });
  const base = { accuracy: 0.8 + 0.19, outOfScopeRejection: 0.95 };

  it('passes without live figures, and says so', () => {
    const { check } = compareCrossValidation(draft, undefined);
    expect(check).toMatchObject({ passed: true, summary: expect.stringMatching(/no live figures/) });
  });

  it('passes at exactly the tolerance and fails beyond it', () => {
    const accuracy = (draft.overall.accuracy.rate ?? 0) + 0.015;
    expect(compareCrossValidation(draft, liveOf({ ...base, accuracy })).check.passed).toBe(true);
    const worse = compareCrossValidation(draft, liveOf({ ...base, accuracy: accuracy + 0.001 })).check;
    expect(worse).toMatchObject({ passed: false, summary: expect.stringMatching(/^accuracy 1\.6 points lower/) });
    const rejection = compareCrossValidation(draft, liveOf({ ...base, accuracy: 0.5, outOfScopeRejection: 0.971 }));
    expect(rejection.check).toMatchObject({
      passed: false,
      summary: expect.stringMatching(/^out-of-scope rejection 2\.1 points lower/),
    });
  });

  it('does not compare figures measured with other folds', () => {
    const { check } = compareCrossValidation(draft, liveOf({ folds: 2, accuracy: 1 }));
    expect(check).toMatchObject({ passed: true, summary: expect.stringMatching(/2 folds .* not comparable/) });
  });

  it("puts the live version's F1 and confusions beside the draft's, and lists intents the draft dropped", () => {
    const worse = report({ total: 800, wrong: 20, none: 200, accepted: 10 });
    const { perIntent, confusions } = compareCrossValidation(worse, liveOf({}));
    expect(perIntent.find((entry) => entry.intent === 'greeting')).toMatchObject({ liveF1: 0.5 });
    expect(perIntent.find((entry) => entry.intent === 'privacy')).toEqual({
      intent: 'privacy',
      support: 0,
      f1: null,
      liveF1: 0.9,
      delta: null,
    });
    expect(confusions[0]).toMatchObject({ label: 'greeting', predicted: 'goodbye', count: 10, liveCount: 7 });
  });
});

describe('the release gate on a draft that lost an intent', () => {
  let data: Awaited<ReturnType<typeof openTemplateCopy>>;
  let run: TrainingRun | undefined;

  beforeAll(async () => {
    data = await openTemplateCopy();
    const { storage } = data;
    // Editors deleted the German privacy intent: the conversation test that asks about data protection must notice.
    const files = await storage.intents.listCorpusFiles();
    await storage.intents.saveCorpusFiles(
      files.map(({ path, corpus }) => ({
        path,
        corpus: {
          ...corpus,
          data: corpus.data.filter((entry) => !(corpus.locale === 'de' && entry.intent === 'privacy')),
        },
      })),
    );
    await storage.mustPass.addMustPass({
      text: 'Wie wird das Wetter morgen?',
      lang: 'de',
      intent: 'service.hund-anmelden',
      createdBy: 'erika',
    });
    // The live version was measured far better, with the same folds and seed: the draft's figures fall short of it.
    const liveRun = await storage.trainingRuns.createRun({
      startedAt: new Date().toISOString(),
      startedBy: 'erika',
      corporaHash: 'c',
      catalogueHash: 'k',
    });
    const liveGate: GateReport = {
      passed: true,
      checks: [],
      crossValidation: {
        folds: 2,
        seed: 1,
        examples: 4000,
        accuracy: 0.95,
        macroF1: 0.95,
        outOfScopeRejection: 0.99,
        falseRejection: 0.01,
      },
      perIntent: [{ intent: 'privacy', support: 30, f1: 0.9 }],
      confusions: [],
      conversations: [],
      mustPass: [],
      sharedUtterances: [],
    };
    await storage.trainingRuns.updateRun(liveRun.id, {
      status: 'succeeded',
      phase: 'done',
      progress: 1,
      gate: liveGate,
    });
    await storage.versions.publishVersion({
      publishedAt: new Date().toISOString(),
      publishedBy: 'erika',
      fingerprint: 'f',
      corporaHash: 'c',
      catalogueHash: 'k',
      trainingRunId: liveRun.id,
      gatePassed: true,
    });
    const service = await TrainingService.create({ storage, gate: QUICK_GATE });
    const started = await service.start(staffUser('erika'));
    await service.idle();
    run = await service.findRun(started.id);
  }, 240_000);
  afterAll(() => data.close());

  it('succeeds as a run but fails the gate, for each check its reason', () => {
    expect(run?.status).toBe('succeeded');
    const gate = run?.gate;
    expect(gate?.passed).toBe(false);
    const checks = Object.fromEntries(gate?.checks.map((check) => [check.name, check]) ?? []);
    expect(checks['cross-validation']).toMatchObject({
      passed: false,
      summary: expect.stringMatching(/^accuracy \d+\.\d points lower than live .*version 1: 95\.0 %/),
    });
    expect(checks.conversations).toMatchObject({
      passed: false,
      summary: expect.stringMatching(
        /^1 of 2 scenarios passed; failed: hund-anmelden\.yaml › answers a question about data protection/,
      ),
    });
    expect(checks['must-pass']).toMatchObject({
      passed: false,
      summary: expect.stringMatching(/0 of 1 .*"Wie wird das Wetter morgen\?" got None, not service\.hund-anmelden/),
    });
    expect(gate?.live).toMatchObject({ version: 1, crossValidation: { accuracy: 0.95 } });
    expect(gate?.perIntent.find((entry) => entry.intent === 'privacy')).toMatchObject({ liveF1: 0.9 });
  });

  it('names the utterances that train two intents: a hand-written one beside a catalogue title', () => {
    expect(run?.gate?.sharedUtterances).toContainEqual({
      lang: 'de',
      utterance: 'Hundesteuer',
      intents: ['service.hund-anmelden', 'service.hundesteuer-ermaessigung'],
    });
  });
});
