import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Activity, ConversationState, MemoryStorage, TestAdapter } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GovBot } from '../../src/bot/GovBot.js';
import { FormDialogs } from '../../src/dialogs/FormDialogs.js';
import { loadDialogsDir } from '../../src/dialogs/loadDialogsDir.js';
import type { TurnObserver } from '../../src/editor/analytics/TurnObserver.js';
import { WorkbenchRecorder } from '../../src/editor/analytics/WorkbenchRecorder.js';
import { Understanding } from '../../src/nlu/Understanding.js';
import { type TemplateStorage, templateStorage } from '../editor/inbox/templateStorage.js';
import { singleTenant } from '../support/testTenants.js';

/** The municipality the bot names: the default tenant, as a single city's installation has it. */
const musterstadt = singleTenant().fallback;

/** A two-question dialog for the dog licence of the default catalogue. */
const DIALOG = `
version: 1
id: test-hund
services: [hund-anmelden]
title: { de: Hund anmelden (Test) }
referencePrefix: TH
trustLevel: low
intro: { de: Wir melden Ihren Hund an. }
fields:
  - id: dogName
    type: text
    label: { de: Name des Hundes }
    prompt: { de: Wie heißt Ihr Hund? }
  - id: resident
    type: yesNo
    label: { de: Wohnsitz }
    prompt: { de: Wohnen Sie in Musterstadt? }
privacyNotice: { de: Datenschutz. }
confirmation: { de: Ich bestätige. }
nextSteps: { de: Wir melden uns. }
recipients:
  - id: amt
`;
const RECIPIENTS = `
version: 1
recipients:
  amt: { name: { de: Amt }, delivery: { type: folder, path: amt } }
`;

let data: TemplateStorage;
let forms: FormDialogs;

beforeAll(async () => {
  data = await templateStorage();
  const dir = mkdtempSync(join(tmpdir(), 'govbot-recorder-dialogs-'));
  writeFileSync(join(dir, 'test-hund.yaml'), DIALOG);
  writeFileSync(join(dir, 'recipients.yaml'), RECIPIENTS);
  const { dialogs, recipients } = loadDialogsDir(dir);
  forms = new FormDialogs({
    dialogs,
    recipients,
    chatTrustLevel: 'low',
    leikaOf: () => [],
    submit: async () => ({ reference: 'TH-2026-1', duplicate: false }),
  });
});
afterAll(() => data.dispose());

function createBot(observer: TurnObserver | undefined) {
  const understanding = new Understanding(data.model, data.services);
  const bot = new GovBot({
    knowledge: () => ({ understanding, offices: new Map(data.offices.map((office) => [office.id, office])) }),
    conversationState: new ConversationState(new MemoryStorage()),
    tenants: { fallback: musterstadt },
    publicUrl: () => 'http://localhost:3000',
    popularServices: [],
    forms,
    tickets: data.storage.tickets,
    observer,
  });
  return new TestAdapter(async (context) => bot.run(context), { channelId: 'emulator', locale: 'de-DE' });
}

/** Sends one message and returns the texts of all replies. */
async function say(adapter: TestAdapter, activity: string | Partial<Activity>): Promise<string> {
  await adapter.send(activity).startTest();
  return adapter.activeQueue
    .splice(0)
    .map((reply) => reply.text ?? '')
    .join('\n');
}

const today = () => new Date(new Date().toISOString().slice(0, 10));
const tomorrow = () => new Date(today().getTime() + 24 * 60 * 60 * 1000);

describe('WorkbenchRecorder through GovBot', () => {
  it('puts an out-of-scope question scrubbed in the inbox, an answered one not, and counts both', async () => {
    const recorder = new WorkbenchRecorder({ storage: data.storage });
    const adapter = createBot(recorder);
    await adapter
      .send('Ich heiße Max Mustermann, wann spielt der FC Bayern gegen Dortmund?')
      .assertReply((reply) => expect(reply.text).toContain('Musterstadt'))
      .send('Was kostet ein Reisepass?')
      .assertReply((reply) => expect(reply.text).toContain('Reisepass'))
      .send('Hallo')
      .assertReply(() => undefined)
      .startTest();
    await recorder.flush();
    const inbox = await data.storage.inbox.listInbox({ status: 'open' });
    expect(inbox.map((entry) => [entry.text, entry.reason, entry.intent])).toEqual([
      ['Ich heiße [NAME], wann spielt der FC Bayern gegen Dortmund?', 'out_of_scope', 'None'],
    ]);
    const [day] = await data.storage.analytics.dailyCounts(today(), tomorrow());
    expect(day).toMatchObject({ outOfScope: 1 });
    expect(day?.answered).toBeGreaterThanOrEqual(1);
    const top = await data.storage.analytics.topServices(today(), tomorrow(), 5);
    expect(top).toEqual([{ serviceId: 'reisepass', count: 1 }]);
    await data.storage.inbox.resolveInboxEntries(
      inbox.map((entry) => entry.id),
      { status: 'ignored', by: 'test', at: new Date().toISOString() },
    );
  });

  it('records the question before a request for a person, once', async () => {
    const recorder = new WorkbenchRecorder({ storage: data.storage, lowConfidence: 0 });
    const adapter = createBot(recorder);
    await adapter
      .send('Was kostet ein Reisepass?')
      .assertReply((reply) => expect(reply.text).toContain('Reisepass'))
      .send({ type: 'message', text: 'Mit einem Menschen sprechen', value: { action: 'handover' } })
      .assertReply(() => undefined)
      .startTest();
    await recorder.flush();
    const inbox = await data.storage.inbox.listInbox({ status: 'open' });
    expect(inbox.map((entry) => [entry.text, entry.reason, entry.intent])).toEqual([
      ['Was kostet ein Reisepass?', 'handover', 'service.reisepass'],
    ]);
    await data.storage.inbox.resolveInboxEntries(
      inbox.map((entry) => entry.id),
      { status: 'ignored', by: 'test', at: new Date().toISOString() },
    );
  });

  it("records a form dialog's start, the fields asked and the submission, but no form answers", async () => {
    const recorder = new WorkbenchRecorder({ storage: data.storage });
    const adapter = createBot(recorder);
    expect(await say(adapter, 'Ich möchte meinen Hund anmelden')).toContain('Wie heißt Ihr Hund?');
    expect(await say(adapter, 'Bello')).toContain('Wohnen Sie in Musterstadt?');
    expect(await say(adapter, 'ja')).toContain('Stimmt alles?');
    expect(
      await say(adapter, { type: 'message', text: 'Absenden', value: { action: 'form', op: 'submit' } }),
    ).toContain('TH-2026-1');
    await recorder.flush();
    const funnels = await data.storage.analytics.dialogFunnels(today(), tomorrow());
    expect(funnels).toEqual([
      {
        dialogId: 'test-hund',
        started: 1,
        submitted: 1,
        cancelled: 0,
        steps: [
          { field: 'dogName', reached: 1 },
          { field: 'resident', reached: 1 },
        ],
      },
    ]);
    expect(await data.storage.inbox.listInbox({ status: 'open' })).toEqual([]);
  });

  it('answers exactly as without an observer, even when the observer throws', async () => {
    const throwing: TurnObserver = {
      understood: () => {
        throw new Error('broken');
      },
      handoverRequested: () => {
        throw new Error('broken');
      },
      dialogEvent: () => {
        throw new Error('broken');
      },
    };
    const replies = async (observer: TurnObserver | undefined) => {
      const texts: string[] = [];
      await createBot(observer)
        .send('Was kostet ein Reisepass?')
        .assertReply((reply) => {
          texts.push(JSON.stringify([reply.text, reply.attachments]));
        })
        .send('Wer gewinnt die Bundesliga?')
        .assertReply((reply) => {
          texts.push(reply.text ?? '');
        })
        .startTest();
      return texts;
    };
    expect(await replies(throwing)).toEqual(await replies(undefined));
  });
});
