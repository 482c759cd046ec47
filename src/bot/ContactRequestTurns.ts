import type { TurnContext } from 'botbuilder';
import type { Language } from '../catalogue/schema.js';
import { formCommandOf } from '../dialogs/commands.js';
import { parsePersonName } from '../dialogs/fields/parsePersonName.js';
import { parseYesNo } from '../dialogs/fields/parseYesNo.js';
import type { HandoverTopic } from '../handover/types.js';
import { parseEntity } from '../nlu/entities/index.js';
import type { ConversationData } from './ConversationData.js';
import type { HandoverTurnHost, HandoverTurnOptions } from './HandoverTurns.js';
import { HANDOVER_TEXTS } from './handoverTexts.js';

const MAX_QUESTION_LENGTH = 1000;

/**
 * The contact request ("Rückrufbitte") offered when nobody can take the chat: name, a way to reach the citizen, their
 * question and their consent, asked one after another, then a ticket for the service centre.
 */
export class ContactRequestTurns {
  constructor(
    private readonly options: Pick<HandoverTurnOptions, 'tickets' | 'privacyUrl'>,
    private readonly host: HandoverTurnHost,
  ) {}

  /** The citizen wants to leave their contact: the first question. */
  start(context: TurnContext, data: ConversationData): Promise<void> {
    data.contact = { step: 'name' };
    return this.host.send(context, data, { text: HANDOVER_TEXTS[data.lang ?? 'de'].askName });
  }

  /** A typed answer to the contact request's current question. */
  async text(context: TurnContext, data: ConversationData, text: string): Promise<void> {
    const contact = data.contact;
    if (!contact) return;
    const lang = data.lang ?? 'de';
    const texts = HANDOVER_TEXTS[lang];
    if (formCommandOf(text) === 'cancel') {
      data.contact = undefined;
      return this.host.send(context, data, { text: texts.contactCancelled });
    }
    switch (contact.step) {
      case 'name': {
        const name = parsePersonName(text);
        if (!name) return this.host.send(context, data, { text: texts.badName });
        data.contact = { ...contact, step: 'reach', name: `${name.givenName} ${name.familyName}` };
        return this.host.send(context, data, { text: texts.askReach });
      }
      case 'reach': {
        const email = parseEntity('email', text, { lang });
        const phone = email.status === 'ok' ? undefined : parseEntity('phone', text, { lang });
        if (email.status !== 'ok' && phone?.status !== 'ok')
          return this.host.send(context, data, { text: texts.badReach });
        data.contact = {
          ...contact,
          step: 'question',
          email: email.status === 'ok' ? email.entity.value : undefined,
          phone: phone?.status === 'ok' ? phone.entity.value : undefined,
        };
        return this.askQuestion(context, data, lang);
      }
      case 'question': {
        const question = text.trim();
        if (question.length < 3 || question.length > MAX_QUESTION_LENGTH) {
          return this.host.send(context, data, { text: texts.badQuestion });
        }
        data.contact = { ...contact, step: 'consent', question };
        return this.askConsent(context, data, lang);
      }
      case 'consent': {
        const yes = parseYesNo(text);
        if (yes === undefined) return this.askConsent(context, data, lang);
        return this.choice(context, data, yes ? 'consent' : 'decline');
      }
    }
  }

  private async askQuestion(context: TurnContext, data: ConversationData, lang: Language) {
    const texts = HANDOVER_TEXTS[lang];
    const last = data.lastQuestion;
    if (!last) return this.host.send(context, data, { text: texts.askQuestion });
    return this.host.send(context, data, {
      text: texts.useLastQuestion(last),
      choices: [{ title: texts.otherQuestion, value: { action: 'contact', op: 'useQuestion' } }],
    });
  }

  private async askConsent(context: TurnContext, data: ConversationData, lang: Language) {
    const texts = HANDOVER_TEXTS[lang];
    return this.host.send(context, data, {
      text: texts.askConsent(this.options.privacyUrl(context)),
      choices: [
        { title: texts.consentYes, value: { action: 'contact', op: 'consent' } },
        { title: texts.consentNo, value: { action: 'contact', op: 'decline' } },
      ],
    });
  }

  /** A button of the contact request: the last question as the request's, consent given or declined. */
  async choice(context: TurnContext, data: ConversationData, op: 'useQuestion' | 'consent' | 'decline'): Promise<void> {
    const lang = data.lang ?? 'de';
    const texts = HANDOVER_TEXTS[lang];
    const contact = data.contact;
    if (!contact) return this.host.send(context, data, { text: texts.declinedContact });
    if (op === 'useQuestion') {
      if (contact.step !== 'question' || !data.lastQuestion) return this.askQuestion(context, data, lang);
      data.contact = { ...contact, step: 'consent', question: data.lastQuestion };
      return this.askConsent(context, data, lang);
    }
    if (op === 'decline') {
      data.contact = undefined;
      return this.host.send(context, data, { text: texts.noConsent });
    }
    if (contact.step !== 'consent' || !contact.name || !contact.question || (!contact.email && !contact.phone)) {
      return this.host.send(context, data, { text: texts.askName });
    }
    try {
      const ticket = await this.options.tickets.createTicket({
        tenantId: this.host.tenantId(context),
        conversationId: context.activity.conversation.id,
        name: contact.name,
        email: contact.email,
        phone: contact.phone,
        question: contact.question,
        lang,
        topic: handoverTopic(this.host, context, data),
        consentAt: new Date().toISOString(),
      });
      data.contact = undefined;
      data.lastQuestion = undefined;
      await this.host.send(context, data, {
        text: texts.ticketCreated(ticket.number, contact.email ?? contact.phone ?? ''),
      });
    } catch {
      await this.host.send(context, data, { text: texts.ticketFailed });
    }
  }
}

/** What the chat is about, for the agents' queue and the ticket: the service of the form or of the last answer. */
export function handoverTopic(
  host: Pick<HandoverTurnHost, 'serviceTitle'>,
  context: TurnContext,
  data: ConversationData,
): HandoverTopic | undefined {
  const serviceId = data.draft?.serviceId ?? data.lastServiceId;
  if (!serviceId) return undefined;
  const title = host.serviceTitle(context, serviceId);
  return title ? { serviceId, title } : undefined;
}
