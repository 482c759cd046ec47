import type { Language } from '../catalogue/schema.js';
import type { HandoverReason } from '../handover/types.js';

/** What the bot says around a handover to the service centre and a contact request, in German and English. */
export interface HandoverTexts {
  reasonLead: Record<HandoverReason, string>;
  searching(position: number, waitMinutes: number): string;
  alreadyQueued(position: number | undefined): string;
  alreadyConnected(agentName: string): string;
  queueHint(position: number | undefined): string;
  cancelQueue: string;
  cancelled: string;
  accepted(agentName: string): string;
  transferred(agentName: string): string;
  /** Label of an agent's message on channels that cannot show a sender name. */
  agentLabel(agentName: string): string;
  requeued(position: number, waitMinutes: number): string;
  ended: string;
  closed(hours: string[], nextOpening: string | undefined): string;
  nobody: string;
  contactOffer: string;
  leaveContact: string;
  noThanks: string;
  declinedContact: string;
  askName: string;
  badName: string;
  askReach: string;
  badReach: string;
  askQuestion: string;
  useLastQuestion(question: string): string;
  otherQuestion: string;
  badQuestion: string;
  askConsent(privacyUrl: string): string;
  consentYes: string;
  consentNo: string;
  noConsent: string;
  ticketCreated(number: string, reach: string): string;
  ticketFailed: string;
  contactCancelled: string;
  formatDate(date: Date): string;
}

const BERLIN = 'Europe/Berlin';

export const HANDOVER_TEXTS: Record<Language, HandoverTexts> = {
  de: {
    reasonLead: {
      requested: 'Gern verbinde ich Sie mit einem Menschen aus unserem Service-Center.',
      misunderstood:
        'Ich habe Sie leider zweimal nicht verstanden. Damit Sie nicht weiter mit mir raten müssen, verbinde ich Sie mit einem Menschen aus unserem Service-Center.',
      upset:
        'Das tut mir leid, dass es gerade nicht gut läuft. Ich verbinde Sie mit einem Menschen aus unserem Service-Center.',
      form_failures:
        'Das klappt gerade nicht so, wie es soll. Ich verbinde Sie mit einem Menschen aus unserem Service-Center; Ihre bisherigen Angaben bleiben erhalten und sind dort sichtbar.',
    },
    searching: (position, minutes) =>
      `Ich suche eine Mitarbeiterin oder einen Mitarbeiter für Sie. Sie sind an **Position ${position}** der Warteschlange, die Wartezeit beträgt etwa **${minutes} ${minutes === 1 ? 'Minute' : 'Minuten'}**.\n\n` +
      'Sie können Ihr Anliegen schon hier schildern; die Person, die Ihren Chat übernimmt, sieht den bisherigen Verlauf.',
    alreadyQueued: (position) =>
      position === undefined
        ? 'Sie warten bereits auf eine Mitarbeiterin oder einen Mitarbeiter.'
        : `Sie warten bereits auf eine Mitarbeiterin oder einen Mitarbeiter, an Position ${position}.`,
    alreadyConnected: (name) => `Sie sind bereits mit ${name} vom Service-Center verbunden.`,
    queueHint: (position) =>
      `Ihre Nachricht ist gespeichert; die Person, die Ihren Chat übernimmt, sieht sie.${position === undefined ? '' : ` Sie sind an Position ${position}.`}`,
    cancelQueue: 'Warten abbrechen',
    cancelled: 'In Ordnung, Sie warten nicht mehr. Ich bin wieder für Sie da: Was kann ich für Sie tun?',
    accepted: (name) =>
      `Sie sind jetzt mit **${name}** vom Service-Center verbunden. Ab hier schreibt Ihnen ein Mensch; der digitale Assistent pausiert.`,
    transferred: (name) => `Ihr Chat wurde an **${name}** vom Service-Center weitergegeben.`,
    agentLabel: (name) => `${name} (Service-Center)`,
    requeued: (position, minutes) =>
      `Die Verbindung zu Ihrer Ansprechperson ist abgebrochen. Sie sind wieder in der Warteschlange, an Position ${position} (etwa ${minutes} ${minutes === 1 ? 'Minute' : 'Minuten'}).`,
    ended:
      'Das Gespräch mit dem Service-Center ist beendet. Ab jetzt antwortet Ihnen wieder der digitale Assistent, ein automatisiertes System. Kann ich noch etwas für Sie tun?',
    closed: (hours, next) =>
      'Unser Service-Center ist gerade nicht besetzt.' +
      (hours.length > 0 ? ` Es ist erreichbar: ${hours.join(', ')}.` : '') +
      (next ? ` Wieder für Sie da ist es ${next}.` : '') +
      ' Sie erreichen die Verwaltung auch über die Behördennummer **115**.',
    nobody:
      'Gerade ist leider niemand im Service-Center für den Chat erreichbar. Sie erreichen die Verwaltung über die Behördennummer **115**.',
    contactOffer:
      'Möchten Sie eine Kontaktanfrage hinterlassen? Dann meldet sich das Service-Center bei Ihnen, per E-Mail oder Telefon.',
    leaveContact: 'Kontaktanfrage hinterlassen',
    noThanks: 'Nein, danke',
    declinedContact: 'In Ordnung. Ich bin weiter für Ihre Fragen da.',
    askName: 'Wie ist Ihr Name? (Vor- und Nachname)',
    badName: 'Das konnte ich nicht als Namen lesen. Bitte nennen Sie Vor- und Nachnamen, zum Beispiel „Maria Schmidt“.',
    askReach: 'Wie können wir Sie erreichen? Bitte nennen Sie eine E-Mail-Adresse oder eine Telefonnummer.',
    badReach:
      'Das ist weder eine E-Mail-Adresse noch eine Telefonnummer, die ich verwenden kann. Beispiel: „maria.schmidt@example.org“ oder „0170 1234567“.',
    askQuestion: 'Worum geht es? Beschreiben Sie Ihr Anliegen bitte in ein, zwei Sätzen.',
    useLastQuestion: (question) => `Geht es um Ihre Frage „${question}“? Sonst schreiben Sie Ihr Anliegen einfach neu.`,
    otherQuestion: 'Ja, darum geht es',
    badQuestion: 'Bitte beschreiben Sie Ihr Anliegen in ein paar Worten (höchstens 1000 Zeichen).',
    askConsent: (privacyUrl) =>
      'Dürfen wir Ihren Namen, Ihre Kontaktangabe und Ihr Anliegen speichern, um Sie zu kontaktieren? ' +
      `Wir verwenden die Angaben nur dafür und löschen sie nach der Bearbeitung. [Datenschutzhinweise](${privacyUrl})`,
    consentYes: 'Ja, ich willige ein',
    consentNo: 'Nein',
    noConsent:
      'Ohne Ihre Einwilligung speichere ich keine Kontaktanfrage; Ihre Angaben sind verworfen. Sie erreichen die Verwaltung über die Behördennummer **115**.',
    ticketCreated: (number, reach) =>
      `Danke! Ihre Kontaktanfrage hat die Nummer **${number}**. Das Service-Center meldet sich bei Ihnen (${reach}), sobald es wieder besetzt ist.`,
    ticketFailed:
      'Ihre Kontaktanfrage konnte ich gerade nicht speichern. Bitte versuchen Sie es später noch einmal oder rufen Sie die **115** an.',
    contactCancelled: 'In Ordnung, ich habe die Kontaktanfrage verworfen.',
    formatDate: (date) =>
      `am ${new Intl.DateTimeFormat('de-DE', { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: BERLIN }).format(date)} Uhr`,
  },
  en: {
    reasonLead: {
      requested: 'I will gladly connect you with a person from our service centre.',
      misunderstood:
        'Sorry, I did not understand you twice in a row. So that you do not have to keep guessing with me, I am connecting you with a person from our service centre.',
      upset: 'I am sorry this is not going well. I am connecting you with a person from our service centre.',
      form_failures:
        'This is not working as it should. I am connecting you with a person from our service centre; your answers so far are kept and they can see them.',
    },
    searching: (position, minutes) =>
      `I am looking for a member of staff for you. You are at **position ${position}** in the queue; the wait is about **${minutes} ${minutes === 1 ? 'minute' : 'minutes'}**.\n\n` +
      'You can already describe your request here; the person who takes your chat sees the conversation so far.',
    alreadyQueued: (position) =>
      position === undefined
        ? 'You are already waiting for a member of staff.'
        : `You are already waiting for a member of staff, at position ${position}.`,
    alreadyConnected: (name) => `You are already connected with ${name} from the service centre.`,
    queueHint: (position) =>
      `Your message is saved; the person who takes your chat will see it.${position === undefined ? '' : ` You are at position ${position}.`}`,
    cancelQueue: 'Stop waiting',
    cancelled: 'All right, you are no longer waiting. I am here for you again: how can I help?',
    accepted: (name) =>
      `You are now connected with **${name}** from the service centre. From here on a person is writing to you; the digital assistant is paused.`,
    transferred: (name) => `Your chat was passed on to **${name}** from the service centre.`,
    agentLabel: (name) => `${name} (service centre)`,
    requeued: (position, minutes) =>
      `The connection to your contact person was lost. You are back in the queue, at position ${position} (about ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}).`,
    ended:
      'The conversation with the service centre has ended. From now on the digital assistant, an automated system, answers you again. Is there anything else I can do for you?',
    closed: (hours, next) =>
      'Our service centre is not staffed right now.' +
      (hours.length > 0 ? ` Its hours are: ${hours.join(', ')}.` : '') +
      (next ? ` It is back ${next}.` : '') +
      ' You can also reach the administration via the public service number **115**.',
    nobody:
      'Unfortunately nobody in the service centre is available for the chat right now. You can reach the administration via the public service number **115**.',
    contactOffer:
      'Would you like to leave a contact request? The service centre will then get back to you by e-mail or phone.',
    leaveContact: 'Leave a contact request',
    noThanks: 'No, thanks',
    declinedContact: 'All right. I am still here for your questions.',
    askName: 'What is your name? (first and last name)',
    badName: 'I could not read that as a name. Please give your first and last name, for example "Maria Schmidt".',
    askReach: 'How can we reach you? Please give an e-mail address or a phone number.',
    badReach:
      'That is neither an e-mail address nor a phone number I can use. Example: "maria.schmidt@example.org" or "0170 1234567".',
    askQuestion: 'What is it about? Please describe your request in a sentence or two.',
    useLastQuestion: (question) => `Is it about your question "${question}"? Otherwise just write your request.`,
    otherQuestion: 'Yes, that is it',
    badQuestion: 'Please describe your request in a few words (at most 1000 characters).',
    askConsent: (privacyUrl) =>
      'May we store your name, your contact details and your request in order to contact you? ' +
      `We use them only for that and delete them once your request is dealt with. [Privacy notice](${privacyUrl})`,
    consentYes: 'Yes, I agree',
    consentNo: 'No',
    noConsent:
      'Without your consent I do not store a contact request; your details have been discarded. You can reach the administration via the public service number **115**.',
    ticketCreated: (number, reach) =>
      `Thank you! Your contact request has the number **${number}**. The service centre will get back to you (${reach}) as soon as it is staffed again.`,
    ticketFailed:
      'I could not save your contact request just now. Please try again later or call the public service number **115**.',
    contactCancelled: 'All right, I have discarded the contact request.',
    formatDate: (date) =>
      `on ${new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: BERLIN }).format(date)}`,
  },
};

/** Minutes for a wait in seconds, at least one. */
export function waitMinutes(seconds: number): number {
  return Math.max(1, Math.round(seconds / 60));
}
