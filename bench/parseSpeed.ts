import type { Question } from './catalogues.js';
import type { BenchEngine } from './engines.js';
import { msSince, summarizeLatencies } from './measure.js';

/** Sequential parse speed on one core (JavaScript runs the calls on one thread). */
export interface ParseSpeed {
  calls: number;
  /** Calls in the first pass over the questions. */
  firstPassCalls: number;
  /** Questions per second over all measured calls. */
  throughput: number;
  /** Questions per second over the first pass, where every text is new to the engine (NLP.js caches per text). */
  throughputFirstPass: number;
  p50Ms: number;
  p99Ms: number;
}

export interface ParseSpeedOptions {
  /** Measured calls per engine, at least: whole passes over the questions, or part of one pass when fewer. */
  calls: number;
  warmUpCalls: number;
}

/**
 * Times every call with `process.hrtime.bigint()`, one at a time. The engines take turns pass by pass, so that other
 * load on the machine falls on all of them alike. Each engine is warmed up first on variants of the questions
 * (" bitte" appended), so that NLP.js's per-text tokenisation cache does not already hold the measured texts.
 * Returns the figures in the order of the engines.
 */
export async function measureParseSpeed(
  engines: readonly BenchEngine[],
  questions: readonly Question[],
  options: ParseSpeedOptions,
): Promise<ParseSpeed[]> {
  if (questions.length === 0) throw new Error('no questions to ask');
  const passes = Math.max(1, Math.ceil(options.calls / questions.length));
  const perPass = passes > 1 ? questions.length : options.calls;
  for (const engine of engines) {
    for (let i = 0; i < options.warmUpCalls; i++) {
      const question = at(questions, i);
      await engine.answer(`${question.text} bitte`, question.lang);
    }
  }
  const runs = engines.map(() => ({ latencies: [] as number[], totalMs: 0, firstPassMs: 0 }));
  for (let pass = 0; pass < passes; pass++) {
    for (const [index, engine] of engines.entries()) {
      const run = runs[index];
      if (!run) continue;
      const start = process.hrtime.bigint();
      for (let i = 0; i < perPass; i++) {
        const question = at(questions, i);
        const callStart = process.hrtime.bigint();
        // Awaits only a promise, so that a synchronous engine is not charged for a turn of the event loop.
        const answer = engine.answer(question.text, question.lang);
        if (answer instanceof Promise) await answer;
        run.latencies.push(msSince(callStart));
      }
      const passMs = msSince(start);
      run.totalMs += passMs;
      if (pass === 0) run.firstPassMs = passMs;
    }
  }
  return runs.map((run) => ({
    calls: run.latencies.length,
    firstPassCalls: perPass,
    throughput: (run.latencies.length / run.totalMs) * 1000,
    throughputFirstPass: (perPass / run.firstPassMs) * 1000,
    ...summarizeLatencies(run.latencies),
  }));
}

function at(questions: readonly Question[], index: number): Question {
  const question = questions[index % questions.length];
  if (!question) throw new Error('no questions to ask');
  return question;
}
