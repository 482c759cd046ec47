import { FORM_TEXTS } from '../../src/dialogs/texts.js';
import type { HandoverOutcome, HandoverReason, HandoverStatus, TicketStatus } from '../../src/handover/types.js';

/** The console's German wording for the protocol's codes. */
export const REASON_LABELS: Record<HandoverReason, string> = {
  requested: 'Wunsch nach Mensch',
  misunderstood: 'Nicht verstanden',
  upset: 'Verärgert',
  form_failures: 'Probleme im Formular',
};

export const STATUS_LABELS: Record<HandoverStatus, string> = {
  queued: 'wartet',
  connected: 'verbunden',
  completed: 'beendet',
  cancelled: 'abgebrochen',
  failed: 'nicht angenommen',
};

/** In the order the outcome select offers them. */
export const OUTCOME_LABELS: Record<HandoverOutcome, string> = {
  resolved: 'Erledigt',
  forwarded: 'An Fachamt weitergeleitet',
  callback: 'Rückruf vereinbart',
  no_response: 'Keine Antwort mehr',
  abusive: 'Missbräuchlich',
  other: 'Sonstiges',
};

export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
  open: 'Offen',
  in_progress: 'In Bearbeitung',
  done: 'Erledigt',
};

export const PRESENCE_LABELS = { online: 'Online', away: 'Abwesend', offline: 'Offline' } as const;

const LANGUAGE_LABELS: Record<string, string> = { de: 'Deutsch', en: 'Englisch' };

const CHANNEL_LABELS: Record<string, string> = {
  'govbot-web': 'Web-Chat',
  webchat: 'Web Chat',
  directline: 'Direct Line',
  msteams: 'Teams',
  emulator: 'Emulator',
  telegram: 'Telegram',
  facebook: 'Facebook',
  slack: 'Slack',
  sms: 'SMS',
  email: 'E-Mail',
};

/** What the server's error codes mean to an agent; unknown codes (a form's problem text) are shown as they are. */
const ERROR_LABELS: Record<string, string> = {
  not_found: 'Diesen Chat gibt es nicht mehr.',
  taken: 'Dieser Chat wurde bereits übernommen.',
  not_yours: 'Dieser Chat ist einer anderen Person zugeordnet.',
  not_connected: 'Dieser Chat ist nicht mehr verbunden.',
  capacity: 'Sie haben bereits die höchste Zahl gleichzeitiger Chats.',
  away: 'Im Status „Abwesend“ ist das nicht möglich.',
  unknown_agent: 'Diese Person ist nicht online.',
  not_their_tenant: 'Diese Person ist nicht für die Kommune dieses Chats zuständig.',
  invalid: 'Die Eingabe wurde nicht angenommen.',
  invalid_request: 'Die Anfrage war ungültig.',
  no_form: 'Es ist kein Formular in Bearbeitung.',
  unknown_field: 'Dieses Feld gibt es im Formular nicht.',
  file_not_expected: 'Dateien kann nur der Bürger / die Bürgerin selbst hochladen.',
  timeout: 'Der Server hat nicht rechtzeitig geantwortet. Bitte versuchen Sie es noch einmal.',
  internal_error: 'Auf dem Server ist ein Fehler aufgetreten.',
  unauthenticated: 'Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich neu an.',
  forbidden: 'Dafür fehlt Ihrem Konto die Berechtigung.',
  csrf: 'Die Sitzung ist nicht mehr gültig. Bitte laden Sie die Seite neu.',
  network: 'Der Server ist nicht erreichbar.',
};

export function languageLabel(lang: string): string {
  return LANGUAGE_LABELS[lang] ?? lang;
}

export function channelLabel(channel: string): string {
  return CHANNEL_LABELS[channel] ?? channel;
}

/** An error code in German: the console's own, else a form's reason for refusing an answer, else as it is. */
export function errorLabel(code: string): string {
  return ERROR_LABELS[code] ?? FORM_TEXTS.de.problems[code] ?? code;
}

/** "3:07" or "1:02:07": a waiting time that ticks every second. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Time of day for today, date and time before. */
export function formatTime(iso: string | undefined): string {
  const time = iso ? new Date(iso) : new Date();
  if (Number.isNaN(time.getTime())) return '';
  const today = new Date().toDateString() === time.toDateString();
  const options: Intl.DateTimeFormatOptions = today
    ? { hour: '2-digit', minute: '2-digit' }
    : { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat('de-DE', options).format(time);
}
