import { basename, dirname, join } from 'node:path';
import { OutboxWorker } from '../applications/outbox/OutboxWorker.js';
import { type RecipientDelivery, RecipientsFile } from '../applications/recipients.js';
import { WEB_WIDGET_CHANNEL } from '../bot/render/channelCapabilities.js';
import { loadConfig } from '../config/config.js';
import { DEFAULT_DIALOGS_DIR } from '../dialogs/loadDialogsDir.js';
import { type FileProblem, readSchemaFile } from '../files/readSchemaFile.js';
import { createLogger } from '../logger.js';
import { type RunningGovBot, startGovBot } from '../main.js';
import type { ApplicationRepository } from '../storage/repositories.js';
import { BotFrameworkCitizen } from './BotFrameworkCitizen.js';
import type { BotReply } from './BotReply.js';
import { ChannelSink } from './ChannelSink.js';
import type { Citizen } from './Citizen.js';
import type { Scenario } from './ConversationScript.js';
import type { ScenarioHost } from './runScenario.js';

export interface GateBotOptions {
  /** A data directory holding the catalogue, corpora and model to test. */
  dataDir: string;
  dialogsDir?: string;
  recipientsFile?: string;
}

/**
 * A GovBot for running conversation scripts inside the production server (the release gate): on 127.0.0.1, a free
 * port, the service centre always open, nothing from the server's environment (no Bot Framework credentials, no
 * handoff webhook), and its outbox worker off. Every citizen talks over `POST /api/messages` to a local stand-in for
 * the channel, which needs no dev dependency; scripts written for the widget use its channel id, so the bot renders
 * as for the widget. Deliveries go to folders in the data directory, whatever the recipients file says.
 */
export class GateBot implements ScenarioHost {
  private constructor(
    private current: RunningGovBot,
    private readonly sink: ChannelSink,
    private readonly options: GateBotOptions,
    private readonly outboxRecipients: RecipientsFile['recipients'],
  ) {}

  static async start(options: GateBotOptions): Promise<GateBot> {
    const recipients = folderRecipients(options);
    const sink = await ChannelSink.start();
    try {
      return new GateBot(await startBot(options), sink, options, recipients);
    } catch (error) {
      await sink.close();
      throw error;
    }
  }

  connect(scenario: Scenario): Promise<{ citizen: Citizen; welcome: BotReply[] }> {
    const channelId = scenario.channel === 'botframework' ? scenario.channelId : WEB_WIDGET_CHANNEL;
    const endpoint = { botUrl: () => `http://127.0.0.1:${this.current.port}`, sink: this.sink };
    return BotFrameworkCitizen.connect(endpoint, { channelId, locale: scenario.locale });
  }

  async restart(): Promise<void> {
    await this.current.close();
    this.current = await startBot(this.options);
  }

  applications(): ApplicationRepository {
    return this.current.storage.applications;
  }

  /** One pass of an outbox worker of our own, of the running bot's storage, into folders of the data directory. */
  async sendDeliveries(): Promise<void> {
    const worker = new OutboxWorker({
      applications: this.current.storage.applications,
      uploads: this.current.storage.uploads,
      recipients: this.outboxRecipients,
      outboxDir: join(this.options.dataDir, 'outbox'),
    });
    await worker.runOnce();
  }

  async close(): Promise<void> {
    try {
      await this.current.close();
    } finally {
      await this.sink.close();
    }
  }
}

function startBot(options: GateBotOptions): Promise<RunningGovBot> {
  // No rate limits: the scripted citizens send as fast as the bot answers, all from 127.0.0.1.
  const env = { HOST: '127.0.0.1', LOG_LEVEL: 'silent', GOVBOT_SERVICE_HOURS: 'always', GOVBOT_RATE_LIMITS: 'off' };
  const config = {
    ...loadConfig(env, { dataDir: options.dataDir, port: 0 }),
    dialogsDir: options.dialogsDir,
    recipientsFile: options.recipientsFile,
  };
  return startGovBot(config, createLogger('silent'), { deliver: false });
}

/** The recipients of the dialogs, each with a folder of its id instead of how it is really reached. */
function folderRecipients(options: GateBotOptions): RecipientsFile['recipients'] {
  const file = options.recipientsFile ?? join(options.dialogsDir ?? DEFAULT_DIALOGS_DIR, 'recipients.yaml');
  const problems: FileProblem[] = [];
  const parsed = readSchemaFile(dirname(file), basename(file), RecipientsFile, problems);
  // A broken file stops the bot at start with the same problems; until then there is just nobody to deliver to.
  return Object.fromEntries(
    Object.entries(parsed?.recipients ?? {}).map(([id, recipient]) => {
      const delivery: RecipientDelivery = { type: 'folder', path: id };
      return [id, { ...recipient, delivery }];
    }),
  );
}
