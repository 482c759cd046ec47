import { ActivityHandler, type ConversationState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { Language, Office } from '../catalogue/schema.js';
import { Language as LanguageSchema } from '../catalogue/schema.js';
import { serviceIdOf } from '../nlu/corpus.js';
import type { ParseResult, Understanding } from '../nlu/Understanding.js';
import { type ConversationData, parseConversationData } from './ConversationData.js';
import { type Choice, ChoiceValue, type OutgoingMessage } from './messages.js';
import { channelCapabilities } from './render/channelCapabilities.js';
import { renderMessage } from './render/renderMessage.js';
import { serviceAnswer } from './serviceAnswer.js';
import { TEXTS } from './texts.js';

/** What the bot knows right now; replaced as a whole when a new model or catalogue is published. */
export interface Knowledge {
  understanding: Understanding;
  offices: Map<string, Office>;
}

export interface GovBotOptions {
  knowledge: () => Knowledge;
  conversationState: ConversationState;
  city: string;
  privacyUrl: string;
  searchUrl: string;
  /** Services offered as buttons with the welcome message, in order; unknown ids are skipped. */
  popularServices: string[];
}

/**
 * The conversation core, written once for every channel: one turn in, replies out, state saved once per turn.
 */
export class GovBot extends ActivityHandler {
  private readonly data: StatePropertyAccessor<unknown>;

  constructor(private readonly options: GovBotOptions) {
    super();
    this.data = options.conversationState.createProperty('govbot');
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
    await super.run(context);
    await this.options.conversationState.saveChanges(context);
  }

  private async welcome(context: TurnContext): Promise<void> {
    const lang = languageOf(context.activity.locale);
    const data = await this.load(context);
    data.lang = lang;
    const texts = TEXTS[lang];
    const { understanding } = this.options.knowledge();
    const choices: Choice[] = this.options.popularServices
      .flatMap((id) => {
        const service = understanding.findService(id);
        return service
          ? [
              {
                title: (lang === 'en' ? service.title.en : undefined) ?? service.title.de,
                value: { action: 'service' as const, serviceId: id },
              },
            ]
          : [];
      })
      .slice(0, 3);
    choices.push({ title: texts.talkToHuman, value: { action: 'handover' } });
    await this.send(context, data, { text: texts.welcome(this.options.city, this.options.privacyUrl), choices });
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const data = await this.load(context);
    data.turns++;
    const text = (context.activity.text ?? '').trim();
    const choice = this.choiceOf(context.activity.value, text, data);
    if (choice) return this.handleChoice(context, data, choice);
    if (!text) return;
    const hint = data.lang ?? languageOf(context.activity.locale);
    const result = this.options.knowledge().understanding.parse(text, { langHint: hint });
    data.lang = result.lang;
    await this.answer(context, data, result);
  }

  /** A button's value, or the numbered choice a citizen typed on a channel without buttons. */
  private choiceOf(value: unknown, text: string, data: ConversationData): ChoiceValue | undefined {
    const parsed = ChoiceValue.safeParse(value);
    if (parsed.success) return parsed.data;
    const number = /^\s*(\d{1,2})\.?\s*$/.exec(text);
    if (number) return data.choices[Number(number[1]) - 1]?.value;
    return undefined;
  }

  private async handleChoice(context: TurnContext, data: ConversationData, choice: ChoiceValue): Promise<void> {
    const lang = data.lang ?? languageOf(context.activity.locale);
    switch (choice.action) {
      case 'service':
        return this.answerService(context, data, choice.serviceId, lang);
      case 'handover':
        return this.send(context, data, { text: TEXTS[lang].noHandoverYet });
      case 'none':
        return this.outOfScope(context, data, lang);
      case 'ask': {
        const result = this.options.knowledge().understanding.parse(choice.text, { langHint: lang });
        return this.answer(context, data, result);
      }
    }
  }

  private async answer(context: TurnContext, data: ConversationData, result: ParseResult): Promise<void> {
    const { lang } = result;
    if (result.outOfScope) return this.outOfScope(context, data, lang);
    data.misunderstood = 0;
    if (result.ambiguous) return this.askWhichService(context, data, result);
    const serviceId = serviceIdOf(result.intent);
    if (serviceId !== undefined) return this.answerService(context, data, serviceId, lang);
    if (result.intent === 'handover.request') return this.send(context, data, { text: TEXTS[lang].noHandoverYet });
    const answers = this.options.knowledge().understanding.model.answersFor(result.intent, lang);
    const answer = answers[data.turns % Math.max(1, answers.length)];
    if (!answer) return this.outOfScope(context, data, lang);
    await this.send(context, data, { text: answer });
  }

  private async answerService(
    context: TurnContext,
    data: ConversationData,
    serviceId: string,
    lang: Language,
  ): Promise<void> {
    const { understanding, offices } = this.options.knowledge();
    const service = understanding.findService(serviceId);
    if (!service) return this.outOfScope(context, data, lang);
    data.lastServiceId = service.id;
    const serviceOffices = service.officeIds.flatMap((id) => offices.get(id) ?? []);
    const card = serviceAnswer(service, serviceOffices, lang);
    await this.send(context, data, { text: '', card });
  }

  private async askWhichService(context: TurnContext, data: ConversationData, result: ParseResult): Promise<void> {
    const { lang } = result;
    const texts = TEXTS[lang];
    const { understanding } = this.options.knowledge();
    const choices: Choice[] = result.candidates.flatMap(({ id }) => {
      const service = understanding.findService(id);
      if (!service) return [];
      return [
        {
          title: (lang === 'en' ? service.title.en : undefined) ?? service.title.de,
          value: { action: 'service' as const, serviceId: id },
        },
      ];
    });
    choices.push({ title: texts.noneOfThese, value: { action: 'none' } });
    await this.send(context, data, { text: texts.didYouMean, choices });
  }

  private async outOfScope(context: TurnContext, data: ConversationData, lang: Language): Promise<void> {
    data.misunderstood++;
    const texts = TEXTS[lang];
    await this.send(context, data, {
      text: texts.outOfScope(this.options.city, this.options.searchUrl),
      choices: [{ title: texts.talkToHuman, value: { action: 'handover' } }],
    });
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

function languageOf(locale: string | undefined): Language {
  const parsed = LanguageSchema.safeParse((locale ?? 'de').slice(0, 2).toLowerCase());
  return parsed.success ? parsed.data : 'de';
}
