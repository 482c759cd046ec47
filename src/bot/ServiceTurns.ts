import type { TurnContext } from 'botbuilder';
import { type Language, localize, type Service } from '../catalogue/schema.js';
import { FORM_TEXTS } from '../dialogs/texts.js';
import { type Aspect, detectAspect, refersBack } from '../nlu/detectAspect.js';
import type { ParseResult } from '../nlu/Understanding.js';
import { aspectAnswer } from './aspectAnswer.js';
import type { ConversationData } from './ConversationData.js';
import type { FormTurns } from './FormTurns.js';
import type { Choice, OutgoingMessage } from './messages.js';
import type { Handled } from './observeTurns.js';
import { serviceAnswer } from './serviceAnswer.js';
import type { TurnMunicipality } from './TurnMunicipality.js';
import { TEXTS } from './texts.js';

/** A service recognised at least this surely is what the citizen means, even next to "das" or "und". */
export const STRONG_MATCH = 0.8;

/** A question about one part of a service (its costs, documents, offices...). */
export interface FollowUp {
  serviceId: string;
  aspect: Aspect;
}

export interface ServiceTurnHost {
  send(context: TurnContext, data: ConversationData, message: OutgoingMessage): Promise<void>;
  /** Tells the citizen the bot did not understand (and offers a person, or hands over after repeated misses). */
  outOfScope(context: TurnContext, data: ConversationData, lang: Language): Promise<void>;
}

/**
 * The conversation side of the service catalogue: a service's answer card (with "apply in the chat" where a form
 * dialog serves it), one part of a service asked about ("Was kostet das?"), which service was meant when several
 * fit, and the municipality's view of the shared catalogue (a service it does not offer is another authority's).
 * Remembers the service and the part talked about last, for follow-up questions.
 */
export class ServiceTurns {
  constructor(
    private readonly municipality: TurnMunicipality,
    private readonly forms: Pick<FormTurns, 'dialogForService'>,
    private readonly host: ServiceTurnHost,
  ) {}

  /**
   * A question about one part of a service: of the service it names ("Was kostet ein Reisepass?"), of the one
   * talked about before ("Was kostet das?", "Wo ist das?"), or the part asked before of a new service ("Und für
   * einen Reisepass?"). Undefined when the message is not such a question.
   */
  followUp(text: string, result: ParseResult, data: ConversationData): FollowUp | undefined {
    const aspect = detectAspect(text, result.lang);
    const back = refersBack(text, result.lang);
    const named = !result.outOfScope && !result.ambiguous ? result.service?.id : undefined;
    // A weakly recognised service in "Was kostet das?" is a misreading of the pronoun, not a new topic.
    const misread = back && aspect !== undefined && data.lastServiceId !== undefined && result.score < STRONG_MATCH;
    if (named && !misread) {
      const asked = aspect ?? (back ? data.lastAspect : undefined);
      return asked ? { serviceId: named, aspect: asked } : undefined;
    }
    if (!aspect || !data.lastServiceId) return undefined;
    // "Was kostet ein Ausweis?" names services, if not surely: the one talked about before is meant only when it is
    // among those it would offer ("Meinten Sie …?"); "das" or "und" there is an article or a conjunction. A message
    // turned away ("Welche Unterlagen brauche ich?") is taken as a follow-up, also when it names a service too
    // weakly to be understood.
    const { lastServiceId } = data;
    const elsewhere = result.ambiguous && !result.candidates.some(({ id }) => id === lastServiceId);
    return elsewhere ? undefined : { serviceId: lastServiceId, aspect };
  }

  /** Answers the part asked about; says whether the service came from the message or from the conversation. */
  async answerFollowUp(
    context: TurnContext,
    data: ConversationData,
    result: ParseResult,
    followUp: FollowUp,
  ): Promise<Handled> {
    await this.answerAspect(context, data, followUp, result.lang);
    const named = !result.outOfScope && !result.ambiguous && result.service?.id === followUp.serviceId;
    return { outcome: 'answered', serviceId: followUp.serviceId, fromContext: !named };
  }

  /** The service's answer card, with "apply in the chat" where the municipality offers a form dialog for it. */
  async answerService(context: TurnContext, data: ConversationData, serviceId: string, lang: Language): Promise<void> {
    const service = await this.serviceToAnswer(context, data, serviceId, lang);
    if (!service) return;
    data.lastServiceId = service.id;
    data.lastAspect = undefined;
    data.misunderstood = 0;
    const dialog = this.forms.dialogForService(context, service.id);
    const choices: Choice[] = dialog
      ? [
          {
            title: FORM_TEXTS[lang].applyInChat,
            value: { action: 'form', op: 'start', dialogId: dialog.id, serviceId: service.id },
          },
        ]
      : [];
    await this.host.send(context, data, {
      text: '',
      card: serviceAnswer(service, this.municipality.officesOf(context, service), lang),
      choices,
    });
  }

  /**
   * Several services fit: asks which one, with a button for each the municipality offers and "none of these". The
   * part of the service the message asked about (`aspect`) goes with each button, so the click answers it.
   */
  async askWhichService(
    context: TurnContext,
    data: ConversationData,
    result: ParseResult,
    aspect?: Aspect,
  ): Promise<void> {
    const { lang } = result;
    const texts = TEXTS[lang];
    const choices = this.choices(
      context,
      result.candidates.map(({ id }) => id),
      lang,
      aspect,
    );
    // None of them offered here: nothing to choose from.
    if (choices.length === 0) return this.host.outOfScope(context, data, lang);
    const question = choices.length === 1 ? texts.didYouMeanThis : texts.didYouMean;
    choices.push({ title: texts.noneOfThese, value: { action: 'none' } });
    await this.host.send(context, data, { text: question, choices });
  }

  /**
   * Buttons for the services of `ids` that the municipality offers, titled in the citizen's language, in order; with
   * `aspect`, each answers that part of its service.
   */
  choices(context: TurnContext, ids: readonly string[], lang: Language, aspect?: Aspect): Choice[] {
    const { understanding } = this.municipality.knowledge(context);
    return ids.flatMap((id) => {
      const service = this.municipality.offered(context, understanding.findService(id));
      if (!service) return [];
      const value = { action: 'service' as const, serviceId: service.id, ...(aspect ? { aspect } : {}) };
      return [{ title: localize(service.title, lang), value }];
    });
  }

  /** A service button clicked: the part asked about where the button carries one, else the whole answer card. */
  async answerChoice(
    context: TurnContext,
    data: ConversationData,
    choice: { serviceId: string; aspect?: Aspect | undefined },
    lang: Language,
  ): Promise<void> {
    const { serviceId, aspect } = choice;
    if (aspect) return this.answerAspect(context, data, { serviceId, aspect }, lang);
    return this.answerService(context, data, serviceId, lang);
  }

  private async answerAspect(context: TurnContext, data: ConversationData, followUp: FollowUp, lang: Language) {
    const service = await this.serviceToAnswer(context, data, followUp.serviceId, lang);
    if (!service) return;
    data.lastServiceId = service.id;
    data.lastAspect = followUp.aspect;
    data.misunderstood = 0;
    const offices = this.municipality.officesOf(context, service);
    await this.host.send(context, data, aspectAnswer(service, offices, followUp.aspect, lang));
  }

  /**
   * The service to answer about; undefined once the citizen was told there is none: one the catalogue lacks is not
   * understood, a shared one the municipality does not offer is said to be another authority's.
   */
  private async serviceToAnswer(
    context: TurnContext,
    data: ConversationData,
    serviceId: string,
    lang: Language,
  ): Promise<Service | undefined> {
    const service = this.municipality.knowledge(context).understanding.findService(serviceId);
    if (!service) {
      await this.host.outOfScope(context, data, lang);
      return undefined;
    }
    if (this.municipality.offered(context, service)) return service;
    data.lastServiceId = undefined;
    data.lastAspect = undefined;
    const { name, searchUrl } = this.municipality.links(context);
    await this.host.send(context, data, {
      text: TEXTS[lang].notOffered(localize(service.title, lang), name, searchUrl),
      choices: [{ title: TEXTS[lang].talkToHuman, value: { action: 'handover' } }],
    });
    return undefined;
  }
}
