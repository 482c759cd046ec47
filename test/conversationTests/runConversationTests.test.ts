import { once } from 'node:events';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { type RecipientDelivery, RecipientsFile } from '../../src/applications/recipients.js';
import type { Catalogue } from '../../src/catalogue/schema.js';
import {
  DEFAULT_CONVERSATION_TESTS_DIR,
  runConversationTests,
} from '../../src/conversationTests/runConversationTests.js';
import { DEFAULT_DIALOGS_DIR } from '../../src/dialogs/loadDialogsDir.js';
import { ConversationTestResult } from '../../src/editor/types.js';
import type { Corpus } from '../../src/nlu/corpus.js';
import type { IntentModel } from '../../src/nlu/IntentModel.js';
import { loadCurrentModel, trainModel } from '../../src/nlu/trainModel.js';
import { openDataDir } from '../../src/storage/openDataDir.js';
import { freshDataDir } from '../support/startTestBot.js';

/** A few real scenarios of the shipped scripts: a form with deliveries, a restart, a plain-text channel, uploads. */
const PICKS: Record<string, (scenario: RawScenario) => boolean> = {
  'hund-anmelden.yaml': (s) =>
    s.name.startsWith('happy path with two dogs') || s.tags?.includes('restart') || s.channelId === 'sms',
  'zaehlerstand-melden.yaml': (s) => s.name.startsWith('happy path, meter type') || s.name.includes('with a photo'),
};
/** A script as written (not as parsed with defaults), to be written back after picking scenarios. */
const RawScript = z.looseObject({
  dialog: z.string(),
  scenarios: z.array(
    z.looseObject({
      name: z.string(),
      tags: z.array(z.string()).optional(),
      channelId: z.string().optional(),
      steps: z.array(z.unknown()),
    }),
  ),
});
type RawScript = z.infer<typeof RawScript>;
type RawScenario = RawScript['scenarios'][number];

describe('runConversationTests', () => {
  let knowledge: { model: IntentModel; catalogue: Catalogue; corpora: Corpus[] };
  let scriptsDir: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    // The template's model, stored under the fingerprint of its catalogue and corpora: nothing is trained here.
    const dataDir = freshDataDir();
    dirs.push(dataDir);
    const { storage } = await openDataDir(dataDir);
    try {
      const { model, services } = await loadCurrentModel(storage);
      const catalogue = { services, offices: await storage.catalogue.listOffices() };
      knowledge = { model, catalogue, corpora: await storage.intents.listCorpora() };
    } finally {
      await storage.close();
    }
    scriptsDir = tempDir(dirs);
    for (const [file, pick] of Object.entries(PICKS)) {
      const script = readScript(file);
      writeScript(scriptsDir, file, { ...script, scenarios: script.scenarios.filter(pick) });
    }
  });

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('passes the shipped scripts with the shipped model, and sends no application to a recipient', async () => {
    // The dog tax office is reached over a webhook here: the run must not call it, and still see the delivery made.
    const webhook = await countingServer();
    const recipientsFile = join(tempDir(dirs), 'recipients.yaml');
    const recipients = RecipientsFile.parse(parse(readFileSync(join(DEFAULT_DIALOGS_DIR, 'recipients.yaml'), 'utf8')));
    const steueramt = { ...recipients.recipients.steueramt, delivery: webhookTo(webhook.url) };
    writeFileSync(recipientsFile, stringify({ ...recipients, recipients: { ...recipients.recipients, steueramt } }));
    // A wrong expectation beside them: the checks of `application` steps must be able to fail.
    const dir = tempDir(dirs);
    for (const file of Object.keys(PICKS)) copyFileSync(join(scriptsDir, file), join(dir, file));
    const happy = readScript('hund-anmelden.yaml').scenarios.filter((s) => s.name.startsWith('happy path with two'));
    writeScript(dir, 'wrong-tax.yaml', { dialog: 'hund-anmelden', scenarios: happy.map(withTax(700)) });

    const progress: [number, number][] = [];
    try {
      const results = await runConversationTests({
        ...knowledge,
        scriptsDir: dir,
        recipientsFile,
        onProgress: (done, total) => progress.push([done, total]),
      });

      expect(results.map((result) => [ConversationTestResult.parse(result).file, result.passed])).toEqual([
        ['hund-anmelden.yaml', true],
        ['hund-anmelden.yaml', true],
        ['hund-anmelden.yaml', true],
        ['hund-anmelden.yaml', true],
        ['wrong-tax.yaml', false],
        ['zaehlerstand-melden.yaml', true],
        ['zaehlerstand-melden.yaml', true],
      ]);
      const wrong = results.find((result) => result.file === 'wrong-tax.yaml');
      expect(wrong?.message).toMatch(/^step \d+ \{"application"/);
      expect(wrong?.message).toContain('computed.annualTax: expected 700, got 720');
      expect(progress.at(0)).toEqual([0, 7]);
      expect(progress.at(-1)).toEqual([7, 7]);
      expect(webhook.requests()).toBe(0);
    } finally {
      await webhook.close();
    }
  }, 120_000);

  it('fails the scenarios of a dialog whose intent the model was not trained with, saying where', async () => {
    const { catalogue, corpora } = knowledge;
    const model = trainModel(
      corpora,
      catalogue.services.filter((service) => service.id !== 'hund-anmelden'),
    );

    const results = await runConversationTests({ ...knowledge, model, scriptsDir });

    const dogs = results.filter((result) => result.file === 'hund-anmelden.yaml');
    expect(dogs.length).toBeGreaterThan(0);
    for (const result of dogs) {
      expect(result.passed, result.scenario).toBe(false);
      // The first message no longer opens the form: a check of the bot's answer says what it expected and what came.
      expect(result.message).toMatch(/^step \d+ \{"bot":/);
      expect(result.message).toContain('last turn — citizen:');
    }
    expect(dogs[0]?.message).toContain('last turn — citizen: Ich möchte meinen Hund Bello anmelden');
    // The meter readings do not need that intent.
    expect(results.filter((result) => result.file === 'zaehlerstand-melden.yaml' && !result.passed)).toEqual([]);
  }, 120_000);

  it('fails every scenario, naming the dialog, when the catalogue lacks a service a dialog needs', async () => {
    const catalogue = {
      ...knowledge.catalogue,
      services: knowledge.catalogue.services.filter((service) => service.id !== 'hund-anmelden'),
    };

    const results = await runConversationTests({ ...knowledge, catalogue, scriptsDir });

    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      expect(result.passed).toBe(false);
      expect(result.message).toMatch(/^the bot did not start: invalid dialogs/);
      expect(result.message).toContain('hund-anmelden.yaml at services[0]: unknown catalogue entry "hund-anmelden"');
    }
  });

  it('reports a script that does not parse as failed and a skipped scenario as skipped, without a bot', async () => {
    const dir = tempDir(dirs);
    writeScript(dir, 'broken.yaml', { dialog: 'hund-anmelden', scenarios: [{ name: 'x', step: [] }] });
    writeScript(dir, 'skipped.yaml', {
      dialog: 'hund-anmelden',
      scenarios: [{ name: 'waits for a fix', skip: 'engine bug #12', steps: [{ citizen: 'Hallo' }] }],
    });

    const results = await runConversationTests({ ...knowledge, scriptsDir: dir });

    expect(results).toEqual([
      { file: 'broken.yaml', scenario: '(the script)', passed: false, message: expect.stringContaining('broken.yaml') },
      { file: 'skipped.yaml', scenario: 'waits for a fix', passed: true, message: 'skipped: engine bug #12' },
    ]);
  });
});

function tempDir(dirs: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'govbot-scripts-'));
  dirs.push(dir);
  return dir;
}

function readScript(file: string): RawScript {
  return RawScript.parse(parse(readFileSync(join(DEFAULT_CONVERSATION_TESTS_DIR, file), 'utf8')));
}

function writeScript(dir: string, file: string, script: unknown): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), stringify(script));
}

const ApplicationStep = z.object({ application: z.record(z.string(), z.unknown()) });

/** The scenario expecting another annual dog tax in its `application` step. */
function withTax(annualTax: number): (scenario: RawScenario) => RawScenario {
  return (scenario) => ({
    ...scenario,
    steps: scenario.steps.map((step) => {
      const application = ApplicationStep.safeParse(step);
      return application.success ? { application: { ...application.data.application, computed: { annualTax } } } : step;
    }),
  });
}

/** No secret is set: a bot that meant to send would not even start. */
function webhookTo(url: string): RecipientDelivery {
  return { type: 'webhook', url, secretEnv: 'GATE_TEST_WEBHOOK_SECRET' };
}

/** An HTTP server standing in for a recipient's system, counting the requests it gets. */
async function countingServer(): Promise<{ url: string; requests(): number; close(): Promise<void> }> {
  let count = 0;
  const server: Server = createServer((_req, res) => {
    count++;
    res.writeHead(200).end();
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/antraege`,
    requests: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
