import { type Activity, ActivityTypes, TurnContext } from 'botbuilder';
import type { Language } from '../catalogue/schema.js';
import { formCommandOf } from '../dialogs/commands.js';
import type { FormDialogs } from '../dialogs/FormDialogs.js';
import type { HandoverService, RequestResult, Unavailable } from '../handover/HandoverService.js';
import type { HandoverSignal } from '../handover/signals.js';
import { ConversationAddress, type HandoverReason } from '../handover/types.js';
import type { TicketRepository } from '../storage/repositories.js';
import { ContactRequestTurns, handoverTopic } from './ContactRequestTurns.js';
import type { ConversationData } from './ConversationData.js';
import { HANDOVER_TEXTS, waitMinutes } from './handoverTexts.js';
import type { Choice, ChoiceValue, OutgoingMessage } from './messages.js';
import { WEB_WIDGET_CHANNEL } from './render/channelCapabilities.js';

export interface HandoverTurnHost {
  send(context: TurnContext, data: ConversationData, message: OutgoingMessage): Promise<void>;
  /** Asks the pending question of a form again (after the handover ended). */
  remindForm(context: TurnContext, data: ConversationData): Promise<void>;
  /** Title of a catalogue entry in German, for the agents' queue. */
  serviceTitle(context: TurnContext, serviceId: string): string | undefined;
  /** The municipality of the turn's conversation: its agents take the chat. */
  tenantId(context: TurnContext): string;
}

export interface HandoverTurnOptions {
  /** Without a service centre, "talk to a person" gives the 115 number and offers a contact request. */
  service: HandoverService | undefined;
  tickets: TicketRepository;
  forms: FormDialogs;
  /** The privacy notice of the turn's municipality, absolute. */
  privacyUrl: (context: TurnContext) => string;
}

/**
 * The conversation side of escalation: asking for a person, waiting (the bot stays quiet), talking to an agent, the
 * end of the handover, and, when nobody can take the chat, the offer of a contact request (`ContactRequestTurns`).
 * Signals from the service centre arrive as turns of their own (`signal`).
 */
export class HandoverTurns {
  /** The contact request offered when nobody can take the chat. */
  readonly contacts: ContactRequestTurns;

  constructor(
    private readonly options: HandoverTurnOptions,
    private readonly host: HandoverTurnHost,
  ) {
    this.contacts = new ContactRequestTurns(options, host);
  }

  /** True while the conversation waits for or talks to a person: the bot then does not answer. */
  isActive(context: TurnContext): boolean {
    return this.options.service?.activeFor(context.activity.conversation.id) !== undefined;
  }

  /** Whether a person could take a chat now (for automatic handovers, which are only started when one can). */
  available(context: TurnContext): boolean {
    return this.options.service?.availability(this.host.tenantId(context)).open === true;
  }

  /** Queues the conversation for a person and tells the citizen where they stand, or why nobody can come. */
  async request(context: TurnContext, data: ConversationData, reason: HandoverReason): Promise<void> {
    const lang = data.lang ?? 'de';
    const texts = HANDOVER_TEXTS[lang];
    data.misunderstood = 0;
    const service = this.options.service;
    if (!service) return this.unavailable(context, data, { why: 'nobody' });
    const result: RequestResult = await service.request({
      tenantId: this.host.tenantId(context),
      conversationId: context.activity.conversation.id,
      channel: context.activity.channelId,
      reason,
      lang,
      topic: handoverTopic(this.host, context, data),
      dialogId: data.draft?.dialogId,
      address: ConversationAddress.parse(TurnContext.getConversationReference(context.activity)),
    });
    if (result.kind === 'unavailable') return this.unavailable(context, data, result);
    if (result.kind === 'already') {
      const text =
        result.handover.status === 'connected'
          ? texts.alreadyConnected(result.handover.agentName ?? '')
          : texts.alreadyQueued(result.position);
      return this.host.send(context, data, { text, choices: this.cancelChoice(result.handover.status, lang) });
    }
    await this.host.send(context, data, {
      text: `${texts.reasonLead[reason]}\n\n${texts.searching(result.position, waitMinutes(result.waitSeconds))}`,
      choices: this.cancelChoice('queued', lang),
      channelData: {
        handover: { state: 'queued', position: result.position, waitSeconds: result.waitSeconds },
      },
    });
  }

  /**
   * A citizen message while a person is sought or connected: the agent sees it in the console (the mirror); the bot
   * only reacts to "abbrechen" while waiting, and says once that the message is kept.
   */
  async whileActive(context: TurnContext, data: ConversationData, text: string): Promise<void> {
    const service = this.options.service;
    const handover = service?.activeFor(context.activity.conversation.id);
    if (!service || !handover || handover.status !== 'queued') return;
    if (formCommandOf(text) === 'cancel') return this.cancel(context, data);
    if (data.handoverHint === handover.id) return;
    data.handoverHint = handover.id;
    const lang = data.lang ?? 'de';
    await this.host.send(context, data, {
      text: HANDOVER_TEXTS[lang].queueHint(service.positionOf(handover.id)),
      choices: this.cancelChoice('queued', lang),
    });
  }

  /** A button of the handover or of a contact request. */
  async choice(
    context: TurnContext,
    data: ConversationData,
    choice: Extract<ChoiceValue, { action: 'handover' | 'contact' }>,
  ): Promise<void> {
    const lang = data.lang ?? 'de';
    const texts = HANDOVER_TEXTS[lang];
    if (choice.action === 'contact') return this.contacts.choice(context, data, choice.op);
    switch (choice.op ?? 'request') {
      case 'request':
        return this.request(context, data, 'requested');
      case 'cancel':
        return this.cancel(context, data);
      case 'contact':
        return this.contacts.start(context, data);
      case 'decline':
        return this.host.send(context, data, { text: texts.declinedContact });
    }
  }

  /** A signal of the service centre, run as a turn of this conversation. */
  async signal(context: TurnContext, data: ConversationData, signal: HandoverSignal): Promise<void> {
    const lang = data.lang ?? 'de';
    const texts = HANDOVER_TEXTS[lang];
    switch (signal.op) {
      case 'queue':
        // Only clients that show a status line get the new place; elsewhere it would be one message per change.
        if (context.activity.channelId === WEB_WIDGET_CHANNEL) {
          await context.sendActivity(
            statusEvent({ state: 'queued', position: signal.position, waitSeconds: signal.waitSeconds }),
          );
        }
        return;
      case 'accepted':
        return this.host.send(context, data, {
          text: signal.transferred ? texts.transferred(signal.agentName) : texts.accepted(signal.agentName),
          channelData: { handover: { state: 'connected', agentName: signal.agentName } },
        });
      case 'message':
        return this.agentMessage(context, data, signal.agentName, signal.text);
      case 'typing':
        await context.sendActivity({
          type: ActivityTypes.Typing,
          channelData: { govbot: { agent: { name: signal.agentName } } },
        });
        return;
      case 'requeued':
        return this.host.send(context, data, {
          text: texts.requeued(signal.position, waitMinutes(signal.waitSeconds)),
          choices: this.cancelChoice('queued', lang),
          channelData: { handover: { state: 'queued', position: signal.position, waitSeconds: signal.waitSeconds } },
        });
      case 'ended':
        if (signal.state === 'failed') return this.unavailable(context, data, unavailableOf(signal.why));
        await this.host.send(context, data, { text: texts.ended, channelData: { handover: { state: 'ended' } } });
        return this.resumeForm(context, data, signal.resumeAt);
      case 'describe':
        signal.result = data.draft ? ((await this.options.forms.describe(data.draft, 'de')) ?? null) : null;
        return;
      case 'correct': {
        if (!data.draft) {
          signal.result = { ok: false, problem: 'no_form' };
          return;
        }
        const corrected = await this.options.forms.correctByAgent(data.draft, signal.path, signal.value, {
          lang,
          conversationId: context.activity.conversation.id,
          profile: data.profile,
        });
        if (corrected.problem !== undefined) {
          signal.result = { ok: false, problem: corrected.problem };
          return;
        }
        data.draft = corrected.draft;
        const form = await this.options.forms.describe(corrected.draft, 'de');
        signal.result = form ? { ok: true, form } : { ok: false, problem: 'no_form' };
        return;
      }
    }
  }

  private async agentMessage(context: TurnContext, data: ConversationData, agentName: string, text: string) {
    const texts = HANDOVER_TEXTS[data.lang ?? 'de'];
    // Bot Framework channels show every message as the bot's; the widget shows the agent's name from channelData.
    const named =
      context.activity.channelId === WEB_WIDGET_CHANNEL ? text : `**${texts.agentLabel(agentName)}:** ${text}`;
    await this.host.send(context, data, { text: named, channelData: { agent: { name: agentName } } });
  }

  private async resumeForm(context: TurnContext, data: ConversationData, resumeAt: string | undefined) {
    if (!data.draft) return;
    const reply = await this.options.forms.resume(
      data.draft,
      { lang: data.lang ?? 'de', conversationId: context.activity.conversation.id, profile: data.profile },
      resumeAt,
    );
    data.draft = reply.draft;
    for (const message of reply.messages) await this.host.send(context, data, message);
  }

  private async cancel(context: TurnContext, data: ConversationData): Promise<void> {
    const texts = HANDOVER_TEXTS[data.lang ?? 'de'];
    const cancelled = await this.options.service?.cancel(context.activity.conversation.id);
    if (!cancelled) return this.host.send(context, data, { text: texts.declinedContact });
    await this.host.send(context, data, { text: texts.cancelled, channelData: { handover: { state: 'ended' } } });
    await this.host.remindForm(context, data);
  }

  /** Nobody can take the chat: says why, gives the 115 number and the hours, and offers a contact request. */
  private async unavailable(context: TurnContext, data: ConversationData, why: Unavailable) {
    const lang = data.lang ?? 'de';
    const texts = HANDOVER_TEXTS[lang];
    const service = this.options.service;
    const reason =
      why.why === 'closed'
        ? texts.closed(
            service?.describeHours(lang, this.host.tenantId(context)) ?? [],
            why.nextOpening ? texts.formatDate(why.nextOpening) : undefined,
          )
        : texts.nobody;
    await this.host.send(context, data, {
      text: `${reason}\n\n${texts.contactOffer}`,
      choices: [
        { title: texts.leaveContact, value: { action: 'handover', op: 'contact' } },
        { title: texts.noThanks, value: { action: 'handover', op: 'decline' } },
      ],
      channelData: { handover: { state: 'unavailable' } },
    });
  }

  private cancelChoice(status: string, lang: Language): Choice[] {
    return status === 'queued'
      ? [{ title: HANDOVER_TEXTS[lang].cancelQueue, value: { action: 'handover', op: 'cancel' } }]
      : [];
  }
}

function unavailableOf(why: 'closed' | 'nobody'): Unavailable {
  return why === 'closed' ? { why, nextOpening: undefined } : { why };
}

/** A status event for clients that show the handover state (the widget's status line). */
function statusEvent(value: Record<string, unknown>): Partial<Activity> {
  return { type: ActivityTypes.Event, name: 'govbot.handover', value };
}
