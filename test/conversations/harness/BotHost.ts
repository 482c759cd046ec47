import { rmSync } from 'node:fs';
import { BotFrameworkCitizen } from '../../../src/conversationTests/BotFrameworkCitizen.js';
import type { BotReply } from '../../../src/conversationTests/BotReply.js';
import { ChannelSink } from '../../../src/conversationTests/ChannelSink.js';
import type { Citizen } from '../../../src/conversationTests/Citizen.js';
import type { Scenario } from '../../../src/conversationTests/ConversationScript.js';
import type { ScenarioHost } from '../../../src/conversationTests/runScenario.js';
import type { ApplicationRepository } from '../../../src/storage/repositories.js';
import { freshDataDir, startTestBot, type TestBot } from '../../support/startTestBot.js';
import { SocketIoCitizen } from './SocketIoCitizen.js';
import { StateWrites } from './StateWrites.js';

/**
 * The bot a script file talks to in the test suite: a real GovBot on its own data directory with its outbox worker
 * running, which a `restart` step replaces by a new process on the same directory. Citizens come over the widget's
 * Socket.IO channel, or over Bot Framework to a local stand-in for the channel's connector.
 */
export class BotHost implements ScenarioHost {
  private sink: ChannelSink | undefined;

  private constructor(
    private current: TestBot,
    private writes: StateWrites,
    readonly dataDir: string,
  ) {}

  static async start(): Promise<BotHost> {
    const dataDir = freshDataDir();
    const bot = await startTestBot({ dataDir });
    return new BotHost(bot, new StateWrites(bot.storage.state), dataDir);
  }

  get bot(): TestBot {
    return this.current;
  }

  /** State saves per conversation of the running bot process. */
  get stateWrites(): StateWrites {
    return this.writes;
  }

  async connect(scenario: Scenario): Promise<{ citizen: Citizen; welcome: BotReply[] }> {
    if (scenario.channel === 'socketio') return SocketIoCitizen.connect(this, scenario.locale);
    // Started on first use: most files talk over the widget's channel only.
    this.sink ??= await ChannelSink.start();
    const endpoint = { botUrl: () => this.current.url, sink: this.sink };
    return BotFrameworkCitizen.connect(endpoint, { channelId: scenario.channelId, locale: scenario.locale });
  }

  /** Stops the bot (running turns finish, the database closes) and starts a new one on the same data. */
  async restart(): Promise<void> {
    await this.current.close();
    this.current = await startTestBot({ dataDir: this.dataDir });
    this.writes = new StateWrites(this.current.storage.state);
  }

  applications(): ApplicationRepository {
    return this.current.storage.applications;
  }

  async dispose(): Promise<void> {
    await this.current.close();
    await this.sink?.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
