import type { StoredApplication } from '../applications/types.js';
import type { ApplicationRepository } from '../storage/repositories.js';
import { type BotReply, describeReplies } from './BotReply.js';
import { type Citizen, type CitizenMessage, STEP_TIMEOUT_MS } from './Citizen.js';
import type { ApplicationExpectation, BotExpectation, Scenario, Step } from './ConversationScript.js';
import { fixtureFile } from './fixtureFile.js';
import { subsetMismatches } from './subsetMismatches.js';

/** The bot a scenario talks to, as whoever runs the scripts provides it (the test suite, the release gate). */
export interface ScenarioHost {
  /** Opens a new conversation on the scenario's channel and returns it with the bot's welcome. */
  connect(scenario: Scenario): Promise<{ citizen: Citizen; welcome: BotReply[] }>;
  /** Stops the bot and starts a new one on the same data (the citizen has left, and comes back afterwards). */
  restart(): Promise<void>;
  /** The running bot's stored applications and their deliveries. */
  applications(): ApplicationRepository;
  /**
   * Sends the due deliveries, for a host whose bot does not run its outbox worker; without it a `deliveries` step
   * waits for the bot's worker.
   */
  sendDeliveries?(): Promise<void>;
}

export interface ScenarioContext {
  host: ScenarioHost;
  /** The dialog the script file covers: expectations on `state` and `field` refer to it unless they name another. */
  dialogId: string;
}

/** Plays one scenario against the host's bot: a new citizen, then every step in order. Throws at the first miss. */
export async function runScenario(scenario: Scenario, context: ScenarioContext): Promise<void> {
  const { citizen, welcome } = await context.host.connect(scenario);
  const run = new ScenarioRun(citizen, context, welcome);
  try {
    for (const [index, step] of scenario.steps.entries()) {
      try {
        await run.step(step);
      } catch (error) {
        throw run.failure(index, step, error);
      }
    }
  } finally {
    await citizen.disconnect();
  }
}

/** The last turn: what the citizen did and what the bot answered. */
interface Turn {
  said: string;
  replies: BotReply[];
}

class ScenarioRun {
  private turn: Turn;
  /** Every reply of the conversation, for the reference number of the last submission. */
  private readonly replies: BotReply[] = [];

  constructor(
    private readonly citizen: Citizen,
    private readonly context: ScenarioContext,
    welcome: BotReply[],
  ) {
    this.turn = { said: '(conversation opened)', replies: welcome };
    this.replies.push(...welcome);
  }

  async step(step: Step): Promise<void> {
    if (step === 'restart') return this.restart();
    if ('citizen' in step) return this.say(step.citizen, { text: step.citizen });
    if ('bot' in step) return this.expectReplies(step.bot);
    if ('click' in step) return this.click(step.click);
    if ('upload' in step) {
      const maxBytes = this.turn.replies.findLast((reply) => reply.expect)?.expect?.maxBytes;
      const file = fixtureFile(step.upload, { name: step.name, maxBytes });
      return this.say(`(uploads ${file.name})`, { attachments: [file] });
    }
    if ('application' in step) return this.expectApplication(step.application);
    return this.expectDeliveries(step.deliveries);
  }

  /** The step's error, its message prefixed with which step failed and the turn it looked at (diffs are kept). */
  failure(index: number, step: Step, error: unknown): Error {
    const failure = error instanceof Error ? error : new Error(String(error));
    const context = `step ${index + 1} ${JSON.stringify(step)} failed:`;
    const turn = `\n  last turn — citizen: ${this.turn.said}\n  bot:\n${describeReplies(this.turn.replies)}`;
    failure.message = `${context}\n${failure.message}${turn}`;
    return failure;
  }

  private async say(said: string, message: CitizenMessage): Promise<void> {
    const replies = await this.citizen.send(message);
    this.turn = { said, replies };
    this.replies.push(...replies);
  }

  private async click(title: string): Promise<void> {
    const button = this.turn.replies
      .flatMap((reply) => reply.buttons)
      .findLast((candidate) => candidate.title === title);
    if (!button) {
      const offered = this.turn.replies.flatMap((reply) => reply.buttons.map((candidate) => candidate.title));
      throw new Error(`no button "${title}" in the last replies; offered: ${offered.join(' | ') || 'none'}`);
    }
    if ('number' in button) return this.say(`${button.number} (${title})`, { text: String(button.number) });
    return this.say(`[${title}]`, { text: title, value: button.value });
  }

  private async restart(): Promise<void> {
    await this.citizen.disconnect();
    await this.context.host.restart();
    await this.citizen.reconnect();
  }

  private expectReplies(expected: BotExpectation): void {
    const { replies } = this.turn;
    if (replies.length === 0) throw new Error('the bot did not reply');
    const visible = replies.map((reply) => reply.visible).join('\n');
    const folded = fold(visible);
    const empty = [...(expected.says ?? []), ...(expected.not ?? [])].filter((text) => fold(text).trim() === '');
    if (empty.length > 0) throw new Error(`nothing to look for in ${empty.map(quote).join(', ')} (markup is ignored)`);
    const missing = (expected.says ?? []).filter((text) => !folded.includes(fold(text)));
    if (missing.length > 0) throw new Error(`the replies do not say ${missing.map(quote).join(', ')}`);
    const unwanted = (expected.not ?? []).filter((text) => folded.includes(fold(text)));
    if (unwanted.length > 0) throw new Error(`the replies say ${unwanted.map(quote).join(', ')}`);

    if (expected.field !== undefined || expected.state !== undefined || expected.reason !== undefined) {
      const dialog = replies.findLast((reply) => reply.dialog)?.dialog;
      if (!dialog) throw new Error('no reply of the turn carries channelData.govbot.dialog');
      const dialogId = expected.dialog ?? this.context.dialogId;
      const actual = `${dialog.id} ${dialog.state} ${dialog.field ?? '(no field)'}${dialog.reason ? ` (${dialog.reason})` : ''}`;
      if (dialog.id !== dialogId) throw new Error(`expected dialog "${dialogId}", the bot is in: ${actual}`);
      if (expected.state !== undefined && dialog.state !== expected.state) {
        throw new Error(`expected state "${expected.state}", the bot is in: ${actual}`);
      }
      if (expected.field !== undefined && dialog.field !== expected.field) {
        throw new Error(`expected field "${expected.field}", the bot is in: ${actual}`);
      }
      if (expected.reason !== undefined && dialog.reason !== expected.reason) {
        throw new Error(`expected reason "${expected.reason}", the bot is in: ${actual}`);
      }
    }

    if (expected.buttons) {
      const last = replies.at(-1);
      const titles = new Set(last?.buttons.map((button) => button.title));
      const absent = expected.buttons.filter((title) => !titles.has(title));
      if (absent.length > 0) {
        throw new Error(
          `the last reply does not offer ${absent.map(quote).join(', ')}; it offers: ${[...titles].join(' | ') || 'none'}`,
        );
      }
    }
  }

  private async expectApplication(expected: ApplicationExpectation): Promise<void> {
    const application = await this.submittedApplication();
    const mismatches: string[] = [];
    if (expected.recipients) {
      const actual = application.recipients.map((recipient) => recipient.id).sort();
      const wanted = [...expected.recipients].sort();
      if (actual.join('\n') !== wanted.join('\n')) {
        mismatches.push(`recipients: expected ${wanted.join(', ') || 'none'}, got ${actual.join(', ') || 'none'}`);
      }
    }
    if (expected.values) mismatches.push(...subsetMismatches(application.values, expected.values, 'values'));
    if (expected.computed) mismatches.push(...subsetMismatches(application.computed, expected.computed, 'computed'));
    if (expected.attachments !== undefined && application.attachments.length !== expected.attachments) {
      mismatches.push(`attachments: expected ${expected.attachments}, got ${application.attachments.length}`);
    }
    if (mismatches.length > 0) {
      throw new Error(`application ${application.reference} does not match:\n  ${mismatches.join('\n  ')}`);
    }
  }

  private async expectDeliveries(status: 'pending' | 'delivered'): Promise<void> {
    const { reference } = await this.submittedApplication();
    const { host } = this.context;
    const deadline = Date.now() + (status === 'delivered' ? STEP_TIMEOUT_MS : 0);
    for (;;) {
      // `pending` is checked at once: sending first would deliver what the step expects to be waiting.
      if (status === 'delivered') await host.sendDeliveries?.();
      // The bot's outbox worker polls on its own schedule (every 5 s); the repository is where its work shows.
      const deliveries = await host.applications().listDeliveries({ reference });
      if (deliveries.length > 0 && deliveries.every((delivery) => delivery.status === status)) return;
      if (Date.now() >= deadline) {
        const states = deliveries.map((delivery) => `${delivery.recipientId}: ${delivery.status}`).join(', ');
        throw new Error(`expected every delivery of ${reference} to be ${status}; they are: ${states || 'none'}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** The application of the conversation's last "submitted" message, as stored. */
  private async submittedApplication(): Promise<StoredApplication> {
    const submitted = this.replies.findLast((reply) => reply.dialog?.state === 'submitted');
    if (!submitted) throw new Error('no application was submitted in this conversation');
    // Bold on the widget; plain channels show the same number without the markup.
    const reference = /\b([A-Z]{2,4}-\d{4}-[0-9A-Z]{6}-[0-9A-Z])\b/.exec(submitted.text)?.[1];
    if (!reference) throw new Error(`no reference number in the "submitted" message: ${submitted.text}`);
    const application = await this.context.host.applications().findApplication(reference);
    if (!application) throw new Error(`no application ${reference} in storage`);
    if (application.conversationId !== this.citizen.conversationId) {
      throw new Error(`application ${reference} belongs to another conversation (${application.conversationId})`);
    }
    return application;
  }
}

/** Case and spacing do not matter when looking for words in replies; markdown bold does not either. */
function fold(text: string): string {
  return text.replace(/\*\*/g, '').replace(/\s+/g, ' ').toLocaleLowerCase('de');
}

function quote(text: string): string {
  return `"${text}"`;
}
