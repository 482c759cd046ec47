import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import { WEB_WIDGET_CHANNEL } from '../bot/render/channelCapabilities.js';
import type { Logger } from '../logger.js';
import { BoundedLabel } from './BoundedLabel.js';
import type { GovBotMetrics } from './GovBotMetrics.js';

/** Bot Framework channels counted by name (webchat, msteams, …); a flood of made-up ones counts as `other`. */
const MAX_CHANNELS = 20;

/**
 * Watches every turn of a channel adapter (first in its middleware, so the time includes the others): counts the
 * citizen's messages per channel, measures the time until the first answer went out, and logs one line per turn with
 * the conversation id and timings — never the text.
 */
export class TurnMonitor implements Middleware {
  private readonly channels = new BoundedLabel(MAX_CHANNELS);

  constructor(
    private readonly metrics: GovBotMetrics,
    private readonly logger: Logger,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const incoming = context.activity;
    if (incoming.type !== ActivityTypes.Message) return next();
    const channel = this.channels.of(incoming.channelId);
    const started = receivedAt(context);
    let firstAnswerMs: number | undefined;
    this.metrics.messagesReceived.inc({ channel });
    context.onSendActivities(async (_context, activities, nextSend) => {
      const sent = await nextSend();
      if (firstAnswerMs === undefined && activities.some((activity) => activity.type === ActivityTypes.Message)) {
        firstAnswerMs = Date.now() - started;
        this.metrics.turnLatency.observe({ channel }, firstAnswerMs / 1000);
      }
      return sent;
    });
    try {
      await next();
    } catch (error) {
      this.metrics.turnErrors.inc({ channel });
      throw error;
    } finally {
      const conversationId = incoming.conversation.id;
      this.logger.info({ conversationId, channel, ms: Date.now() - started, firstAnswerMs }, 'turn');
    }
  }
}

/**
 * When the message arrived. The widget's channel stamps `timestamp` on receipt, before storing it and waiting for the
 * conversation's earlier turns, and that wait is part of what the citizen feels; a Bot Framework `timestamp` is the
 * sender's clock, so there the turn's start is used.
 */
function receivedAt(context: TurnContext): number {
  const { timestamp, channelId } = context.activity;
  const now = Date.now();
  const stamped = channelId === WEB_WIDGET_CHANNEL && timestamp instanceof Date ? timestamp.getTime() : Number.NaN;
  return Number.isFinite(stamped) ? Math.min(stamped, now) : now;
}
