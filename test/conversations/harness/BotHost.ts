import { rmSync } from 'node:fs';
import { freshDataDir, startTestBot, type TestBot } from '../../support/startTestBot.js';
import { ChannelSink } from './ChannelSink.js';
import { StateWrites } from './StateWrites.js';

/**
 * The bot a script file talks to: a real GovBot on its own data directory, which a `restart` step replaces by a new
 * process on the same directory, and the Bot Framework channel stand-in its replies go to.
 */
export class BotHost {
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

  /** Stops the bot (running turns finish, the database closes) and starts a new one on the same data. */
  async restart(): Promise<void> {
    await this.current.close();
    this.current = await startTestBot({ dataDir: this.dataDir });
    this.writes = new StateWrites(this.current.storage.state);
  }

  /** The Bot Framework connector stand-in that receives the bot's replies (started on first use). */
  async channelSink(): Promise<ChannelSink> {
    this.sink ??= await ChannelSink.start();
    return this.sink;
  }

  async dispose(): Promise<void> {
    await this.current.close();
    await this.sink?.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
