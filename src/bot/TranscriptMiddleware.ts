import { type Activity, ActivityEventNames, ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import type { TranscriptRepository } from '../storage/repositories.js';

/** Set in turn state by a channel that stored the incoming activity itself (to acknowledge it durably). */
export const INCOMING_STORED = Symbol('govbot.incomingStored');

/**
 * Writes every message of a conversation to the transcript before it is processed or sent, on every channel.
 * An incoming message whose id was stored before (a client retry) ends the turn without a second answer.
 */
export class TranscriptMiddleware implements Middleware {
  constructor(private readonly transcripts: TranscriptRepository) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const incoming = context.activity;
    if (isLogged(incoming) && !context.turnState.get(INCOMING_STORED)) {
      const { duplicate } = await this.transcripts.appendActivity(incoming.conversation.id, incoming, incoming.id);
      if (duplicate) return;
    }
    context.onSendActivities(async (_context, activities, nextSend) => {
      for (const activity of activities) {
        activity.id ??= crypto.randomUUID();
        activity.timestamp ??= new Date();
        const conversationId = activity.conversation?.id ?? incoming.conversation.id;
        if (isLogged(activity)) await this.transcripts.appendActivity(conversationId, activity, activity.id);
      }
      return nextSend();
    });
    await next();
  }
}

function isLogged(activity: Partial<Activity>): boolean {
  // A proactive turn (the service centre telling the conversation something) starts with a continuation event that
  // nobody sent; what the bot says in it is logged like any message.
  if (activity.type === ActivityTypes.Event && activity.name === ActivityEventNames.ContinueConversation) return false;
  return activity.type === ActivityTypes.Message || activity.type === ActivityTypes.Event;
}
