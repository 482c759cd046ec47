import {
  type Activity,
  ActivityEventNames,
  ActivityTypes,
  BotAdapter,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder';

/** Delivers one outgoing activity to the citizens connected to a conversation. */
export type Deliver = (conversationId: string, activity: Partial<Activity>) => void;

/**
 * A Bot Framework adapter for GovBot's own web widget: the same middleware and bot as on Bot Framework channels,
 * with Socket.IO as the wire. Outgoing activities go to the conversation's room.
 */
export class SocketIoAdapter extends BotAdapter {
  constructor(private readonly deliver: Deliver) {
    super();
  }

  /** Runs one turn for an incoming activity through the middleware and the bot. */
  async processActivity(
    activity: Partial<Activity>,
    logic: (context: TurnContext) => Promise<void>,
    turnState: Map<symbol, unknown> = new Map(),
  ): Promise<void> {
    const context = new TurnContext(this, activity);
    for (const [key, value] of turnState) context.turnState.set(key, value);
    await this.runMiddleware(context, logic);
  }

  async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, typeof activity.value === 'number' ? activity.value : 1000));
        responses.push({ id: '' });
        continue;
      }
      const id = activity.id ?? crypto.randomUUID();
      const conversationId = activity.conversation?.id;
      if (conversationId) this.deliver(conversationId, { ...activity, id });
      responses.push({ id });
    }
    return responses;
  }

  async updateActivity(): Promise<ResourceResponse | undefined> {
    throw new Error('The web widget does not support updating activities');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('The web widget does not support deleting activities');
  }

  /** Proactive turns (e.g. a service-centre agent's message) in a widget conversation, through the middleware. */
  async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: ActivityEventNames.ContinueConversation },
      reference,
      true,
    );
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
