import { BotFrameworkCitizen } from '../../src/conversationTests/BotFrameworkCitizen.js';
import type { BotReply } from '../../src/conversationTests/BotReply.js';
import { ChannelSink } from '../../src/conversationTests/ChannelSink.js';
import type { Citizen } from '../../src/conversationTests/Citizen.js';
import type { Scenario } from '../../src/conversationTests/ConversationScript.js';
import type { ScenarioHost } from '../../src/conversationTests/runScenario.js';
import type { ApplicationRepository } from '../../src/storage/repositories.js';
import { SocketIoCitizen, type SocketIoHost } from '../conversations/harness/SocketIoCitizen.js';
import { StateWrites } from '../conversations/harness/StateWrites.js';
import type { TestCluster } from './startCluster.js';

/**
 * The conversation scripts' host for several instances behind a load balancer that spreads without stickiness: every
 * widget connection (a new one, a reconnect) and every Bot Framework request goes to the next instance in turn, so a
 * conversation's turns run on all of them. A `restart` is a rolling restart: one instance after the other.
 */
export class ClusterHost implements ScenarioHost, SocketIoHost {
  private next = 0;
  private writes: StateWrites;

  constructor(
    private readonly cluster: TestCluster,
    private readonly sink: ChannelSink,
  ) {
    this.writes = new StateWrites(...cluster.instances.map((instance) => instance.storage.state));
  }

  static async start(cluster: TestCluster): Promise<ClusterHost> {
    return new ClusterHost(cluster, await ChannelSink.start());
  }

  /** The next instance, round robin. */
  get bot(): { url: string } {
    const { instances } = this.cluster;
    const instance = instances[this.next++ % instances.length];
    if (!instance) throw new Error('the cluster has no instance');
    return instance;
  }

  get stateWrites(): StateWrites {
    return this.writes;
  }

  connect(scenario: Scenario): Promise<{ citizen: Citizen; welcome: BotReply[] }> {
    if (scenario.channel === 'socketio') return SocketIoCitizen.connect(this, scenario.locale);
    const endpoint = { botUrl: () => this.bot.url, sink: this.sink };
    return BotFrameworkCitizen.connect(endpoint, { channelId: scenario.channelId, locale: scenario.locale });
  }

  async restart(): Promise<void> {
    for (const index of this.cluster.instances.keys()) await this.cluster.restart(index);
    this.writes = new StateWrites(...this.cluster.instances.map((instance) => instance.storage.state));
  }

  applications(): ApplicationRepository {
    const [first] = this.cluster.instances;
    if (!first) throw new Error('the cluster has no instance');
    return first.storage.applications;
  }

  async dispose(): Promise<void> {
    await this.sink.close();
  }
}
