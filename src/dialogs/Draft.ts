import { z } from 'zod';

/** A field's place in the answers: `ownerName`, or `dogs[1].name` inside a group. */
export type FieldPath = string;

/** What the dialog waits for. */
export const Pending = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('field'), path: z.string() }),
  /** "Möchten Sie einen weiteren Hund anmelden?" */
  z.object({ kind: z.literal('addAnother'), group: z.string() }),
  z.object({ kind: z.literal('summary') }),
  /** An answer ruled the application out; the citizen may change it or cancel. */
  z.object({ kind: z.literal('exit'), index: z.number().int().min(0) }),
]);
export type Pending = z.infer<typeof Pending>;

/**
 * A form being filled: kept in the conversation state, so it survives reloads, reconnects and restarts. Answers are
 * JSON (groups as arrays of objects); a field that is not in `values` has not been answered, `null` means skipped.
 */
export const Draft = z.object({
  dialogId: z.string(),
  /** The dialog file's fingerprint when the draft was started. */
  fingerprint: z.string(),
  /** The catalogue entry it was started from. */
  serviceId: z.string(),
  /**
   * Whether the citizen chose that entry (a button of its answer), rather than the understanding guessing it from
   * a message: only a chosen one is `$service` in expressions, so a guess never answers a question.
   */
  serviceChosen: z.boolean().default(true),
  /** Idempotency key: submitting this draft twice stores one application. */
  submissionKey: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  values: z.record(z.string(), z.unknown()).default({}),
  /** Paths in the order they were answered, for "zurück". */
  history: z.array(z.string()).default([]),
  /** Paths taken without asking (from the first message, earlier answers or a prefill). */
  prefilled: z.array(z.string()).default([]),
  /** Groups the citizen said "no more" to. */
  closedGroups: z.array(z.string()).default([]),
  pending: Pending,
  /** After a change from the summary, go back to the summary rather than on through the form. */
  returnToSummary: z.boolean().default(false),
  /** Unusable answers in a row to the pending question. */
  failures: z.number().int().min(0).default(0),
  /** Waiting for "really cancel?". */
  confirmingCancel: z.boolean().default(false),
  /** Offered one-tap answers by path (from earlier answers or the profile). */
  suggestions: z.record(z.string(), z.unknown()).default({}),
});
export type Draft = z.infer<typeof Draft>;

/** `dogs[1].name` → { group: 'dogs', index: 1, field: 'name' }; `ownerName` → { field: 'ownerName' }. */
export function splitPath(path: FieldPath): { group?: string; index?: number; field: string } {
  const match = /^([a-zA-Z0-9]+)\[(\d+)\]\.([a-zA-Z0-9]+)$/.exec(path);
  if (match?.[1] && match[2] && match[3]) return { group: match[1], index: Number(match[2]), field: match[3] };
  return { field: path };
}

export function itemPath(group: string, index: number, field: string): FieldPath {
  return `${group}[${index}].${field}`;
}
