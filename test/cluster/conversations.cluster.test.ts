import { afterAll, beforeAll, describe, it } from 'vitest';
import { STEP_TIMEOUT_MS } from '../../src/conversationTests/Citizen.js';
import { loadConversationScripts, type Scenario } from '../../src/conversationTests/ConversationScript.js';
import { DEFAULT_CONVERSATION_TESTS_DIR } from '../../src/conversationTests/runConversationTests.js';
import { runScenario } from '../../src/conversationTests/runScenario.js';
import { testDatabaseUrl } from '../storage/postgresTestDatabase.js';
import { ClusterHost } from './ClusterHost.js';
import { testRedisUrl } from './redisTestServer.js';
import { startCluster, type TestCluster } from './startCluster.js';

/**
 * Every conversation script of `dialogs/conversations/` again, now against two instances on PostgreSQL and Redis with
 * no sticky sessions: each connection and each Bot Framework request goes to the other instance than the one before,
 * and `restart` steps restart both, one after the other. What passes on one server must pass here.
 */
const databaseUrl = testDatabaseUrl();
const redisUrl = testRedisUrl();
const scripts = loadConversationScripts(DEFAULT_CONVERSATION_TESTS_DIR).flatMap((loaded) =>
  loaded.ok ? [loaded] : [],
);

describe.skipIf(databaseUrl === undefined || redisUrl === undefined)(
  'conversation scripts on two instances',
  { timeout: 60_000 },
  () => {
    let cluster: TestCluster | undefined;
    let host: ClusterHost | undefined;
    beforeAll(async () => {
      cluster = await startCluster({ databaseUrl: databaseUrl ?? '', redisUrl: redisUrl ?? '' });
      host = await ClusterHost.start(cluster);
    }, 120_000);
    afterAll(async () => {
      await host?.dispose();
      await cluster?.dispose();
    });

    // One after another: a rolling restart of the shared instances would cut into another file's conversation.
    for (const { script, file } of scripts) {
      // The scenarios that cross instances most (a rolling restart mid-form, Bot Framework requests spread over both,
      // a whole application to submission); the rest runs on one instance in test/conversations, and CI has 20 min.
      for (const scenario of script.scenarios.filter(crossesInstances)) {
        it(`${file}: ${scenario.name}`, { timeout: timeoutOf(scenario) }, async (context) => {
          if (scenario.skip) context.skip(scenario.skip);
          if (!host) throw new Error('the instances did not start');
          await runScenario(scenario, { host, dialogId: script.dialog });
        });
      }
    }
  },
);

function crossesInstances(scenario: Scenario): boolean {
  return scenario.tags.some((tag) => tag === 'restart' || tag === 'botframework' || tag === 'happy');
}

/** Turns take milliseconds; deliveries wait for an outbox worker, and a rolling restart starts two instances. */
function timeoutOf(scenario: Scenario): number {
  const slow = scenario.steps.filter(
    (step) => step === 'restart' || (typeof step === 'object' && 'deliveries' in step),
  );
  return 30_000 + scenario.steps.length * 500 + slow.length * 2 * STEP_TIMEOUT_MS;
}
