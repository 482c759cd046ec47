/**
 * Narrowing helpers for payloads from the server. The widget cannot afford zod in its bundle,
 * so every field of a card or activity is read through these instead of being cast.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a non-empty string, otherwise undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The value when it is an array, otherwise an empty array. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value when it is one of the allowed strings (compared case-insensitively), otherwise undefined. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return allowed.find((option) => option.toLowerCase() === lower);
}
