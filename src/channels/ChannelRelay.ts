import type { ConversationReference, TurnContext } from 'botbuilder';
import { HANDOVER_SIGNAL } from '../bot/GovBot.js';
import { WEB_WIDGET_CHANNEL } from '../bot/render/channelCapabilities.js';
import type { TurnQueue } from '../cluster/clusterTurns.js';
import type { CitizenRelay, HandoverSignal } from '../handover/signals.js';
import type { ConversationAddress } from '../handover/types.js';

/** What the relay needs of a channel's adapter: a proactive turn for a stored conversation reference. */
export interface ProactiveAdapter {
  continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

export interface ChannelRelayOptions {
  bot: { run(context: TurnContext): Promise<void> };
  turns: TurnQueue;
  /** The web widget's adapter (set once the Socket.IO channel is attached). */
  widget: () => ProactiveAdapter | undefined;
  /** Bot Framework channels (Teams, Web Chat, …): messages arrive proactively through the Bot Connector. */
  botFramework: ProactiveAdapter;
}

/**
 * Runs a service-centre signal as a turn of the citizen's conversation, on the channel the citizen uses, after any
 * turn of theirs that is running: the bot reads and saves the conversation state as in every turn.
 */
export class ChannelRelay implements CitizenRelay {
  constructor(private readonly options: ChannelRelayOptions) {}

  async signal<S extends HandoverSignal>(address: ConversationAddress, signal: S): Promise<S> {
    const adapter = address.channelId === WEB_WIDGET_CHANNEL ? this.options.widget() : this.options.botFramework;
    if (!adapter) throw new Error(`relay: no adapter for channel ${address.channelId}`);
    await this.options.turns.run(address.conversation.id, () =>
      adapter.continueConversation(referenceOf(address), async (context) => {
        context.turnState.set(HANDOVER_SIGNAL, signal);
        await this.options.bot.run(context);
      }),
    );
    return signal;
  }
}

/** The stored address as the reference botbuilder continues a conversation from. */
function referenceOf(address: ConversationAddress): Partial<ConversationReference> {
  const { conversation, user, bot, ...rest } = address;
  const account = (party: { id: string; [key: string]: unknown } | undefined) =>
    party && { ...party, id: party.id, name: typeof party.name === 'string' ? party.name : '' };
  return {
    ...rest,
    conversation: { isGroup: false, conversationType: 'personal', name: '', ...conversation, id: conversation.id },
    user: account(user),
    bot: account(bot),
  };
}

/** botbuilder's CloudAdapter as a `ProactiveAdapter`: `continueConversationAsync` with the bot's app id. */
export function cloudProactive(
  adapter: {
    continueConversationAsync(
      appId: string,
      reference: Partial<ConversationReference>,
      logic: (context: TurnContext) => Promise<void>,
    ): Promise<void>;
  },
  appId: string | undefined,
): ProactiveAdapter {
  return {
    continueConversation: (reference, logic) => adapter.continueConversationAsync(appId ?? '', reference, logic),
  };
}
