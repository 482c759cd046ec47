/**
 * What the widget keeps in the browser, all under `govbot.` keys and never in cookies:
 * - `govbot.token` (localStorage): the secret that resumes the conversation after a reload;
 * - `govbot.outbox` (localStorage): messages typed but not yet acknowledged by the server (text only, no files);
 * - `govbot.locale` (localStorage): the interface language the citizen chose;
 * - `govbot.open` (sessionStorage): whether the embedded chat panel was open, so a reload keeps it open.
 * "Chat löschen" removes the token and the outbox. Storage can be unavailable (privacy settings, sandboxed frames):
 * the widget then works without resuming.
 */
export const TOKEN_KEY = 'govbot.token';
const OUTBOX_KEY = 'govbot.outbox';
const LOCALE_KEY = 'govbot.locale';
const OPEN_KEY = 'govbot.open';

/** A message waiting for the server's acknowledgement, as kept across reloads. */
export interface StoredOutboxEntry {
  id: string;
  /** The activity as sent: `{ type: 'message', id, text?, value?, locale }`. */
  activity: { type: 'message'; id: string; text?: string; value?: unknown; locale?: string };
  display: string;
  /** ISO time the citizen sent it. */
  at: string;
}

export const readToken = () => read('localStorage', TOKEN_KEY);
export const writeToken = (token: string) => write('localStorage', TOKEN_KEY, token);

/** Removes the token; with `onlyIf`, only while it is still that token (another tab may have started a new one). */
export function clearToken(onlyIf?: string): void {
  if (onlyIf === undefined || readToken() === onlyIf) remove('localStorage', TOKEN_KEY);
}

export function readOutbox(): StoredOutboxEntry[] {
  try {
    const parsed: unknown = JSON.parse(read('localStorage', OUTBOX_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isOutboxEntry) : [];
  } catch {
    return [];
  }
}

export function writeOutbox(entries: StoredOutboxEntry[]): void {
  if (entries.length === 0) remove('localStorage', OUTBOX_KEY);
  else write('localStorage', OUTBOX_KEY, JSON.stringify(entries));
}

export const readChosenLocale = () => read('localStorage', LOCALE_KEY);
export const writeChosenLocale = (locale: string) => write('localStorage', LOCALE_KEY, locale);

export const readOpen = () => read('sessionStorage', OPEN_KEY) === 'true';
export const writeOpen = (open: boolean) =>
  open ? write('sessionStorage', OPEN_KEY, 'true') : remove('sessionStorage', OPEN_KEY);

function isOutboxEntry(value: unknown): value is StoredOutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<StoredOutboxEntry>;
  return (
    typeof entry.id === 'string' &&
    typeof entry.display === 'string' &&
    typeof entry.at === 'string' &&
    typeof entry.activity === 'object' &&
    entry.activity?.id === entry.id
  );
}

type Store = 'localStorage' | 'sessionStorage';

// Even reading `window.localStorage` throws where storage is blocked, hence the lookup inside the try.
function read(store: Store, key: string): string | undefined {
  try {
    return window[store].getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

function write(store: Store, key: string, value: string): void {
  try {
    window[store].setItem(key, value);
  } catch {
    // Full or blocked: the widget goes on without keeping it.
  }
}

function remove(store: Store, key: string): void {
  try {
    window[store].removeItem(key);
  } catch {
    // Blocked storage holds nothing to remove.
  }
}
