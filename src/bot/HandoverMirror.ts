import { type Activity, ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';

/** Receives the messages of conversations with an active handover (the agents' live view). */
export interface HandoverObserver {
  /** Whether the conversation has an active handover; only then are its messages copied (the hot path stays lean). */
  activeFor(conversationId: string): unknown;
  observe(conversationId: string, activity: Record<string, unknown>): void;
}

/**
 * Shows agents what happens in a conversation they have or will take: the citizen's messages and everything sent to
 * the citizen (the bot's and other agents' messages). Runs after the transcript, so the ids are the stored ones.
 */
export class HandoverMirror implements Middleware {
  constructor(private readonly observer: HandoverObserver) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const incoming = context.activity;
    const watched = (conversationId: string) => this.observer.activeFor(conversationId) !== undefined;
    if (incoming.type === ActivityTypes.Message && watched(incoming.conversation.id)) {
      this.observer.observe(incoming.conversation.id, toJson(incoming));
    }
    context.onSendActivities(async (_context, activities, nextSend) => {
      const responses = await nextSend();
      for (const activity of activities) {
        const conversationId = activity.conversation?.id ?? incoming.conversation.id;
        if (activity.type === ActivityTypes.Message && watched(conversationId)) {
          this.observer.observe(conversationId, toJson(activity));
        }
      }
      return responses;
    });
    await next();
  }
}

/** A plain JSON copy (dates as ISO strings) for the agents' view, which later changes to the activity do not reach. */
function toJson(activity: Partial<Activity>): Record<string, unknown> {
  const json: unknown = JSON.parse(JSON.stringify(activity));
  return typeof json === 'object' && json !== null && !Array.isArray(json)
    ? Object.fromEntries(Object.entries(json))
    : {};
}
