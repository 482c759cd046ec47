import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalogue } from '../catalogue/schema.js';
import type { ConversationTestResult } from '../editor/types.js';
import type { Corpus } from '../nlu/corpus.js';
import type { IntentModel } from '../nlu/IntentModel.js';
import { modelFingerprint } from '../nlu/trainModel.js';
import { packageRoot } from '../packageRoot.js';
import { openSqliteStorage } from '../storage/sqlite/openSqliteStorage.js';
import { loadConversationScripts, type Scenario } from './ConversationScript.js';
import { GateBot } from './GateBot.js';
import { runScenario } from './runScenario.js';

/** The conversation scripts that ship with the dialogs they test. */
export const DEFAULT_CONVERSATION_TESTS_DIR = join(packageRoot(), 'dialogs', 'conversations');

export interface ConversationTestOptions {
  /** Folder of `*.yaml` conversation scripts; default `dialogs/conversations`. */
  scriptsDir?: string;
  /** Folder of form dialogs; default the dialogs that ship with GovBot. */
  dialogsDir?: string;
  recipientsFile?: string;
  /** The knowledge under test: the bot answers with this model and catalogue. */
  model: IntentModel;
  catalogue: Catalogue;
  /** The corpora the model was trained from (the bot's answers come from them). */
  corpora: Corpus[];
  /** Called with the scenarios finished so far (skipped ones count at once) and their total. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Scenarios played at once; those with a `restart` step always run alone. Default 1: the bot and its citizens share
   * one thread, so more only overlap waiting, of which there is little.
   */
  concurrency?: number;
}

/** One scenario to play, and where its result goes. */
interface Job {
  result: Pick<ConversationTestResult, 'file' | 'scenario'>;
  index: number;
  dialogId: string;
  scenario: Scenario;
}

/**
 * Runs the conversation scripts against a GovBot with the given knowledge, without any test framework: a temporary
 * data directory with the catalogue, corpora and model (stored under the fingerprint the bot looks for, so it does not
 * train), one bot on 127.0.0.1 that does not deliver, every scenario a new conversation. One result per scenario,
 * in file order; a script that does not parse is one failed result. The directory is deleted afterwards.
 */
export async function runConversationTests(options: ConversationTestOptions): Promise<ConversationTestResult[]> {
  const results: ConversationTestResult[] = [];
  const jobs: Job[] = [];
  for (const loaded of loadConversationScripts(options.scriptsDir ?? DEFAULT_CONVERSATION_TESTS_DIR)) {
    if (!loaded.ok) {
      const message = loaded.problems.map((p) => `${p.file} at ${p.path}: ${p.reason}`).join('\n');
      results.push({ file: loaded.file, scenario: '(the script)', passed: false, message });
      continue;
    }
    for (const scenario of loaded.script.scenarios) {
      const result = { file: loaded.file, scenario: scenario.name };
      if (scenario.skip) {
        results.push({ ...result, passed: true, message: `skipped: ${scenario.skip}` });
        continue;
      }
      jobs.push({ result, dialogId: loaded.script.dialog, scenario, index: results.length });
      // Replaced when played: the results keep the order of the files.
      results.push({ ...result, passed: false, message: 'not run' });
    }
  }
  const total = results.length;
  let done = total - jobs.length;
  options.onProgress?.(done, total);
  if (jobs.length === 0) return results;

  const dataDir = mkdtempSync(join(tmpdir(), 'govbot-conversations-'));
  try {
    let bot: GateBot;
    try {
      await storeKnowledge(dataDir, options);
      bot = await GateBot.start({ dataDir, dialogsDir: options.dialogsDir, recipientsFile: options.recipientsFile });
    } catch (error) {
      const message = `the bot did not start: ${messageOf(error)}`;
      for (const job of jobs) results[job.index] = { ...job.result, passed: false, message };
      options.onProgress?.(total, total);
      return results;
    }
    const play = async (job: Job) => {
      try {
        await runScenario(job.scenario, { host: bot, dialogId: job.dialogId });
        results[job.index] = { ...job.result, passed: true };
      } catch (error) {
        results[job.index] = { ...job.result, passed: false, message: messageOf(error) };
      }
      options.onProgress?.(++done, total);
    };
    try {
      // A restart stops the bot under every conversation: scenarios with one run after the others, one at a time.
      const restarts = (job: Job) => job.scenario.steps.includes('restart');
      await inParallel(
        jobs.filter((job) => !restarts(job)),
        options.concurrency ?? 1,
        play,
      );
      await inParallel(jobs.filter(restarts), 1, play);
    } finally {
      await bot.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}

/** The knowledge under test as the bot reads it at start: catalogue and corpora as the draft, the model beside. */
async function storeKnowledge(dataDir: string, options: ConversationTestOptions): Promise<void> {
  const storage = openSqliteStorage(join(dataDir, 'govbot.sqlite'));
  try {
    await storage.catalogue.saveCatalogue(options.catalogue, { replace: true });
    await storage.intents.saveCorpora(options.corpora);
    await storage.models.saveModel({
      fingerprint: modelFingerprint(options.corpora, options.catalogue.services),
      createdAt: options.model.trainedAt,
      data: options.model.toJSON(),
    });
    // The bot would seed an empty catalogue or corpus with the defaults and test those instead.
    if (await storage.catalogue.isEmpty()) throw new Error('the catalogue is empty');
    if (await storage.intents.isEmpty()) throw new Error('there are no intents');
  } finally {
    await storage.close();
  }
}

/** The whole message: a failed step's names the step, what it expected and the turn it looked at, line by line. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Calls `work` for every item, at most `limit` at a time. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}
