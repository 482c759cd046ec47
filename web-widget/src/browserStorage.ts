/**
 * What the widget keeps in the browser, all under `govbot.` keys and never in cookies. What belongs to one
 * conversation is kept per server and tenant (`<scope>` = `@<server origin>/<tenant>`, see `storageScope`), so that
 * two municipalities' widgets on one site never resume, or send into, each other's conversation:
 * - `govbot.token<scope>` (localStorage): the secret that resumes the conversation after a reload;
 * - `govbot.outbox<scope>` (localStorage): messages typed but not yet acknowledged by the server (text only, no files);
 * - `govbot.branding<scope>` (localStorage): the tenant's branding from the last session, so that the launcher wears
 *   it before the chat connects;
 * - `govbot.open<scope>` (sessionStorage): whether the embedded chat panel was open, so a reload keeps it open;
 * - `govbot.locale` (localStorage): the interface language the citizen chose, for every widget.
 * "Chat löschen" removes the token and the outbox. Storage can be unavailable (privacy settings, sandboxed frames):
 * the widget then works without resuming.
 */
const TOKEN_KEY = 'govbot.token';
const OUTBOX_KEY = 'govbot.outbox';
const BRANDING_KEY = 'govbot.branding';
const LOCALE_KEY = 'govbot.locale';
const OPEN_KEY = 'govbot.open';
const DEFAULT_TENANT = 'default';

/** A message waiting for the server's acknowledgement, as kept across reloads. */
export interface StoredOutboxEntry {
  id: string;
  /** The activity as sent: `{ type: 'message', id, text?, value?, locale }`. */
  activity: { type: 'message'; id: string; text?: string; value?: unknown; locale?: string };
  display: string;
  /** ISO time the citizen sent it. */
  at: string;
}

/** Whose conversation a widget holds: its server's (undefined: the page's origin) and its tenant's. */
export function storageScope(serverUrl: string | undefined, tenant: string | undefined): string {
  return `@${serverUrl ?? location.origin}/${tenant ?? DEFAULT_TENANT}`;
}

export const readToken = (scope: string) => readScoped(TOKEN_KEY, scope);
export const writeToken = (scope: string, token: string) => write('localStorage', TOKEN_KEY + scope, token);

/** Removes the token; with `onlyIf`, only while it is still that token (another tab may have started a new one). */
export function clearToken(scope: string, onlyIf?: string): void {
  if (onlyIf === undefined || readToken(scope) === onlyIf) remove('localStorage', TOKEN_KEY + scope);
}

export function readOutbox(scope: string): StoredOutboxEntry[] {
  const parsed = readJson(readScoped(OUTBOX_KEY, scope));
  return Array.isArray(parsed) ? parsed.filter(isOutboxEntry) : [];
}

export function writeOutbox(scope: string, entries: StoredOutboxEntry[]): void {
  if (entries.length === 0) remove('localStorage', OUTBOX_KEY + scope);
  else write('localStorage', OUTBOX_KEY + scope, JSON.stringify(entries));
}

/** The tenant's branding as the server last sent it; not checked here (see `tenantBranding`). */
export const readBranding = (scope: string): unknown => readJson(read('localStorage', BRANDING_KEY + scope));
export const writeBranding = (scope: string, branding: unknown) =>
  write('localStorage', BRANDING_KEY + scope, JSON.stringify(branding));

export const readChosenLocale = () => read('localStorage', LOCALE_KEY);
export const writeChosenLocale = (locale: string) => write('localStorage', LOCALE_KEY, locale);

export const readOpen = (scope: string) => read('sessionStorage', OPEN_KEY + scope) === 'true';
export const writeOpen = (scope: string, open: boolean) =>
  open ? write('sessionStorage', OPEN_KEY + scope, 'true') : remove('sessionStorage', OPEN_KEY + scope);

/**
 * A value of this scope; for the default tenant, one kept before values had scopes (`govbot.token` alone) is taken
 * over once, so that an update does not cost a single city's citizens their open conversation. Another tenant's
 * widget never takes it: the old value can only have been the default tenant's.
 */
function readScoped(key: string, scope: string): string | undefined {
  const value = read('localStorage', key + scope);
  if (value !== undefined || !scope.endsWith(`/${DEFAULT_TENANT}`)) return value;
  const legacy = read('localStorage', key);
  if (legacy !== undefined) {
    write('localStorage', key + scope, legacy);
    remove('localStorage', key);
  }
  return legacy;
}

function readJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

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
