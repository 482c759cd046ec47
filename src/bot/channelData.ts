import { z } from 'zod';

/**
 * What GovBot adds to its outgoing activities under `channelData.govbot`, for clients that can use it: the widget
 * shows a file picker when a file is expected; tests and the agent console see where a form dialog stands.
 */
export const GovBotChannelData = z.object({
  /** The answer the bot waits for, when it is not plain text. */
  expect: z
    .object({
      kind: z.literal('file'),
      accept: z.array(z.string()),
      maxBytes: z.number().int().positive(),
    })
    .optional(),
  /** The form dialog this message belongs to. */
  dialog: z
    .object({
      id: z.string(),
      /** The field asked for, e.g. `dogs[0].name`; absent at the summary and after the end. */
      field: z.string().optional(),
      /** `asking` a field, `invalid` answer re-prompted, `summary`, `submitted`, `cancelled`, `exited`, `resumed`. */
      state: z.enum(['asking', 'invalid', 'summary', 'submitted', 'cancelled', 'exited', 'paused']),
      /** Why the last answer was not used (parse failure code or `rule`), with `invalid`. */
      reason: z.string().optional(),
    })
    .optional(),
  /**
   * Where a handover to the service centre stands: `queued` (with place and estimated wait), `connected` (with the
   * agent's name), `ended`, or `unavailable` (nobody can take the chat now).
   */
  handover: z
    .object({
      state: z.enum(['queued', 'connected', 'ended', 'unavailable']),
      position: z.number().int().positive().optional(),
      waitSeconds: z.number().int().nonnegative().optional(),
      agentName: z.string().optional(),
    })
    .optional(),
  /** The message (or typing indicator) is from a person of the service centre, not from the bot. */
  agent: z.object({ name: z.string() }).optional(),
});
export type GovBotChannelData = z.infer<typeof GovBotChannelData>;
