import { ActivityHandler, type ConversationState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { type Language, languageOf, localize, type Office } from '../catalogue/schema.js';
import type { FormDialogs } from '../dialogs/FormDialogs.js';
import { wantsToApply } from '../dialogs/wantsToApply.js';
import type { TurnObserver } from '../editor/analytics/TurnObserver.js';
import type { HandoverService } from '../handover/HandoverService.js';
import type { HandoverSignal } from '../handover/signals.js';
import type { HandoverReason } from '../handover/types.js';
import { serviceIdOf } from '../nlu/corpus.js';
import { detectAspect } from '../nlu/detectAspect.js';
import { normaliseText } from '../nlu/normaliseText.js';
import type { ParseResult, Understanding } from '../nlu/Understanding.js';
import type { TicketRepository } from '../storage/repositories.js';
import type { TenantDirectory } from '../tenants/TenantDirectory.js';
import {
  type ConversationData,
  MAX_QUESTION_LENGTH,
  numberedChoice,
  parseConversationData,
} from './ConversationData.js';
import { FormTurns } from './FormTurns.js';
import { HandoverTurns } from './HandoverTurns.js';
import { type Choice, ChoiceValue, type OutgoingMessage } from './messages.js';
import { type Handled, TurnReports } from './observeTurns.js';
import { channelCapabilities } from './render/channelCapabilities.js';
import { renderMessage } from './render/renderMessage.js';
import { ServiceTurns, STRONG_MATCH } from './ServiceTurns.js';
import { TurnMunicipality } from './TurnMunicipality.js';
import { TEXTS } from './texts.js';

/** Set in the turn state of a turn the service centre started (see `ChannelRelay`): the signal to act on. */
export const HANDOVER_SIGNAL = Symbol('govbot.handoverSignal');

/** What the bot knows right now; replaced as a whole when a new model or catalogue is published. */
export interface Knowledge {
  understanding: Understanding;
  offices: Map<string, Office>;
}

export interface GovBotOptions {
  /** What a tenant's turns answer with (the tenant's own live version, or the shared one). */
  knowledge: (tenantId: string) => Knowledge;
  conversationState: ConversationState;
  /**
   * The installation's tenants: a turn's tenant (put into the turn state by `TenantMiddleware`) is the municipality
   * the bot names and links to; a turn without one (no middleware) is the default tenant's.
   */
  tenants: Pick<TenantDirectory, 'fallback'>;
  /**
   * The bot's public address, known once the server listens (port 0 in tests): a tenant's relative privacy and search
   * URLs are relative to it. Links go out absolute: a widget on a city's page of another origin must not resolve them
   * there.
   */
  publicUrl: () => string;
  /** Services offered as buttons with the welcome message, in order; unknown ids are skipped. */
  popularServices: string[];
  /** The form dialogs citizens can fill in the chat. */
  forms: FormDialogs;
  /** The service centre; without it, "talk to a person" offers the 115 number and a contact request. */
  handovers?: HandoverService;
  /** Where contact requests are kept. */
  tickets: TicketRepository;
  /** Whether a message shows the citizen is clearly upset; such a conversation goes to a person. */
  isUpset?: (text: string, lang: Language) => boolean;
  /** Told what the bot understood and did, for the editors' inbox and analytics; never changes a reply. */
  observer?: TurnObserver;
}

/** Messages in a row the bot did not understand before it hands over to a person. */
const MISUNDERSTOOD_BEFORE_HANDOVER = 2;

/**
 * The conversation core, written once for every channel: one turn in, replies out, state saved once per turn.
 */
export class GovBot extends ActivityHandler {
  private readonly data: StatePropertyAccessor<unknown>;
  private readonly forms: FormTurns;
  private readonly handover: HandoverTurns;
  private readonly services: ServiceTurns;
  private readonly reports: TurnReports;
  private readonly municipality: TurnMunicipality;

  constructor(private readonly options: GovBotOptions) {
    super();
    this.data = options.conversationState.createProperty('govbot');
    this.municipality = new TurnMunicipality(options);
    this.reports = new TurnReports(options.observer, (context) => this.municipality.tenant(context).id);
    this.forms = new FormTurns(options.forms, {
      send: (context, data, message) => this.send(context, data, message),
      answerDigression: (context, data, text, question) => this.answerDigression(context, data, text, question),
      escalate: (context, data, reason) => this.escalate(context, data, reason),
      paused: (context) => this.handover.isActive(context),
      tenantId: (context) => this.municipality.tenant(context).id,
      offersDialog: (context, dialogId) => this.municipality.offersDialog(context, dialogId),
      dialogEvent: (context, event) => this.reports.dialogEvent(context, event),
    });
    this.services = new ServiceTurns(this.municipality, this.forms, {
      send: (context, data, message) => this.send(context, data, message),
      outOfScope: (context, data, lang) => this.outOfScope(context, data, lang),
    });
    this.handover = new HandoverTurns(
      {
        service: options.handovers,
        tickets: options.tickets,
        forms: options.forms,
        privacyUrl: (context) => this.municipality.links(context).privacyUrl,
      },
      {
        send: (context, data, message) => this.send(context, data, message),
        remindForm: (context, data) => this.forms.remind(context, data),
        serviceTitle: (context, id) => {
          const service = this.municipality.knowledge(context).understanding.findService(id);
          return service ? localize(service.title, 'de') : undefined;
        },
        tenantId: (context) => this.municipality.tenant(context).id,
      },
    );
    this.onMembersAdded(async (context, next) => {
      const joined = context.activity.membersAdded ?? [];
      if (joined.some((member) => member.id !== context.activity.recipient?.id)) await this.welcome(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    const signal = context.turnState.get(HANDOVER_SIGNAL) as HandoverSignal | undefined;
    if (signal) {
      const data = await this.load(context);
      await this.handover.signal(context, data, signal);
      await this.data.set(context, data);
    } else {
      await super.run(context);
    }
    await this.options.conversationState.saveChanges(context);
  }

  private async welcome(context: TurnContext): Promise<void> {
    const lang = languageOf(context.activity.locale);
    const data = await this.load(context);
    data.lang = lang;
    const texts = TEXTS[lang];
    const choices: Choice[] = this.services.choices(context, this.options.popularServices, lang).slice(0, 3);
    choices.push({ title: texts.talkToHuman, value: { action: 'handover' } });
    const { name, privacyUrl } = this.municipality.links(context);
    await this.send(context, data, { text: texts.welcome(name, privacyUrl), choices });
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const data = await this.load(context);
    data.turns++;
    this.forms.expire(context, data);
    const text = (context.activity.text ?? '').trim();
    const choice = this.choiceOf(context.activity.value, text, data);
    if (choice?.action === 'handover' && (choice.op ?? 'request') === 'request') {
      this.reports.handoverRequested(context, data.lang ?? languageOf(context.activity.locale));
    }
    if (choice?.action === 'handover' || choice?.action === 'contact')
      return this.handover.choice(context, data, choice);
    // A person has the conversation (or is sought): the bot stays quiet, the agent sees the message.
    if (this.handover.isActive(context)) return this.handover.whileActive(context, data, text);
    if (data.contact && text && !choice) return this.handover.contacts.text(context, data, text);
    if (choice?.action === 'form') return this.forms.action(context, data, choice);
    const upload = this.forms.uploadOf(context);
    if (upload) return this.forms.upload(context, data, upload);
    if (choice) {
      await this.handleChoice(context, data, choice);
      return this.forms.remind(context, data);
    }
    if (!text) return;
    const hint = data.lang ?? languageOf(context.activity.locale);
    if (this.options.isUpset?.(text, data.lang ?? hint)) return this.handover.request(context, data, 'upset');
    if (data.draft) return this.forms.text(context, data, text);
    return this.understand(context, data, text, hint);
  }

  /** A question outside a form, typed or sent by a button (`ask`): understood, answered, reported. */
  private async understand(context: TurnContext, data: ConversationData, text: string, hint: Language): Promise<void> {
    const result = this.municipality.knowledge(context).understanding.parse(text, { langHint: hint });
    data.lang = result.lang;
    const followUp = this.services.followUp(text, result, data);
    const handled = followUp
      ? await this.services.answerFollowUp(context, data, result, followUp)
      : await this.answer(context, data, result, text);
    this.reports.understood(context, result, handled);
  }

  /**
   * A message in the middle of a form that is a question of its own: about the service ("Was kostet das
   * eigentlich?"), another service asked clearly, who the bot is, data protection or help. A message that does not
   * look like a question (an answer the form could not use) counts only as a clear request of that kind, never as a
   * service or a part of one: "Gerüst und Container" is a bad answer, not a question about Sondernutzung.
   */
  private async answerDigression(
    context: TurnContext,
    data: ConversationData,
    text: string,
    question: boolean,
  ): Promise<boolean> {
    const result = this.municipality.knowledge(context).understanding.parse(text, { langHint: data.lang ?? 'de' });
    const lang = data.lang ?? result.lang;
    if (question) {
      const followUp = this.services.followUp(text, result, data);
      if (followUp) {
        const handled = await this.services.answerFollowUp(context, data, { ...result, lang }, followUp);
        this.reports.understood(context, { ...result, lang }, handled);
        return true;
      }
    }
    if (result.outOfScope || result.ambiguous || result.score < STRONG_MATCH) return false;
    const serviceId = serviceIdOf(result.intent);
    if (serviceId !== undefined && question) {
      await this.services.answerService(context, data, serviceId, lang);
      this.reports.understood(context, { ...result, lang }, { outcome: 'answered', serviceId });
      return true;
    }
    if (!DIGRESSION_INTENTS.has(result.intent)) return false;
    this.reports.understood(context, { ...result, lang }, await this.answer(context, data, { ...result, lang }));
    return true;
  }

  /** A button's value, or the numbered choice a citizen typed on a channel without buttons. */
  private choiceOf(value: unknown, text: string, data: ConversationData): ChoiceValue | undefined {
    const parsed = ChoiceValue.safeParse(value);
    if (parsed.success) return parsed.data;
    // The always-present action's title typed (or sent as text by a channel without postbacks) is that action.
    if (TALK_TO_HUMAN.has(normaliseText(text).replace(/[\s.!]+$/, ''))) return { action: 'handover' };
    return this.forms.expectsTyping(data) ? undefined : numberedChoice(data, text);
  }

  private async handleChoice(context: TurnContext, data: ConversationData, choice: ChoiceValue): Promise<void> {
    const lang = data.lang ?? languageOf(context.activity.locale);
    switch (choice.action) {
      case 'service':
        return this.services.answerChoice(context, data, choice, lang);
      case 'none':
        return this.outOfScope(context, data, lang);
      case 'ask':
        return this.understand(context, data, choice.text, lang);
    }
  }

  /** Answers an understood message; says what it did, for the observer. */
  private async answer(
    context: TurnContext,
    data: ConversationData,
    result: ParseResult,
    text?: string,
  ): Promise<Handled> {
    const { lang } = result;
    if (result.outOfScope) {
      await this.outOfScope(context, data, lang, text);
      return { outcome: 'out_of_scope' };
    }
    if (result.ambiguous) {
      // Not understood yet: "Nichts davon" counts as misunderstood, and the question is kept for a contact request.
      if (text !== undefined) data.lastQuestion = text.slice(0, MAX_QUESTION_LENGTH);
      const aspect = text === undefined ? undefined : detectAspect(text, lang);
      await this.services.askWhichService(context, data, result, aspect);
      return { outcome: 'ambiguous' };
    }
    data.misunderstood = 0;
    const serviceId = serviceIdOf(result.intent);
    const dialog = serviceId !== undefined ? this.forms.dialogForService(context, serviceId) : undefined;
    if (dialog && text !== undefined && wantsToApply(text, lang)) {
      await this.forms.start(context, data, dialog, { text, serviceId });
      return { outcome: 'form', serviceId };
    }
    if (serviceId !== undefined) {
      await this.services.answerService(context, data, serviceId, lang);
      return { outcome: 'answered', serviceId };
    }
    if (result.intent === 'handover.request') {
      await this.handover.request(context, data, 'requested');
      return { outcome: 'handover' };
    }
    const answers = this.municipality.knowledge(context).understanding.model.answersFor(result.intent, lang);
    const answer = answers[data.turns % Math.max(1, answers.length)];
    if (!answer) {
      await this.outOfScope(context, data, lang);
      return { outcome: 'out_of_scope' };
    }
    await this.send(context, data, { text: answer });
    return { outcome: 'answered' };
  }

  private async outOfScope(context: TurnContext, data: ConversationData, lang: Language, text?: string): Promise<void> {
    data.misunderstood++;
    if (text !== undefined) data.lastQuestion = text.slice(0, MAX_QUESTION_LENGTH);
    if (data.misunderstood >= MISUNDERSTOOD_BEFORE_HANDOVER && this.handover.available(context)) {
      return this.handover.request(context, data, 'misunderstood');
    }
    const texts = TEXTS[lang];
    const { name, searchUrl } = this.municipality.links(context);
    await this.send(context, data, {
      text: texts.outOfScope(name, searchUrl),
      choices: [{ title: texts.talkToHuman, value: { action: 'handover' } }],
    });
  }

  /** A handover the bot starts itself (a form that keeps failing) happens only when a person can take the chat. */
  private async escalate(context: TurnContext, data: ConversationData, reason: HandoverReason): Promise<void> {
    if (this.handover.available(context)) await this.handover.request(context, data, reason);
  }

  private async send(context: TurnContext, data: ConversationData, message: OutgoingMessage): Promise<void> {
    const lang = data.lang ?? 'de';
    data.choices = message.choices ?? [];
    const activity = renderMessage(message, channelCapabilities(context.activity.channelId), TEXTS[lang].choiceHint);
    activity.locale = lang === 'en' ? 'en-GB' : 'de-DE';
    await context.sendActivity(activity);
    await this.data.set(context, data);
  }

  private async load(context: TurnContext): Promise<ConversationData> {
    return parseConversationData(await this.data.get(context, {}));
  }
}

/** "Mit einem Menschen sprechen" and "Talk to a person", as typed. */
const TALK_TO_HUMAN = new Set(Object.values(TEXTS).map((texts) => normaliseText(texts.talkToHuman)));

/** Intents that are a question of their own in the middle of a form. */
const DIGRESSION_INTENTS = new Set(['bot.identity', 'privacy', 'help', 'handover.request']);
