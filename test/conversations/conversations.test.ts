import { afterAll, beforeAll, describe, it } from 'vitest';
import { STEP_TIMEOUT_MS } from '../../src/conversationTests/Citizen.js';
import { loadConversationScripts, type Scenario } from '../../src/conversationTests/ConversationScript.js';
import { DEFAULT_CONVERSATION_TESTS_DIR } from '../../src/conversationTests/runConversationTests.js';
import { runScenario } from '../../src/conversationTests/runScenario.js';
import { DEFAULT_DIALOGS_DIR } from '../../src/dialogs/loadDialogsDir.js';
import { BotHost } from './harness/BotHost.js';
import { coverageGaps } from './harness/coverageGaps.js';

/**
 * Runs every conversation script of `dialogs/conversations/` against a real GovBot over the channel it names (the
 * widget's Socket.IO or Bot Framework): one bot per file (restarted by `restart` steps), scenarios of a file one
 * after another, files side by side. The release gate runs the same scripts with the same checks without vitest
 * (`runConversationTests`).
 */
const scripts = loadConversationScripts(DEFAULT_CONVERSATION_TESTS_DIR);

for (const loaded of scripts) {
  // Files run concurrently: each has its own bot and data directory. Their scenarios share that bot and run in order.
  describe(loaded.file, { concurrent: true }, () => {
    if (!loaded.ok) {
      it.sequential('is a valid conversation script', () => {
        throw new Error(loaded.problems.map((p) => `${p.file} at ${p.path}: ${p.reason}`).join('\n'));
      });
      return;
    }
    const { script } = loaded;
    let host: BotHost | undefined;
    beforeAll(async () => {
      if (script.scenarios.some((scenario) => !scenario.skip)) host = await BotHost.start();
    });
    afterAll(async () => {
      await host?.dispose();
    });

    for (const scenario of script.scenarios) {
      it.sequential(scenario.name, { timeout: timeoutOf(scenario) }, async (context) => {
        if (scenario.skip) context.skip(scenario.skip);
        if (!host) throw new Error('the bot did not start');
        await runScenario(scenario, { host, dialogId: script.dialog });
      });
    }
  });
}

describe('conversation scripts', () => {
  it('cover every dialog: a script each, every required tag, and a rejected answer for every field that checks', () => {
    const gaps = coverageGaps(DEFAULT_DIALOGS_DIR, scripts);
    if (gaps.length > 0) throw new Error(`the conversation scripts do not cover:\n${gaps.join('\n')}`);
  });
});

/** Turns take milliseconds; deliveries wait for the outbox worker and restarts start a new bot. */
function timeoutOf(scenario: Scenario): number {
  const slow = scenario.steps.filter(
    (step) => step === 'restart' || (typeof step === 'object' && 'deliveries' in step),
  );
  return 30_000 + scenario.steps.length * 500 + slow.length * STEP_TIMEOUT_MS;
}
