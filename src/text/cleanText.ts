import { z } from 'zod';

/**
 * A string schema that drops control characters before its other checks: chain them after it, as in
 * `cleanText().trim().min(1).max(2000)`, so that limits count what is kept.
 *
 * Free text from citizens and staff is cleaned where it enters, once, because PostgreSQL's `text` refuses NUL
 * (SQLite stores it): what reaches such a column as it was typed (an inbox entry, a file's name, a contact request)
 * would fail to be stored on one backend only. The other control characters go too: nobody types them, they mean
 * nothing in a chat, and they garble a transcript when shown or exported.
 */
export function cleanText(): z.ZodString {
  return z.string().overwrite(withoutControlCharacters);
}

/** The C0 control characters except tab, line feed and carriage return, and DEL. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is what this is for.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** `text` without the control characters; line breaks and tabs stay. */
export function withoutControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '');
}

/**
 * A JSON-like value (a button's payload, an activity) with the control characters dropped from every string in it;
 * keys and everything else stay as they are. For payloads the bot reads as a whole, such as a card form's answers.
 * Strings nested deeper than `MAX_DEPTH` are left as they are: no activity or form nests that deep, and a walk down
 * a crafted one (a request body of nested arrays) would overflow the stack.
 */
export function withoutControlCharactersIn(value: unknown): unknown {
  return cleanNode(value, 0);
}

const MAX_DEPTH = 64;

function cleanNode(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return withoutControlCharacters(value);
  if (depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((child) => cleanNode(child, depth + 1));
  // Only plain objects are walked: binary (a Buffer from a binary Socket.IO packet) or a class instance is no text,
  // and a Buffer would be walked byte by byte.
  if (value === null || typeof value !== 'object' || !PLAIN_PROTOTYPES.includes(Object.getPrototypeOf(value))) {
    return value;
  }
  // fromEntries defines own properties, so a `__proto__` key stays data and sets no prototype.
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, cleanNode(child, depth + 1)]));
}

const PLAIN_PROTOTYPES: unknown[] = [Object.prototype, null];
