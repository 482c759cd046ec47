/** The widget's UI texts. German is the default; English is chosen by `data-locale` or the page's `lang`. */
export type Locale = 'de' | 'en';

export interface Texts {
  title: string;
  logLabel: string;
  you: string;
  bot: string;
  inputLabel: string;
  placeholder: string;
  send: string;
  sending: string;
  /** Delivery state of a message typed while offline. */
  queued: string;
  sent: string;
  failed: string;
  retry: string;
  typing: string;
  suggestions: string;
  newWindow: string;
  disconnected: string;
  reconnectNow: string;
  upload: string;
  fileType(types: string): string;
  fileTooLarge(max: string): string;
  fileUnreadable: string;
  /** The header action that asks for a person of the service centre. */
  talkToPerson: string;
  cancelWait: string;
  /** Status line while waiting; position and minutes when the server knows them. */
  waiting(position?: number, minutes?: number): string;
  /** Status line while an agent has the chat. */
  connected(agentName?: string): string;
  /** Author line above an agent's message. */
  agentAuthor(agentName: string): string;
  agentTyping(agentName: string): string;
  /** The launcher button of an embedded widget. */
  openChat: string;
  closeChat: string;
  options: string;
  /** Name of the other interface language, written in that language (the switch offers it). */
  otherLanguage: string;
  download: string;
  erase: string;
  eraseQuestion: string;
  eraseConfirm: string;
  eraseCancel: string;
  eraseFailed: string;
  /** First line of a downloaded transcript. */
  transcriptHeading(date: string): string;
}

const de: Texts = {
  title: 'GovBot – Ihr Service-Assistent',
  logLabel: 'Unterhaltung',
  you: 'Sie',
  bot: 'GovBot',
  inputLabel: 'Ihre Nachricht',
  placeholder: 'Frage eingeben …',
  send: 'Senden',
  sending: 'wird gesendet',
  queued: 'wartet auf Verbindung',
  sent: 'gesendet',
  failed: 'fehlgeschlagen',
  retry: 'erneut senden',
  typing: 'GovBot schreibt …',
  suggestions: 'Antwortvorschläge',
  newWindow: '(öffnet in neuem Fenster)',
  disconnected: 'Verbindung unterbrochen. Neuer Verbindungsversuch läuft …',
  reconnectNow: 'Jetzt verbinden',
  upload: 'Datei hochladen',
  fileType: (types) => `Dieses Dateiformat geht hier nicht. Bitte wählen Sie eine Datei im Format ${types}.`,
  fileTooLarge: (max) => `Die Datei ist zu groß. Bitte wählen Sie eine Datei bis ${max}.`,
  fileUnreadable: 'Die Datei konnte nicht gelesen werden. Bitte versuchen Sie es noch einmal.',
  talkToPerson: 'Mit einem Menschen sprechen',
  cancelWait: 'Warten abbrechen',
  waiting: (position, minutes) =>
    details('Sie warten auf eine Mitarbeiterin oder einen Mitarbeiter', [
      position && `Position ${position}`,
      minutes && `etwa ${minutes} ${minutes === 1 ? 'Minute' : 'Minuten'}`,
    ]),
  connected: (name) => (name ? `Verbunden mit ${name} (Service-Center)` : 'Verbunden mit dem Service-Center'),
  agentAuthor: (name) => `${name} · Service-Center`,
  agentTyping: (name) => `${name} schreibt …`,
  openChat: 'Chat öffnen',
  closeChat: 'Chat schließen',
  options: 'Optionen',
  otherLanguage: 'English',
  download: 'Verlauf herunterladen',
  erase: 'Chat löschen',
  eraseQuestion: 'Die Unterhaltung wird auch auf dem Server gelöscht. Bereits gestellte Anträge bleiben erhalten.',
  eraseConfirm: 'Endgültig löschen',
  eraseCancel: 'Abbrechen',
  eraseFailed: 'Der Chat konnte nicht gelöscht werden. Bitte versuchen Sie es noch einmal.',
  transcriptHeading: (date) => `Unterhaltung mit GovBot, heruntergeladen am ${date}`,
};

const en: Texts = {
  title: 'GovBot – your service assistant',
  logLabel: 'Conversation',
  you: 'You',
  bot: 'GovBot',
  inputLabel: 'Your message',
  placeholder: 'Ask a question …',
  send: 'Send',
  sending: 'sending',
  queued: 'waiting for connection',
  sent: 'sent',
  failed: 'failed',
  retry: 'send again',
  typing: 'GovBot is typing …',
  suggestions: 'Suggested replies',
  newWindow: '(opens in a new window)',
  disconnected: 'Connection lost. Reconnecting …',
  reconnectNow: 'Reconnect now',
  upload: 'Upload a file',
  fileType: (types) => `This file type cannot be used here. Please choose a ${types} file.`,
  fileTooLarge: (max) => `The file is too large. Please choose a file of at most ${max}.`,
  fileUnreadable: 'The file could not be read. Please try again.',
  talkToPerson: 'Talk to a person',
  cancelWait: 'Stop waiting',
  waiting: (position, minutes) =>
    details('You are waiting for a member of staff', [
      position && `position ${position}`,
      minutes && `about ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`,
    ]),
  connected: (name) => (name ? `Connected with ${name} (service centre)` : 'Connected with the service centre'),
  agentAuthor: (name) => `${name} · service centre`,
  agentTyping: (name) => `${name} is typing …`,
  openChat: 'Open chat',
  closeChat: 'Close chat',
  options: 'Options',
  otherLanguage: 'Deutsch',
  download: 'Download transcript',
  erase: 'Delete chat',
  eraseQuestion: 'The conversation is deleted on the server too. Applications already submitted are kept.',
  eraseConfirm: 'Delete for good',
  eraseCancel: 'Cancel',
  eraseFailed: 'The chat could not be deleted. Please try again.',
  transcriptHeading: (date) => `Conversation with GovBot, downloaded on ${date}`,
};

const TEXTS: Record<Locale, Texts> = { de, en };

/**
 * Picks the locale: the citizen's own choice (`chosen`, from the language switch), else the element's `data-locale`,
 * else the document's `lang`, else German.
 */
export function resolveLocale(element: Element, chosen?: string): Locale {
  const requested = chosen || element.getAttribute('data-locale') || element.ownerDocument.documentElement.lang || 'de';
  return requested.toLowerCase().startsWith('en') ? 'en' : 'de';
}

export function otherLocale(locale: Locale): Locale {
  return locale === 'de' ? 'en' : 'de';
}

export function textsFor(locale: Locale): Texts {
  return TEXTS[locale];
}

/** `lead – detail, detail` with the details that are known. */
function details(lead: string, parts: (string | 0 | undefined)[]): string {
  const known = parts.filter(Boolean);
  return known.length ? `${lead} – ${known.join(', ')}` : lead;
}
